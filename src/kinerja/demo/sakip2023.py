"""Evaluasi SAKIP Perangkat Daerah Kota Batu 2023, determined and announced (REFERENCE.md §1 S4,
§3, §7): Bagian Organisasi evaluates 29 OPD on the shipped LKE (``sakip``); 10 are graded A
(Memuaskan) and 19 BB (Sangat Baik), the OPD named in the source (five BB of our choice).

The assessors come from the Tim SAKIP of Bagian Organisasi, the Inspektorat, a university, a
practitioner and the province's Biro Pemerintahan; the automatic assignment gives each OPD one of
them, conflicts respected (the Inspektorat's assessor does not evaluate the Inspektorat). Each
assessor answers the whole LKE for their OPD. The answers are made up, but chosen so that the
engine's total lands in the OPD's predikat of the source: starting from every criterion met,
criteria are marked down in a seeded order while the total stays above a seeded target inside
the band. Every step goes through the services people use, inside the stage that allows it.
"""

from __future__ import annotations

import datetime as dt
import random
from fractions import Fraction

from kinerja.accounts.services import ensure_user
from kinerja.cycles import services as cycles
from kinerja.cycles.enums import AwardScheme
from kinerja.cycles.models import Cycle
from kinerja.demo.calendar import WIB, lay_stages
from kinerja.demo.tenants import organiser_for
from kinerja.instruments.queries import find_version
from kinerja.results import services as results
from kinerja.results.compute import deferred_recompute, recompute_cycle
from kinerja.reviews.services import record_review
from kinerja.scoring.engine import score
from kinerja.units.models import Unit

CYCLE_NAME = "Evaluasi SAKIP Perangkat Daerah Kota Batu 2023"
REGION = "35.79"
GRADE_A = [
    "Dispertan",
    "Inspektorat",
    "Setda",
    "Diskumdag",
    "Disparta",
    "Dinsos",
    "BKD",
    "Disperpusip",
    "DLH",
    "Bumiaji",
]
GRADE_BB = [
    "DPMPTSP-TK",
    "DPKPP",
    "BKPSDM",
    "Dishub",
    "Bappitbangda",
    "Disdik",
    "Kesbangpol",
    "Damkar",
    "Dispendukcapil",
    "DP3AP2KB",
    "Diskominfo",
    "Satpol PP",
    "Junrejo",
    "Batu",
    # The source names 14 of the 19; these five are the demo's choice.
    "Dinkes",
    "DPUPR",
    "Setwan",
    "BPBD",
    "DKPP",
]
# (target range of the total) per predikat: inside A (80, 90] and BB (70, 80].
TARGETS = {"A": (81.0, 88.5), "BB": (71.0, 78.5)}
ASSESSORS = [
    ("sakip.organisasi", "Analis Tim SAKIP Bagian Organisasi", "Bagian Organisasi", ""),
    ("sakip.inspektorat", "Auditor Inspektorat Kota Batu", "Inspektorat", ""),
    ("sakip.akademisi", "Akademisi Universitas Brawijaya", None, "Universitas Brawijaya"),
    ("sakip.praktisi", "Praktisi Akuntabilitas Kinerja", None, "Praktisi"),
    ("sakip.biro", "Analis Biro Pemerintahan Provinsi Jawa Timur", None, "Biro Pemerintahan"),
]
START = dt.datetime(2023, 2, 1, 8, tzinfo=WIB)  # a plausible 2023 calendar (the last step)
DECREE_NUMBER = "Keputusan Wali Kota Batu tentang Hasil Evaluasi SAKIP Perangkat Daerah 2023"
DECREE_DATE = dt.date(2023, 6, 30)


def _options(indicator) -> list:
    """The indicator's answers, best first (yes/no: Y, T; A/B/C/D: A to D)."""
    if indicator.answer.type == "yes_no":
        return ["Y", "T"]
    return [o.key for o in sorted(indicator.answer.options, key=lambda o: -o.value)]


def _total(instrument, answers: dict[str, str]) -> Fraction:
    return score(instrument, {"lke": answers}).total


def marks_down(instrument) -> dict[tuple[str, str], Fraction]:
    """What answering a criterion ``option`` instead of its best takes off the all-met total, per
    (criterion, option). The LKE total is the sum of each criterion's share times its weight
    (tests/scoring/test_engine.py), so a set of answers totals the all-met total less the marks
    of its answers; ``lke_answers`` checks that with the engine."""
    indicators = list(instrument.iter_indicators("lke"))
    best = {i.ref: _options(i)[0] for i in indicators}
    full = _total(instrument, best)
    return {
        (i.ref, option): full - _total(instrument, best | {i.ref: option})
        for i in indicators
        for option in _options(i)[1:]
    }


def lke_answers(instrument, short_name: str, grade: str, marks=None) -> dict[str, str]:
    """Answers whose total lies in the seeded target of ``grade``: criteria are marked down one
    option at a time, in a seeded order, while the total stays at or above the target.
    ``marks``: ``marks_down(instrument)``, computed once for many calls."""
    rng = random.Random(f"sakip2023:{short_name}")  # noqa: S311 — demo data
    low, high = TARGETS[grade]
    target = Fraction(round(rng.uniform(low, high) * 100), 100)
    marks = marks_down(instrument) if marks is None else marks
    indicators = list(instrument.iter_indicators("lke"))
    answers = {i.ref: _options(i)[0] for i in indicators}
    total = _total(instrument, answers)
    order = indicators[:]
    rng.shuffle(order)
    for indicator in order:  # each criterion once, from its best answer
        met = total
        for option in _options(indicator)[1:]:
            trial = met - marks[(indicator.ref, option)]
            if trial < target:
                break
            answers[indicator.ref], total = option, trial
    if _total(instrument, answers) != total:  # a guard: never expected
        raise AssertionError("the LKE total is no longer a sum of the criteria's marks")
    return answers


def _assessors(cycle: Cycle, password: str, *, by):
    bodies = {u.short_name: u for u in Unit.objects.filter(region__code=REGION)}
    return [
        cycles.add_team_member(
            cycle,
            user=ensure_user(username=username, password=password, full_name=name, position=name),
            agency=bodies[agency] if agency else None,
            institution=institution,
            position="Evaluator SAKIP",
            by=by,
        )
        for username, name, agency, institution in ASSESSORS
    ]


def load_sakip2023(password: str) -> Cycle:
    """Create (once) Kota Batu's SAKIP evaluation 2023, determined and announced."""
    existing = Cycle.objects.filter(name=CYCLE_NAME).first()
    if existing is not None:
        return existing
    organiser = organiser_for("organisasi.batu", password)
    cycle = cycles.create_cycle(
        version=find_version("sakip"),
        name=CYCLE_NAME,
        year=2023,
        organiser_unit=Unit.objects.get(short_name="Bagian Organisasi", region__code=REGION),
        starts_on=START.date(),
        by=organiser,
        description=(
            "Evaluasi akuntabilitas kinerja 29 perangkat daerah Kota Batu (PermenPANRB 88/2021) "
            "oleh Bagian Organisasi bersama Inspektorat, akademisi, praktisi, dan Biro "
            "Pemerintahan Provinsi Jawa Timur."
        ),
    )
    results.set_award_scheme(cycle, scheme=AwardScheme.GRADE_ONLY, by=organiser)
    grades = dict.fromkeys(GRADE_A, "A") | dict.fromkeys(GRADE_BB, "BB")
    units = Unit.objects.filter(region__code=REGION, short_name__in=grades).order_by("name")
    cycles.add_participants(cycle, units, by=organiser)
    _assessors(cycle, password, by=organiser)
    cycles.assign_automatically(cycle, k=1, min_agencies=1, by=organiser)
    instrument = cycle.instrument_version.definition
    lay_stages(cycle, "penilaian", by=organiser)
    marks = marks_down(instrument)
    with deferred_recompute():
        for participant in cycle.participants.select_related("unit").prefetch_related(
            "assignments__evaluator__user"
        ):
            answers = lke_answers(
                instrument,
                participant.unit.short_name,
                grades[participant.unit.short_name],
                marks,
            )
            for assignment in participant.assignments.all():
                evaluator = assignment.evaluator
                for ref, value in answers.items():
                    record_review(
                        participant,
                        ref,
                        evaluator=evaluator,
                        value=value,
                        expected_version=0,
                        by=evaluator.user,
                    )
    lay_stages(cycle, "sosialisasi", at=START, by=organiser)
    recompute_cycle(cycle)
    results.determine(
        cycle,
        decree_number=DECREE_NUMBER,
        decree_date=DECREE_DATE,
        signatory_name="Penanda Tangan Demo",  # fictional: the demo never names real officials
        signatory_position="Wali Kota Batu",
        by=organiser,
    )
    results.publish(cycle, by=organiser)
    return cycle
