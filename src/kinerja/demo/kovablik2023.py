"""KOVABLIK Kota Batu 2023 (REFERENCE.md §1 S4, §5): an innovation competition between the
city's OPD, run up to the finalists' presentations.

Twelve innovations of ten OPD enter (the Dinas Kesehatan and the Dinas Kependudukan enter two
each) and each OPD's operator writes the entry's proposal in Kinerja, in the eight sections of
the instrument (``inovasi@2025.1``, each with its word limit), with the head's statement. Three
panel members score the administrative check and the proposals (desk); the
organiser decides, as the engine proposes, who passed the administrative check (one
innovation is younger than a year) and who reached the desk mark of 85 (the finalists); the
panel scores the finalists' presentations. Determination and announcement are left to the
demo's user. The innovations, their OPD and scores are made up for the demo; the rules are the
shipped ``inovasi`` instrument's. Every step goes through the services people use, inside the
stage that allows it, and is audited like real work.
"""

from __future__ import annotations

import datetime as dt

from django.utils.text import slugify

from kinerja.accounts.services import ensure_user
from kinerja.assessments.services.f01 import save_answer
from kinerja.cycles import services as cycles
from kinerja.cycles.enums import AwardScheme, MemberRole
from kinerja.cycles.models import Cycle, ParticipantMember
from kinerja.demo.calendar import WIB, lay_stages
from kinerja.demo.innovation_files import attach_demo_files
from kinerja.demo.tenants import organiser_for
from kinerja.innovations.services import create_innovation, set_published
from kinerja.instruments.queries import find_version
from kinerja.results.awards import preset
from kinerja.results.compute import deferred_recompute, recompute_cycle
from kinerja.results.rounds import decide_round, proposal
from kinerja.results.services import set_award_scheme
from kinerja.reviews.services import record_review
from kinerja.units.models import Unit

CYCLE_NAME = "KOVABLIK Kota Batu 2023"
# (OPD short name, title, acronym, started on, desk score, presentation score); a desk score
# under 85 stops at the desk round; None as the start date: younger than a year (fails ADM1).
ENTRIES = [
    ("Dinkes", "Posyandu Lansia Terintegrasi", "POSLANDU", dt.date(2021, 3, 1), 92, 90),
    ("Dinkes", "Sistem Rujukan Ibu Hamil Berisiko", "SIRUBI", dt.date(2022, 1, 10), 88, 84),
    ("Dispendukcapil", "Dukcapil Jemput Bola di Desa Wisata", "JEBOL", dt.date(2020, 6, 1), 90, 93),
    ("Dispendukcapil", "Akta Kelahiran dari Ruang Bersalin", "AKURAT", None, 95, None),
    ("Dispertan", "Klinik Tanaman Apel Keliling", "KLIPEL", dt.date(2021, 8, 17), 87, 88),
    ("Disparta", "Sertifikasi Homestay Satu Hari", "SEHARI", dt.date(2022, 2, 1), 83, None),
    ("DLH", "Bank Sampah Digital Desa", "BASADI", dt.date(2021, 5, 5), 89, 86),
    ("Dinsos", "Layanan Disabilitas Satu Atap", "LADISA", dt.date(2020, 11, 1), 86, 91),
    ("DPMPTSP-TK", "Izin Usaha Mikro di Pasar", "IUMP", dt.date(2022, 4, 1), 85, 80),
    ("Diskominfo", "Aduan Warga Lewat WhatsApp", "ADAWA", dt.date(2021, 1, 4), 80, None),
    ("Disdik", "Ada Kelas di Angkot", "AKA", dt.date(2021, 9, 1), 91, 87),
    (
        "Disperpusip",
        "Perpustakaan Keliling Kampung Wisata",
        "PUSLING",
        dt.date(2022, 3, 1),
        78,
        None,
    ),
]
PANEL = [
    ("panel.kovablik1", "Akademisi Universitas Brawijaya"),
    ("panel.kovablik2", "Praktisi Pelayanan Publik"),
    ("panel.kovablik3", "Analis Bagian Organisasi Setda Kota Batu"),
]
REGISTRATION = dt.date(2023, 5, 2)  # a plausible 2023 calendar for the demo
VERSION = "2025.1"
# The proposal's sections (PROP1–PROP8), written from the entry's own facts.
PROPOSAL = [
    "{title} ({acronym}) adalah inovasi {owner} Kota Batu yang berjalan sejak {started}.",
    "Warga harus datang berkali-kali ke kantor untuk layanan yang sama; {acronym} memangkas "
    "langkah itu agar layanan lebih cepat, murah, dan dekat.",
    "Berbeda dari cara lama, {acronym} membawa layanan ke tempat warga berada dan mencatat "
    "setiap permohonan secara daring.",
    "Diterapkan bertahap sejak {started}: uji coba di dua desa, perluasan ke seluruh kota, "
    "dengan petugas {owner} dan kader desa.",
    "Waktu layanan turun dan kepuasan warga naik menurut survei kepuasan masyarakat {owner}.",
    "Dapat direplikasi perangkat daerah lain dengan petunjuk teknis yang sudah disusun.",
    "Dikelola tim kecil {owner} dengan anggaran rutin dan sarana yang sudah ada.",
    "Ditetapkan dengan keputusan kepala perangkat daerah dan masuk rencana kerja tahunan.",
]


def _enter(cycle: Cycle, *, by) -> dict[str, object]:
    """The OPD's innovations (kept and published through the organisers' services), entered."""
    innovations = []
    for short, title, acronym, started, _desk, _talk in ENTRIES:
        innovation = create_innovation(
            owner=Unit.objects.get(short_name=short, region__code="35.79"),
            title=title,
            acronym=acronym,
            started_on=started or dt.date(2023, 2, 1),
            serves="Kovablik 2023",
            by=by,
        )
        attach_demo_files(innovation, by=by)
        set_published(innovation, published=True, by=by)
        innovations.append(innovation)
    cycles.add_innovation_entries(cycle, innovations, by=by)
    return {p.innovation.acronym: p for p in cycle.participants.select_related("innovation__owner")}


def _proposals(entrants, password: str) -> None:
    """Each OPD's operator writes its entries' proposals (the pengisian stage runs)."""
    for participant in entrants.values():
        innovation, owner = participant.innovation, participant.unit
        operator = ensure_user(
            username=f"op.{slugify(owner.short_name).replace('-', '')}",
            password=password,
            full_name=f"Operator {owner.short_name}",
            position=f"Operator inovasi {owner.name}",
        )
        ParticipantMember.objects.get_or_create(
            participant=participant, user=operator, role=MemberRole.OPERATOR
        )
        facts = {
            "title": innovation.title,
            "acronym": innovation.acronym,
            "owner": owner.short_name,
            "started": innovation.started_on.strftime("%m/%Y"),
        }
        for number, text in enumerate(PROPOSAL, start=1):
            save_answer(
                participant, f"PROP{number}", value=text.format(**facts), narrative="", by=operator
            )
        save_answer(participant, "PROP9", value="Y", narrative="", by=operator)


def _score(cycle, entrants, panel, component: str, value_of) -> None:
    """The panel's scores of one component, for the entrants still in the competition."""
    refs = [i.ref for i in cycle.instrument_version.definition.iter_indicators(component)]
    running = {p.pk for p in entrants.values()}
    decided = cycle.round_decisions.filter(reopened_at=None).order_by("-decided_at").first()
    if decided is not None:
        running = set(
            decided.outcomes.filter(goes_on=True).values_list("participant_id", flat=True)
        )
    for index, (_short, _title, acronym, started, desk, talk) in enumerate(ENTRIES):
        participant = entrants[acronym]
        if participant.pk not in running:
            continue
        for offset, juror in enumerate(panel):
            for ref in refs:
                record_review(
                    participant,
                    ref,
                    evaluator=juror,
                    value=value_of(ref, started, desk, talk, offset + index),
                    expected_version=0,
                    by=juror.user,
                )


def _admin(ref, started, _desk, _talk, _spread):
    return "T" if ref == "ADM1" and started is None else "Y"


def _desk(_ref, _started, desk, _talk, spread):
    # Jurors differ by a point around the entry's desk score; their mean is the desk score.
    return max(0, min(100, desk + (spread % 3) - 1))


def _presentation(_ref, _started, _desk, talk, spread):
    return max(0, min(100, talk + (spread % 3) - 1))


def _decide_as_proposed(cycle, gate: str, *, by) -> None:
    going_on = {e.participant_id for e in proposal(cycle, gate) if e.proposed.goes_on}
    decide_round(cycle, gate, going_on=going_on, by=by)


def load_kovablik2023(password: str) -> Cycle:
    """Create (once) KOVABLIK Kota Batu 2023, scored up to the finalists' presentations."""
    existing = Cycle.objects.filter(name=CYCLE_NAME).first()
    if existing is not None:
        return existing
    organiser = organiser_for("organisasi.batu", password)
    cycle = cycles.create_cycle(
        version=find_version("inovasi", VERSION),
        name=CYCLE_NAME,
        year=2023,
        organiser_unit=Unit.objects.get(short_name="Bagian Organisasi", region__code="35.79"),
        starts_on=REGISTRATION,
        by=organiser,
        description=(
            "Kompetisi Inovasi Pelayanan Publik perangkat daerah Kota Batu: seleksi "
            "administrasi, evaluasi proposal, presentasi dan wawancara finalis."
        ),
    )
    set_award_scheme(cycle, scheme=AwardScheme.CUSTOM, awards=_awards(), by=organiser)
    entrants = _enter(cycle, by=organiser)
    panel = [
        cycles.add_team_member(
            cycle,
            user=ensure_user(username=username, password=password, full_name=name),
            position="Panel penilai",
            by=organiser,
        )
        for username, name in PANEL
    ]
    for participant in entrants.values():
        for juror in panel:
            cycles.assign(cycle, evaluator=juror, participant=participant, by=organiser)
    lay_stages(cycle, "pengisian", by=organiser)
    _proposals(entrants, password)
    lay_stages(cycle, "penilaian", by=organiser)
    with deferred_recompute():
        _score(cycle, entrants, panel, "administrasi", _admin)
    _decide_as_proposed(cycle, "seleksi-administrasi", by=organiser)
    with deferred_recompute():
        _score(cycle, entrants, panel, "substansi", _desk)
    _decide_as_proposed(cycle, "evaluasi-desk", by=organiser)
    lay_stages(cycle, "paparan", by=organiser)
    with deferred_recompute():
        _score(cycle, entrants, panel, "presentasi", _presentation)
    lay_stages(cycle, "paparan", at=dt.datetime(2023, 7, 18, 8, tzinfo=WIB), by=organiser)
    recompute_cycle(cycle)
    return cycle


def _awards() -> list[dict]:
    """Kota Batu's pattern: 5 Terbaik for ranks 1–5, 10 Terbaik for ranks 6–10."""
    return [
        *preset("top", top=5),
        {"code": "sepuluh-terbaik", "label": "10 Terbaik", "from_rank": 6, "top": 10},
    ]
