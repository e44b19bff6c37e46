"""Lomba Sinergitas Kinerja Kecamatan Jawa Timur 2023, determined and announced (REFERENCE.md
§1 S2, §4, §7): one kecamatan of each of 30 kab/kota, three rounds, the top 7 reviewed in the
field, Juara 1–3 and Harapan 1–2.

The province enters the 30 kecamatan its kab/kota sent (the 2027 demo shows nominations through
Kinerja). While they may edit, the seven kecamatan that will reach the field round list the
innovations they claim per criterion; Kecamatan Junrejo lists its 33 innovations (34 claims: Desa
Tangguh serves criteria 4 and 7), the named ones those of the source. Three jurors score Tahap I
(administrasi) and Tahap II (paparan camat) for everyone; the organiser decides, as the engine
proposes, who goes on (the 7 best); the field jury of seven (led by the provincial Asisten
Pemerintahan dan Kesra, with an academic, Dinas Pendidikan, Biro Hukum, a Jawa Pos Institute
researcher, Dinas Kesehatan and Dinas Koperasi dan UMKM) becomes the panel of Tahap III and is
assigned to the finalists only; it visits Junrejo on Tuesday 28 November 2023 (the others on
generated days), marks each claim not on site as not found and then the rest found (the on-site
page's button), and scores the rest of the field review.
The results are determined by a decree of the Governor and announced.

The cycle uses ``skk-jatim@2027.1``, the version whose LAP1 is scored from claims checked on
site (2023.1 scores it by hand). Scores are made up (seeded per kecamatan, criterion and juror);
the rules are the instrument's. Every step goes through the services people use, inside the
stage that allows it, and is audited like real work.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils.text import slugify

from kinerja.accounts.services import ensure_user
from kinerja.claims.models import Claim
from kinerja.claims.services import add_claims, check_claim, check_remaining_found
from kinerja.cycles import services as cycles
from kinerja.cycles.enums import MemberRole, TeamRole
from kinerja.cycles.models import Cycle, Participant, ParticipantMember
from kinerja.demo.calendar import WIB, lay_stages
from kinerja.demo.innovation_files import attach_demo_files
from kinerja.demo.tenants import organiser_for
from kinerja.innovations.services import create_innovation, set_published
from kinerja.instruments.queries import find_version
from kinerja.results import services as results
from kinerja.results.compute import deferred_recompute, recompute_cycle
from kinerja.results.rounds import decide_round, proposal
from kinerja.reviews.services import record_review
from kinerja.rounds.services import assign_round_panel, set_round_panel
from kinerja.units.models import Unit
from kinerja.visits import services as visits
from kinerja.visits.enums import AttendeeCategory, Session

CYCLE_NAME = "Lomba Sinergitas Kinerja Kecamatan Jawa Timur 2023"
VERSION = "2027.1"
GATE = "tahap-2"
FIELD_ROUND = "tahap-3"
# Each kecamatan's strength (share of the points a juror gives, before per-item variation); the
# seven strongest reach the field round. Kecamatan not named here are drawn between 0.50 and 0.68.
FINALISTS = {
    "Junrejo": 0.80,
    "Banyuwangi": 0.82,
    "Sidoarjo": 0.78,
    "Tulungagung": 0.77,
    "Gresik": 0.76,
    "Kedungkandang": 0.75,
    "Magetan": 0.74,
}
DESK_JURY = [
    ("juri.skk1", "Akademisi Universitas Airlangga", "Juri Tahap I dan II"),
    ("juri.skk2", "Akademisi Institut Teknologi Sepuluh Nopember", "Juri Tahap I dan II"),
    ("juri.skk3", "Analis Biro Pemerintahan dan Otonomi Daerah", "Juri Tahap I dan II"),
]
FIELD_JURY = [
    ("asisten.jatim", "Asisten Pemerintahan dan Kesejahteraan Rakyat Provinsi Jawa Timur"),
    ("lapang.akademisi", "Akademisi Universitas Brawijaya"),
    ("lapang.dindik", "Dinas Pendidikan Provinsi Jawa Timur"),
    ("lapang.biroh", "Biro Hukum Setda Provinsi Jawa Timur"),
    ("lapang.jpi", "Peneliti Jawa Pos Institute of Pro-Otonomi"),
    ("lapang.dinkes", "Dinas Kesehatan Provinsi Jawa Timur"),
    ("lapang.dinkop", "Dinas Koperasi dan UMKM Provinsi Jawa Timur"),
]
FIELD_PANEL = "Juri tinjau lapang"
# Junrejo's innovations per criterion (the named ones from the source, the rest made up);
# a title marked "!" was not found on site.
JUNREJO_CLAIMS = {
    "ADM1": ["SICANDAPOL", "Kampung Kerukunan"],
    "ADM2": ["PATEN", "SIPMAS"],
    "ADM3": ["MONGGO LAPOR", "SIMPEL DESA", "Klinik Perizinan Desa", "Layanan Akta Desa", "SIDAK"],
    "ADM4": [
        "WA BANG",
        "Lansia Smart",
        "Desa Tangguh",
        "Posyandu Remaja",
        "Kampung KB Berseri",
        "Bank Sampah Sejahtera",
        "Jumat Bersih",
        "Sekolah Lansia",
        "Rumah Gizi Balita",
        "Sedekah Sampah",
        "Tanggap Stunting",
        "Pos Kamling Digital!",
        "Desa Ramah Anak",
        "Jumantik Mandiri",
        "Taman Baca Desa",
        "Senam Sehat Bersama!",
        "Relawan Bencana Desa",
    ],
    "ADM5": ["BULE JUNREJO", "Junrejo Smart Office", "SI-ARSIP", "Absensi Desa Daring!"],
    "ADM6": ["RENLAP TERPADU"],
    "ADM7": ["POJOK GUYUB RUKUN", "Pisah Mandiri", "Desa Tangguh"],
}
JUNREJO_ACRONYMS = {"WA BANG": "Wadul Bang", "SIPMAS": "Sistem Pengaduan Masyarakat"}
# The other finalists' claims (made up): criterion number; title.
OTHER_CLAIMS = [
    "1; Forum Kewaspadaan Dini Kecamatan",
    "2; PATEN Keliling!",
    "3; Layanan Adminduk di Desa",
    "4; Posyandu Terintegrasi",
    "5; Aplikasi Layanan Kecamatan",
    "6; Musrenbang Daring",
    "7; Kampung Tangguh Bencana",
]
FIELD_DAYS = [
    day
    for day in (dt.date(2023, 11, 20) + dt.timedelta(days=n) for n in range(12))
    if day.weekday() < 5
]
JUNREJO_VISIT = (dt.date(2023, 11, 28), Session.PAGI, "Kantor Kecamatan Junrejo, Kota Batu")
START = dt.datetime(2023, 8, 1, 8, tzinfo=WIB)  # the lay of the 2023 calendar (the last step)
DECREE_NUMBER = "Keputusan Gubernur Jawa Timur tentang Pemenang Lomba Sinergitas Kinerja Kecamatan"
DECREE_DATE = dt.date(2023, 12, 11)


def _strength(unit: Unit) -> float:
    known = FINALISTS.get(unit.short_name)
    if known is not None:
        return known
    return random.Random(f"skk2023:{unit.code}").uniform(0.50, 0.68)  # noqa: S311 — demo data


def _points(participant: Participant, indicator, juror: str) -> int:
    rng = random.Random(f"{participant.unit.code}:{indicator.ref}:{juror}")  # noqa: S311
    share = _strength(participant.unit) + rng.uniform(-0.08, 0.08)
    top = int(indicator.answer.max)
    return max(0, min(top, round(top * share)))


def _entrants(cycle: Cycle, *, by) -> list[Participant]:
    kecamatan = Unit.objects.filter(region__parent__code="35", kind="kecamatan").exclude(
        region__code="35.79", short_name__in=["Batu", "Bumiaji"]
    )
    cycles.add_participants(cycle, kecamatan.order_by("code"), by=by)
    return list(cycle.participants.select_related("unit").order_by("unit__code"))


def _operator(participant: Participant, password: str):
    slug = slugify(participant.unit.short_name).replace("-", "")
    user = ensure_user(
        username=f"op.{slug}",
        password=password,
        full_name=f"Operator Kecamatan {participant.unit.short_name}",
        position=f"Operator Kecamatan {participant.unit.short_name}",
    )
    ParticipantMember.objects.get_or_create(
        participant=participant, user=user, role=MemberRole.OPERATOR
    )
    return user


def _junrejo_innovations(junrejo: Unit, password: str) -> None:
    """Junrejo's 33 innovation records, kept and published by Kota Batu's organiser."""
    organiser = organiser_for("organisasi.batu", password)
    first_criterion: dict[str, int] = {}
    for number, titles in enumerate(JUNREJO_CLAIMS.values(), start=1):
        for title in titles:
            first_criterion.setdefault(title.rstrip("!"), number)
    for title, number in first_criterion.items():
        innovation = create_innovation(
            owner=junrejo,
            title=JUNREJO_ACRONYMS.get(title, title),
            acronym=title if title in JUNREJO_ACRONYMS or title.isupper() else "",
            started_on=dt.date(2020 + number % 3, 1 + number, 1),
            serves=f"Kriteria {number} Lomba Sinergitas Kinerja Kecamatan",
            by=organiser,
        )
        attach_demo_files(innovation, by=organiser, photo=number == 1)
        set_published(innovation, published=True, by=organiser)


def _claims(finalists: list[Participant], password: str) -> None:
    for participant in finalists:
        if participant.unit.short_name == "Junrejo":
            lines = [
                f"{criterion}; {title.rstrip('!')}"
                for criterion, titles in JUNREJO_CLAIMS.items()
                for title in titles
            ]
        else:
            lines = [line.rstrip("!") for line in OTHER_CLAIMS]
        add_claims(participant, "\n".join(lines), by=_operator(participant, password))


def _not_found(participant: Participant) -> set[str]:
    listed = (
        [t for ts in JUNREJO_CLAIMS.values() for t in ts]
        if participant.unit.short_name == "Junrejo"
        else [line.split("; ", 1)[1] for line in OTHER_CLAIMS]
    )
    return {title.rstrip("!") for title in listed if title.endswith("!")}


def _jury(cycle: Cycle, password: str, *, by):
    desk = [
        cycles.add_team_member(
            cycle,
            user=ensure_user(username=username, password=password, full_name=name),
            institution=name,
            position=role,
            by=by,
        )
        for username, name, role in DESK_JURY
    ]
    panel = cycles.add_panel(cycle, name=FIELD_PANEL, by=by)
    field = [
        cycles.add_team_member(
            cycle,
            user=ensure_user(username=username, password=password, full_name=name),
            institution=name,
            position="Ketua juri tinjau lapang" if index == 0 else "Juri tinjau lapang",
            role=TeamRole.CHAIR if index == 0 else TeamRole.MEMBER,
            panel=panel,
            by=by,
        )
        for index, (username, name) in enumerate(FIELD_JURY)
    ]
    return desk, panel, field


def _desk_rounds(cycle: Cycle, entrants, desk, *, by) -> None:
    """Tahap I in the penilaian stage, Tahap II in the paparan stage, by the three jurors."""
    definition = cycle.instrument_version.definition
    for stage, component in (("penilaian", "administrasi"), ("paparan", "paparan")):
        lay_stages(cycle, stage, by=by)
        indicators = list(definition.iter_indicators(component))
        with deferred_recompute():
            for participant in entrants:
                for juror in desk:
                    for indicator in indicators:
                        record_review(
                            participant,
                            indicator.ref,
                            evaluator=juror,
                            value=_points(participant, indicator, juror.user.username),
                            expected_version=0,
                            by=juror.user,
                        )


def _field_round(cycle: Cycle, finalists, field, *, by) -> None:
    junrejo = next(p for p in finalists if p.unit.short_name == "Junrejo")
    day, session, place = JUNREJO_VISIT
    visits.plan_field_visit(junrejo, day=day, session=session, place=place, by=by)
    visits.generate_field_schedule(
        cycle, days=FIELD_DAYS, sessions=[Session.PAGI, Session.SIANG], by=by
    )
    lay_stages(cycle, "verifikasi_lapangan", by=by)
    definition = cycle.instrument_version.definition
    by_hand = [i for i in definition.iter_indicators("lapangan") if i.claims is None]
    with deferred_recompute():
        for participant in finalists:
            visit = participant.field_visit
            missing = _not_found(participant)
            claims = list(Claim.objects.filter(participant=participant).order_by("pk"))
            for juror in field:
                visits.add_attendee(
                    visit,
                    name=juror.user.full_name,
                    position=juror.position,
                    category=AttendeeCategory.TEAM,
                    signed=True,
                    by=field[0].user,
                )
                # What is not on site is marked one by one; then "the rest found" per criterion.
                for claim in claims:
                    if claim.title in missing:
                        check_claim(
                            claim,
                            evaluator=juror,
                            found=False,
                            note="Tidak ditemukan di lokasi",
                            expected_version=0,
                            by=juror.user,
                        )
                for ref in sorted({claim.indicator_ref for claim in claims}):
                    check_remaining_found(participant, ref, evaluator=juror, by=juror.user)
                for indicator in by_hand:
                    visits.record_checklist_item(
                        visit,
                        indicator.ref,
                        evaluator=juror,
                        value=_points(participant, indicator, juror.user.username),
                        note="",
                        expected_version=0,
                        by=juror.user,
                    )
            visits.mark_visit_done(visit, by=field[0].user)


def load_skk2023(password: str) -> Cycle:
    """Create (once) the province's SKK 2023, determined and announced."""
    existing = Cycle.objects.filter(name=CYCLE_NAME).first()
    if existing is not None:
        return existing
    organiser = organiser_for("biro.jatim", password)
    cycle = cycles.create_cycle(
        version=find_version("skk-jatim", VERSION),
        name=CYCLE_NAME,
        year=2023,
        organiser_unit=Unit.objects.get(short_name="Biro Pemotda", region__code="35"),
        starts_on=START.date(),
        by=organiser,
        description=(
            "Lomba antarkecamatan tingkat provinsi: satu kecamatan dari setiap kabupaten/kota, "
            "penilaian administrasi, paparan camat, dan tinjau lapang 7 besar."
        ),
    )
    entrants = _entrants(cycle, by=organiser)
    desk, panel, field = _jury(cycle, password, by=organiser)
    for participant in entrants:
        for juror in desk:
            cycles.assign(cycle, evaluator=juror, participant=participant, by=organiser)
    finalists = [p for p in entrants if p.unit.short_name in FINALISTS]
    _junrejo_innovations(
        next(p.unit for p in finalists if p.unit.short_name == "Junrejo"), password
    )
    lay_stages(cycle, "pengisian", by=organiser)
    _claims(finalists, password)

    _desk_rounds(cycle, entrants, desk, by=organiser)
    lay_stages(cycle, "pleno", by=organiser)
    going_on = {e.participant_id for e in proposal(cycle, GATE) if e.proposed.goes_on}
    decide_round(cycle, GATE, going_on=going_on, by=organiser)
    set_round_panel(cycle, FIELD_ROUND, panel, by=organiser)
    assign_round_panel(cycle, FIELD_ROUND, by=organiser)
    _field_round(cycle, [p for p in entrants if p.pk in going_on], field, by=organiser)

    lay_stages(cycle, "sosialisasi", at=START, by=organiser)
    recompute_cycle(cycle)
    results.determine(
        cycle,
        decree_number=DECREE_NUMBER,
        decree_date=DECREE_DATE,
        signatory_name="Gubernur Jawa Timur",
        signatory_position="Gubernur Jawa Timur",
        by=organiser,
    )
    results.publish(cycle, by=organiser)
    return cycle
