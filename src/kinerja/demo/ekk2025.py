"""EKK 2025 Kota Yogyakarta: the cycle in its F01 stage, with its 25-person team from 15 bodies
assigned to the 14 kemantren, and a few kemantren part-way through their F01."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.text import slugify

from kinerja.accounts.services import ensure_user
from kinerja.cycles import services
from kinerja.cycles.enums import MemberRole, TeamRole
from kinerja.cycles.models import Cycle, ParticipantMember
from kinerja.demo.tenants import organiser_for
from kinerja.instruments.queries import find_version
from kinerja.units.models import Unit

CYCLE_NAME = "EKK 2025 Kota Yogyakarta"
# The 15 bodies of the evaluation team (REFERENCE.md §7) by short name, in team order; the first
# ten send two members, the last five one: 25 people.
TEAM_BODIES = [
    "Tapem",
    "Bappeda",
    "Satpol PP",
    "DP3AP2KB",
    "DLH",
    "Dinkes",
    "Disdikpora",
    "Diskominfosan",
    "Disdukcapil",
    "DPMPTSP",
    "BKPSDM",
    "Kesbangpol",
    "Dinsosnakertrans",
    "Adbang",
    "Organisasi",
]
POSITIONS = [
    "Kepala Bidang",
    "Analis Kebijakan Ahli Muda",
    "Kepala Subbagian",
    "Perencana Ahli Muda",
]


def _stage_start_for_open_f01(version) -> dt.date:
    """Start the first stage so that the F01 (pengisian) stage is open today."""
    today = timezone.localdate()
    offset = 0
    for spec in version.definition.stages:
        days = spec.days or services.DEFAULT_STAGE_DAYS
        if spec.kind == "pengisian":
            return today - dt.timedelta(days=offset + min(5, max(days // 2, 0)))
        offset += days
    return today


def ensure_kemantren_people(cycle: Cycle, password: str) -> None:
    """Each kemantren's operator and Mantri Pamong Praja (the same accounts every year)."""
    participants = {p.unit.short_name: p for p in cycle.participants.select_related("unit")}
    for short, participant in participants.items():
        slug = slugify(short).replace("-", "")
        for role, prefix, title in (
            (MemberRole.OPERATOR, "op", "Operator SI KEREN"),
            (MemberRole.HEAD, "mantri", "Mantri Pamong Praja"),
        ):
            user = ensure_user(
                username=f"{prefix}.{slug}",
                password=password,
                full_name=f"{title} {short}",
                position=f"{title} Kemantren {short}",
            )
            ParticipantMember.objects.get_or_create(participant=participant, user=user, role=role)


def ensure_team(cycle: Cycle, *, organiser, password: str) -> None:
    """The 25-person Tim Evaluasi from the 15 bodies (once): ``ketua.tim`` chairs, ``penilai.02``
    to ``penilai.25`` are members (the same accounts every year)."""
    if cycle.team.exists():
        return
    bodies = {
        u.short_name: u
        for u in Unit.objects.filter(region__code="34.71", short_name__in=TEAM_BODIES)
    }
    number = 0
    for index, short in enumerate(TEAM_BODIES):
        for seat in range(2 if index < 10 else 1):
            number += 1
            chair = number == 1
            user = ensure_user(
                username="ketua.tim" if chair else f"penilai.{number:02d}",
                password=password,
                full_name=(
                    "Asisten Pemerintahan dan Kesejahteraan Rakyat"
                    if chair
                    else f"Penilai {number:02d} ({short})"
                ),
            )
            services.add_team_member(
                cycle,
                user=user,
                by=organiser,
                agency=bodies[short],
                position=(
                    "Asisten Pemerintahan dan Kesejahteraan Rakyat"
                    if chair
                    else POSITIONS[(index + seat) % len(POSITIONS)]
                ),
                role=TeamRole.CHAIR if chair else TeamRole.MEMBER,
            )


def load_ekk2025(password: str) -> tuple[Cycle, list[tuple[str, str]]]:
    """Create (once) the EKK 2025 cycle; returns it and the demo logins it adds."""
    logins: list[tuple[str, str]] = []
    version = find_version("ekk-yogyakarta")
    organiser = organiser_for("penyelenggara", password)
    tapem = Unit.objects.get(region__code="34.71", short_name="Tapem")
    cycle = Cycle.objects.filter(name=CYCLE_NAME).first()
    if cycle is None:
        cycle = services.create_cycle(
            version=version,
            name=CYCLE_NAME,
            year=2025,
            organiser_unit=tapem,
            starts_on=_stage_start_for_open_f01(version),
            by=organiser,
            decree_number=(
                "Keputusan Wali Kota Yogyakarta tentang Tim Evaluasi Kinerja Kemantren 2025"
            ),
            principles="transparansi, akuntabilitas, partisipatif, sinergitas",
            description=(
                "Evaluasi kinerja tahunan 14 kemantren Kota Yogyakarta "
                "(Perwal Yogyakarta 59/2023): pengisian data dukung, paparan Mantri Pamong Praja, "
                "verifikasi lapangan, penetapan."
            ),
        )
    kemantren = Unit.objects.filter(region__code="34.71", kind="kemantren").order_by("code")
    services.add_participants(cycle, kemantren, by=organiser)
    ensure_kemantren_people(cycle, password)
    logins += [
        ("op.mantrijeron", "Unit operator"),
        ("mantri.mantrijeron", "Unit head"),
        ("op.kraton", "Unit operator"),
    ]

    ensure_team(cycle, organiser=organiser, password=password)
    if not cycle.assignments.exists():
        services.assign_automatically(cycle, k=3, min_agencies=3, by=organiser)
    logins += [("ketua.tim", "Team chair"), ("penilai.02", "Evaluator")]
    return cycle, logins
