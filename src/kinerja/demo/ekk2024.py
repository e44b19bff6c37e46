"""EKK 2024 Kota Yogyakarta, determined and announced: the 14 kemantren presented to and were
visited by the 25-person team (Mantrijeron on Wednesday 16 October 2024, morning session, at its
pendopo), every assigned evaluator scored every indicator, and the results were determined by a
decree of the Wali Kota and announced, the top five awarded Terbaik I–V.

Like the PEKPPP demo, the cycle is replayed through the services people use, each step inside
the stage that allows it: the stage plan is moved to "now" for each step (as an organiser would
extend a stage) and the real 2024 calendar is written at the end. Scores are reviews; totals,
grades, ranks and awards come from the scoring engine. The values are seeded: a kemantren's
strength, a per-indicator deviation from it, and a small per-evaluator variation on judgements
(facts such as realisation percentages or the number of innovations are the same for everyone).
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction
from zoneinfo import ZoneInfo

from django.utils import timezone

from kinerja.assessments.queries import review_scope_for
from kinerja.cycles import services as cycles
from kinerja.cycles.models import Cycle, Participant, TeamMember
from kinerja.demo.ekk2025 import ensure_kemantren_people, ensure_team
from kinerja.demo.tenants import organiser_for
from kinerja.instruments.queries import find_version
from kinerja.minutes import services as berita_acara
from kinerja.results import services as results
from kinerja.results.compute import deferred_recompute, recompute_cycle
from kinerja.results.models import Result
from kinerja.reviews.services import record_review, submit_reviews
from kinerja.scoring.model.schema import Indicator
from kinerja.units.models import Unit
from kinerja.visits import services as visits
from kinerja.visits.enums import ATTENDEE_SUGGESTIONS, AttendeeCategory, Session
from kinerja.visits.queries import field_indicator_refs

CYCLE_NAME = "EKK 2024 Kota Yogyakarta"
WIB = ZoneInfo("Asia/Jakarta")
# The 2024 calendar: each stage runs from its day (local midnight) to the next stage's day.
CALENDAR = {
    "sosialisasi": dt.date(2024, 9, 2),
    "pengisian": dt.date(2024, 9, 5),
    "paparan": dt.date(2024, 10, 7),
    "verifikasi_lapangan": dt.date(2024, 10, 14),
    "penyampaian_hasil": dt.date(2024, 10, 26),
    "penetapan": dt.date(2024, 11, 11),
    "pengumuman": dt.date(2024, 12, 2),
}
CALENDAR_END = dt.date(2024, 12, 3)
PRESENTATION_DAYS = [dt.date(2024, 10, 7) + dt.timedelta(days=n) for n in range(5)]
PRESENTATION_TIMES = [dt.time(9, 0), dt.time(10, 30), dt.time(13, 0)]
PRESENTATION_PLACE = "Ruang Rapat Bagian Tata Pemerintahan, Balai Kota Yogyakarta"
VISIT_DAYS = [  # 14–25 October 2024, weekdays
    day
    for day in (dt.date(2024, 10, 14) + dt.timedelta(days=n) for n in range(12))
    if day.weekday() < 5
]
MANTRIJERON_VISIT = (dt.date(2024, 10, 16), Session.PAGI, "Pendopo Kemantren Mantrijeron")
DECREE_NUMBER = (
    "Keputusan Wali Kota Yogyakarta Nomor 100.3.3/482 Tahun 2024 tentang Penetapan Kemantren "
    "Terbaik Hasil Evaluasi Kinerja Kemantren Kota Yogyakarta Tahun 2024"
)
DECREE_DATE = dt.date(2024, 11, 25)
SIGNATORY_NAME = "Penanda Tangan Demo"  # fictional: the demo never names real officials
SIGNATORY_POSITION = "Wali Kota Yogyakarta"

# How well each kemantren performed, 0–1 (fictional): the centre of its seeded scores.
STRENGTH = {
    "Kotagede": 0.88,
    "Mantrijeron": 0.87,
    "Umbulharjo": 0.845,
    "Gondokusuman": 0.82,
    "Tegalrejo": 0.795,
    "Wirobrajan": 0.77,
    "Mergangsan": 0.745,
    "Jetis": 0.72,
    "Kraton": 0.695,
    "Gondomanan": 0.67,
    "Danurejan": 0.645,
    "Ngampilan": 0.62,
    "Gedongtengen": 0.595,
    "Pakualaman": 0.57,
}
# Indicators that record a fact (checked against documents): every evaluator enters the same.
FACTS = {"2.4", "4.2", "5.3", "5.4", "6.1", "6.2"}
# Percentages (ratio to a 100% target): value = low + span × quality, one decimal.
PERCENTAGES = {"2.4": (78, 24), "5.3": (58, 38), "5.4": (52, 38)}
RECOMMENDATIONS = {
    "1": (
        "Perkuat koordinasi trantibum dan pemberdayaan masyarakat dengan rencana kerja serta "
        "capaian terukur per kelurahan."
    ),
    "2": (
        "Tingkatkan pembinaan Jam Belajar Masyarakat, kelurahan siaga, dan posbindu sampai "
        "tingkat RW, dengan data cakupan yang diperbarui setiap bulan."
    ),
    "3": (
        "Mutakhirkan peta kerawanan dan laporan deteksi dini secara berkala, dan libatkan FKUB "
        "serta tokoh lintas agama dalam kegiatan wawasan kebangsaan."
    ),
    "4": (
        "Publikasikan SOP pelayanan dan daftar informasi publik di situs web kemantren, dan "
        "lengkapi register layanan administrasi."
    ),
    "5": (
        "Percepat realisasi fisik dan keuangan program serta sampaikan laporan kinerja dan "
        "keuangan tepat waktu."
    ),
    "6": (
        "Tetapkan inovasi dengan keputusan Mantri Pamong Praja, dokumentasikan manfaatnya, dan "
        "ikutsertakan inovasi unggulan dalam kompetisi tingkat kota."
    ),
}
# Present at Mantrijeron's verification (REFERENCE.md §7): who received the team, and the
# stakeholders. Positions only, never names.
MANTRIJERON_OFFICIALS = [
    ("Mantri Pamong Praja Mantrijeron", "Mantri Pamong Praja"),
    ("Mantri Anom Mantrijeron", "Mantri Anom"),
    ("Lurah Gedongkiwo", "Lurah"),
    ("Lurah Suryodiningratan", "Lurah"),
    ("Lurah Mantrijeron", "Lurah"),
    ("Staf Kemantren dan Kelurahan se-Mantrijeron", "Staf kemantren dan kelurahan"),
]
MANTRIJERON_PARTNERS = [
    ("Kapolsek Mantrijeron", "Forkompimtren"),
    ("Danramil Mantrijeron", "Forkompimtren"),
]
# The stakeholders usually present (the attendance form's suggestions), Puskesmas by its name.
MANTRIJERON_STAKEHOLDERS = [
    "Puskesmas Mantrijeron" if name == "Puskesmas" else name
    for name in ATTENDEE_SUGGESTIONS[ATTENDEE_SUGGESTIONS.index("Puskesmas") :]
]


def _plan(cycle: Cycle, open_kind: str | None, *, by) -> None:
    """Lay the stages so that ``open_kind`` runs now (its instrument length, the others end to
    end around it), or, with None, write the real 2024 calendar."""
    stages = list(cycle.stages.order_by("order"))
    spec = cycle.instrument_version.definition.stages
    if open_kind is None:
        days = [*CALENDAR.values(), CALENDAR_END]
        bounds = [dt.datetime.combine(day, dt.time.min, WIB) for day in days]
    else:
        anchor = timezone.now().astimezone(WIB).replace(minute=0, second=0, microsecond=0)
        anchor -= dt.timedelta(hours=1)
        index = [s.kind for s in stages].index(open_kind)
        lengths = [dt.timedelta(days=s.days or cycles.DEFAULT_STAGE_DAYS) for s in spec]
        start = anchor - sum(lengths[:index], dt.timedelta())
        bounds = [start]
        for length in lengths:
            bounds.append(bounds[-1] + length)
    rows = [
        {
            "kind": stage.kind,
            "name": stage.name,
            "starts_at": bounds[order],
            "ends_at": bounds[order + 1],
            "can_edit_self": stage.can_edit_self,
            "can_upload_evidence": stage.can_upload_evidence,
            "can_score": stage.can_score,
            "see_other_scores": stage.see_other_scores,
            "results_visible": stage.results_visible,
        }
        for order, stage in enumerate(stages)
    ]
    cycles.save_stages(cycle, rows, by=by)
    cycle.refresh_from_db()


def _rng(*parts: object) -> random.Random:
    # A string seed is hashed with SHA-512: the same values whatever PYTHONHASHSEED is.
    return random.Random("|".join(str(part) for part in parts))  # noqa: S311 -- demo data, not secrets


def score_value(indicator: Indicator, unit: str, evaluator: str):
    """The seeded value ``evaluator`` gives ``unit`` on ``indicator`` (see the module notes)."""
    quality = min(1.0, max(0.0, STRENGTH[unit] + _rng(unit, indicator.ref).gauss(0, 0.07)))
    jitter = None if indicator.ref in FACTS else _rng(unit, indicator.ref, evaluator)
    answer = indicator.answer
    if answer.type == "level":
        top = max(level.value for level in answer.levels)
        value = round(quality * top)
        if jitter is not None and jitter.random() < 0.3:
            value += jitter.choice((-1, 1))
        return max(1, min(top, value))
    if answer.type == "points":
        top = int(answer.max)
        points = quality * top + (jitter.gauss(0, top * 0.06) if jitter is not None else 0)
        return max(1, min(top, round(points)))
    if answer.type == "yes_no":
        return "Y" if quality >= 0.66 else "T"
    if indicator.ref in PERCENTAGES:
        low, span = PERCENTAGES[indicator.ref]
        return f"{min(100.0, low + span * quality):.1f}"
    return max(1, round(quality * 6))  # number of innovations (thresholds)


def _presentations(participants: list[Participant], *, by) -> None:
    slots = [
        dt.datetime.combine(day, time, WIB)
        for day in PRESENTATION_DAYS
        for time in PRESENTATION_TIMES
    ]
    for participant, starts_at in zip(participants, slots, strict=False):
        short = participant.unit.short_name
        visits.schedule_presentation(
            participant,
            starts_at=starts_at,
            place=PRESENTATION_PLACE,
            presenter_position=f"Mantri Pamong Praja Kemantren {short}",
            notes=(
                "Realisasi fisik dan keuangan program sampai September, penanganan darurat "
                "sampah, stunting, AKI/AKB, kemiskinan, e-government, inovasi dan prestasi."
            ),
            by=by,
        )


def _attendance(visit, team: list[TeamMember]) -> None:
    short = visit.participant.unit.short_name
    recorder = team[0].user
    if short == "Mantrijeron":
        people = [(n, p, AttendeeCategory.OFFICIAL) for n, p in MANTRIJERON_OFFICIALS]
        people += [(n, p, AttendeeCategory.PARTNER) for n, p in MANTRIJERON_PARTNERS]
        people += [
            (n, "Pemangku kepentingan", AttendeeCategory.STAKEHOLDER)
            for n in MANTRIJERON_STAKEHOLDERS
        ]
    else:
        people = [
            (f"Mantri Pamong Praja {short}", "Mantri Pamong Praja", AttendeeCategory.OFFICIAL),
            (f"Mantri Anom {short}", "Mantri Anom", AttendeeCategory.OFFICIAL),
            (f"Lurah se-Kemantren {short}", "Lurah", AttendeeCategory.OFFICIAL),
            (f"Puskesmas {short}", "Pemangku kepentingan", AttendeeCategory.STAKEHOLDER),
            ("TP PKK", "Pemangku kepentingan", AttendeeCategory.STAKEHOLDER),
        ]
    people += [(m.user.full_name, m.position, AttendeeCategory.TEAM) for m in team]
    for name, position, category in people:
        visits.add_attendee(
            visit, name=name, position=position, category=category, signed=True, by=recorder
        )


def load_ekk2024(password: str) -> Cycle:
    """Create (once) the EKK 2024 cycle of Kota Yogyakarta, determined and announced."""
    existing = Cycle.objects.filter(name=CYCLE_NAME).first()
    if existing is not None:
        return existing
    organiser = organiser_for("penyelenggara", password)
    tapem = Unit.objects.get(region__code="34.71", short_name="Tapem")
    cycle = cycles.create_cycle(
        version=find_version("ekk-yogyakarta"),
        name=CYCLE_NAME,
        year=2024,
        organiser_unit=tapem,
        starts_on=CALENDAR["sosialisasi"],
        by=organiser,
        decree_number=(
            "Keputusan Wali Kota Yogyakarta tentang Tim Evaluasi Kinerja Kemantren Tahun 2024"
        ),
        decree_date=dt.date(2024, 8, 26),
        principles="transparansi, akuntabilitas, partisipatif, sinergitas",
        description=(
            "Evaluasi kinerja tahunan 14 kemantren Kota Yogyakarta (Perwal Yogyakarta 59/2023). "
            "Fokus 2024: darurat sampah, stunting, kematian ibu dan bayi, kemiskinan, "
            "e-government. Lima kemantren terbaik ditetapkan dengan Keputusan Wali Kota."
        ),
    )
    kemantren = Unit.objects.filter(region__code="34.71", kind="kemantren").order_by("code")
    cycles.add_participants(cycle, kemantren, by=organiser)
    ensure_kemantren_people(cycle, password)
    ensure_team(cycle, organiser=organiser, password=password)
    cycles.assign_automatically(cycle, k=3, min_agencies=3, by=organiser)
    participants = list(cycle.participants.select_related("unit").order_by("unit__code"))
    teams = {
        p.pk: [
            a.evaluator
            for a in p.assignments.select_related("evaluator__user").order_by(
                "evaluator__user__username"
            )
        ]
        for p in participants
    }

    # The schedule: presentations 7–11 October; Mantrijeron's visit agreed first, then the
    # generator places the others over 14–25 October without double-booking anyone.
    _presentations(participants, by=organiser)
    mantrijeron = next(p for p in participants if p.unit.short_name == "Mantrijeron")
    day, session, place = MANTRIJERON_VISIT
    visits.plan_field_visit(mantrijeron, day=day, session=session, place=place, by=organiser)
    visits.generate_field_schedule(
        cycle, days=VISIT_DAYS, sessions=[Session.PAGI, Session.SIANG], by=organiser
    )

    # Paparan: the team scores the presentation and the data dukung.
    scope = review_scope_for(cycle)
    on_site = field_indicator_refs(cycle)
    desk = [i for i in scope.indicators if i.ref not in on_site]
    field = [i for i in scope.indicators if i.ref in on_site]
    # Every score of the two stages below is recorded first; the cycle is recomputed once.
    with deferred_recompute():
        _plan(cycle, "paparan", by=organiser)
        for participant in participants:
            unit = participant.unit.short_name
            for member in teams[participant.pk]:
                for indicator in desk:
                    record_review(
                        participant,
                        indicator.ref,
                        evaluator=member,
                        value=score_value(indicator, unit, member.user.username),
                        expected_version=0,
                        by=member.user,
                    )

        # Verifikasi lapangan: attendance, the on-site checklist, the visit done, reviews submitted.
        _plan(cycle, "verifikasi_lapangan", by=organiser)
        for participant in participants:
            unit = participant.unit.short_name
            visit = participant.field_visit
            team = teams[participant.pk]
            _attendance(visit, team)
            for member in team:
                for indicator in field:
                    visits.record_checklist_item(
                        visit,
                        indicator.ref,
                        evaluator=member,
                        value=score_value(indicator, unit, member.user.username),
                        note="",
                        expected_version=0,
                        by=member.user,
                    )
            visits.mark_visit_done(visit, by=team[0].user)
            for member in team:
                submit_reviews(participant, evaluator=member, by=member.user)

    # Penyampaian hasil: one recommendation per kemantren, on its weakest data-dukung aspect.
    recompute_cycle(cycle)
    chair = cycle.team.get(role="chair").user
    stored = dict(Result.objects.filter(cycle=cycle).values_list("participant_id", "aspects"))
    for participant in participants:
        aspects = {
            ref: Fraction(node["score"])
            for ref, node in stored[participant.pk].items()
            if ref in RECOMMENDATIONS and node["score"]
        }
        weakest = min(sorted(aspects), key=lambda ref: aspects[ref])
        berita_acara.add_recommendation(
            participant, text=RECOMMENDATIONS[weakest], aspect_ref=weakest, by=chair
        )

    # Penetapan and pengumuman, on the real calendar.
    _plan(cycle, None, by=organiser)
    results.determine(
        cycle,
        decree_number=DECREE_NUMBER,
        decree_date=DECREE_DATE,
        signatory_name=SIGNATORY_NAME,
        signatory_position=SIGNATORY_POSITION,
        by=organiser,
    )
    results.publish(cycle, by=organiser)
    return cycle
