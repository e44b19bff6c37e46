"""PEKPPP Mandiri Jakarta Pusat 2023: the whole PEKPPP path for Suku Dinas Sosial and Kecamatan
Sawah Besar — F01 submitted, field observation, F02 by two evaluators, recommendations, and the
berita acara signed by every party.

The demo replays the process through the same services people use, each step inside the stage
that allows it: the stage plan is moved to "now" for each step (as an organiser would extend a
stage), and the real 2023 calendar (evaluation on Monday 24 July 2023) is written at the end.
Every step is audited like real work.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

from kinerja.accounts.services import ensure_user
from kinerja.assessments import services as f01
from kinerja.assessments.queries import scope_for
from kinerja.cycles import services as cycles
from kinerja.cycles.enums import MemberRole, TeamRole
from kinerja.cycles.models import Cycle, ParticipantMember
from kinerja.demo.calendar import WIB, lay_stages
from kinerja.demo.f01 import minimal_pdf
from kinerja.demo.tenants import organiser_for
from kinerja.instruments.queries import find_version
from kinerja.minutes import services as berita_acara
from kinerja.results.compute import deferred_recompute, recompute_cycle
from kinerja.reviews.services import record_review
from kinerja.units.models import Unit
from kinerja.visits import services as visits
from kinerja.visits.enums import AttendeeCategory

CYCLE_NAME = "PEKPPP Mandiri Jakarta Pusat 2023"
# Levels 0–5 per indicator (1…30): a plausible, internally consistent picture of each unit.
LEVELS = {
    "Sudin Sosial": [
        4,
        3,
        4,
        3,
        5,
        4,
        3,
        3,
        3,
        4,
        4,
        3,
        3,
        4,
        4,
        4,
        3,
        3,
        3,
        4,
        4,
        3,
        3,
        3,
        4,
        4,
        3,
        3,
        3,
        2,
    ],
    "Sawah Besar": [
        5,
        4,
        4,
        4,
        5,
        4,
        4,
        3,
        4,
        4,
        4,
        4,
        3,
        4,
        4,
        4,
        4,
        4,
        3,
        4,
        4,
        4,
        4,
        3,
        4,
        5,
        4,
        4,
        4,
        3,
    ],
}
OBSERVATIONS = {
    "a": (
        "Standar pelayanan dan maklumat terpasang di ruang tunggu; "
        "hasil SKM 2022 belum dipublikasikan."
    ),
    "b": "Petugas berseragam dan menerapkan budaya pelayanan; belum ada mekanisme penghargaan.",
    "c": (
        "Ruang tunggu nyaman; fasilitas bagi penyandang disabilitas perlu dilengkapi (ram, toilet)."
    ),
    "d": "Informasi pelayanan tersedia daring; data kanal belum diperbarui berkala.",
    "e": "Pengaduan diterima melalui SP4N-LAPOR!; tindak lanjut belum didokumentasikan lengkap.",
    "f": (
        "Terdapat inovasi layanan; dukungan anggaran dan SDM untuk keberlanjutan perlu ditetapkan."
    ),
}
RECOMMENDATIONS = [
    ("a", "Publikasikan hasil SKM dan rencana tindak lanjutnya di media pelayanan."),
    ("c", "Lengkapi sarana bagi kelompok rentan: ram, toilet khusus, dan kursi roda."),
    ("e", "Dokumentasikan tindak lanjut setiap pengaduan beserta waktunya."),
]


def _plan(cycle: Cycle, open_kind: str | None, *, by) -> None:
    """Lay the stages so that ``open_kind`` runs now (None: the real 2023 calendar, with the
    evaluation day on Monday 24 July 2023)."""
    if open_kind is None:
        lay_stages(cycle, "verifikasi_lapangan", at=dt.datetime(2023, 7, 24, tzinfo=WIB), by=by)
    else:
        lay_stages(cycle, open_kind, by=by)


def load_pekppp2023(password: str) -> Cycle:
    """Create (once) the PEKPPP Mandiri cycle of Jakarta Pusat with its whole path done."""
    existing = Cycle.objects.filter(name=CYCLE_NAME).first()
    if existing is not None:
        return existing
    organiser = organiser_for("penyelenggara.jakpus", password)
    kkpp = Unit.objects.get(short_name="Bagian KKPP")
    setko = Unit.objects.get(short_name="Setko Jakpus")
    cycle = cycles.create_cycle(
        version=find_version("pekppp-skm"),
        name=CYCLE_NAME,
        year=2023,
        organiser_unit=kkpp,
        starts_on=dt.date(2023, 6, 26),
        by=organiser,
        decree_number="Keputusan Wali Kota Administrasi Jakarta Pusat tentang Tim Evaluator PEKPPP",
        principles="akuntabel, transparan, partisipatif",
        description=(
            "Evaluasi mandiri penyelenggaraan pelayanan publik (PermenPANRB 29/2022 jo. 4/2023) "
            "atas Suku Dinas Sosial dan Kecamatan Sawah Besar."
        ),
    )
    units = {
        "Sudin Sosial": Unit.objects.get(short_name="Sudin Sosial"),
        "Sawah Besar": Unit.objects.get(short_name="Sawah Besar", kind="kecamatan"),
    }
    cycles.add_participants(cycle, units.values(), by=organiser)
    participants = {p.unit.short_name: p for p in cycle.participants.select_related("unit")}
    people = {}
    for short, participant in participants.items():
        slug = "sudinsos" if short == "Sudin Sosial" else "sawahbesar"
        for role, prefix, title in (
            (MemberRole.OPERATOR, "op", "Operator"),
            (MemberRole.HEAD, "kepala", "Kepala Suku Dinas" if slug == "sudinsos" else "Camat"),
        ):
            user = ensure_user(
                username=f"{prefix}.{slug}", password=password, full_name=f"{title} {short}"
            )
            ParticipantMember.objects.get_or_create(participant=participant, user=user, role=role)
            people[(short, role)] = user
    chair_user = ensure_user(
        username="asisten.jakpus",
        password=password,
        full_name="Asisten Pemerintahan Setko Administrasi Jakarta Pusat",
    )
    cycles.add_team_member(
        cycle,
        user=chair_user,
        agency=setko,
        position="Asisten Pemerintahan",
        role=TeamRole.CHAIR,
        by=organiser,
    )
    evaluators = [
        cycles.add_team_member(
            cycle,
            user=ensure_user(
                username=f"evaluator.kkpp{i}",
                password=password,
                full_name=f"Evaluator {i} Bagian KKPP",
            ),
            agency=kkpp,
            position="Analis Kebijakan",
            by=organiser,
        )
        for i in (1, 2)
    ]
    for participant in participants.values():
        for evaluator in evaluators:
            cycles.assign(cycle, evaluator=evaluator, participant=participant, by=organiser)

    # F01: the units answer every indicator, upload evidence and their heads submit.
    _plan(cycle, "pengisian", by=organiser)
    scope = scope_for(cycle)
    refs = [i.ref for aspect in scope.aspects for i in aspect.indicators if i.scored]
    for short, participant in participants.items():
        operator = people[(short, MemberRole.OPERATOR)]
        for ref, level in zip(refs, LEVELS[short], strict=False):
            f01.save_answer(participant, ref, value=level, narrative="", by=operator)
        first = scope.indicator(refs[0])
        if first is not None and first.evidence:
            upload = ContentFile(
                minimal_pdf(f"Standar Pelayanan {short}"), name="standar-pelayanan.pdf"
            )
            f01.upload_evidence(
                participant,
                refs[0],
                first.evidence[0].code,
                upload,
                by=operator,
                title="SK Standar Pelayanan",
            )
        f01.submit_self_assessment(participant, by=people[(short, MemberRole.HEAD)])

    # Field observation and F02 by both evaluators.
    _plan(cycle, "verifikasi_lapangan", by=organiser)
    evaluation_day = dt.date(2023, 7, 24)  # Monday 24 July 2023 (REFERENCE.md §7)
    with deferred_recompute():  # the F02 scores first, the cycle recomputed once
        for session, (short, participant) in zip(
            ("pagi", "siang"), participants.items(), strict=True
        ):
            visit = visits.plan_field_visit(
                participant,
                day=evaluation_day,
                session=session,
                place=f"Kantor {participant.unit.name}",
                by=organiser,
            )
            head = people[(short, MemberRole.HEAD)]
            for name, position, category in (
                (head.full_name, "Kepala unit", AttendeeCategory.OFFICIAL),
                (f"Operator {short}", "Operator pelayanan", AttendeeCategory.OFFICIAL),
                (
                    "Perwakilan Forum Komunikasi Pengguna Layanan",
                    "Masyarakat",
                    AttendeeCategory.STAKEHOLDER,
                ),
                (evaluators[0].user.full_name, "Evaluator", AttendeeCategory.TEAM),
                (evaluators[1].user.full_name, "Evaluator", AttendeeCategory.TEAM),
            ):
                visits.add_attendee(
                    visit,
                    name=name,
                    position=position,
                    category=category,
                    signed=True,
                    by=evaluators[0].user,
                )
            visits.mark_visit_done(visit, by=evaluators[0].user)
            for offset, evaluator in enumerate(evaluators):
                for ref, level in zip(refs, LEVELS[short], strict=False):
                    value = max(0, min(5, level - (1 if (offset and int(ref) % 7 == 0) else 0)))
                    record_review(
                        participant,
                        ref,
                        evaluator=evaluator,
                        value=value,
                        expected_version=0,
                        by=evaluator.user,
                    )

    # Berita acara with observations and recommendations, signed by every party.
    for participant in participants.values():
        minutes = berita_acara.draft_minutes(participant, by=chair_user)
        for aspect_ref, text in OBSERVATIONS.items():
            berita_acara.set_observation(minutes, aspect_ref, text=text, by=evaluators[0].user)
        for aspect_ref, text in RECOMMENDATIONS:
            berita_acara.add_recommendation(
                participant, text=text, aspect_ref=aspect_ref, by=evaluators[0].user
            )
        minutes.refresh_from_db()
        for signer in minutes.signers.select_related("user").order_by("order"):
            berita_acara.confirm_signature(minutes, by=signer.user)

    _plan(cycle, None, by=organiser)
    recompute_cycle(cycle)
    return cycle
