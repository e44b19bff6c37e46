"""Penilaian Sinergitas Kinerja Kecamatan Jawa Barat 2018, determined and announced (REFERENCE.md
§1 S5, §4, §7): the province invites its kab/kota to nominate one kecamatan each; twelve do
(eight kabupaten, four kota; Kabupaten Bandung nominates Kecamatan Margahayu); the province
accepts them, puts each in its category (kabupaten or kota, from its region) and visits every
kecamatan. The field assessment (services, coordination, innovation, staff competence, budget
management) is the round of the assessment team of the Bakorpembang Wilayah II; the interview on
the camat's mastery of the material is a round of its own, scored by its own jury (a panel per
round: each scores its round only) on the same visit. Margahayu's visit is on Monday 6 August
2018, with its eleven innovations counted. Juara I–III are awarded in each category.

Scores are made up (seeded per kecamatan, indicator and assessor); the rules are the shipped
``skk-jabar@2026.1`` instrument's (2018.1 with the field and the interview as two rounds). Every
step goes through the services people use, inside the stage that allows it, and is audited like
real work.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils.text import slugify

from kinerja.accounts.services import ensure_user
from kinerja.cycles import services as cycles
from kinerja.cycles.enums import TeamRole
from kinerja.cycles.models import Cycle, Participant
from kinerja.demo.calendar import WIB, lay_stages
from kinerja.demo.tenants import organiser_for
from kinerja.instruments.queries import find_version
from kinerja.nominations.services import accept_nomination, nominate
from kinerja.results import services as results
from kinerja.results.compute import deferred_recompute, recompute_cycle
from kinerja.reviews.services import record_review
from kinerja.rounds.services import assign_round_panel, set_round_panel
from kinerja.tenancy.services import seat_organiser
from kinerja.units.models import Unit
from kinerja.visits import services as visits
from kinerja.visits.enums import AttendeeCategory, Session
from kinerja.visits.queries import field_indicator_refs

CYCLE_NAME = "Penilaian Sinergitas Kinerja Kecamatan Jawa Barat 2018"
VERSION = "2026.1"
PROVINCE = "32"
# kab/kota region → the kecamatan it nominates, with its strength (share of the points).
NOMINATED = {
    "32.04": ("Margahayu", 0.86),
    "32.03": ("Cianjur", 0.70),
    "32.07": ("Ciamis", 0.78),
    "32.08": ("Kuningan", 0.74),
    "32.10": ("Majalengka", 0.66),
    "32.11": ("Cimanggung", 0.62),
    "32.13": ("Subang", 0.72),
    "32.14": ("Purwakarta", 0.81),
    "32.71": ("Bogor Tengah", 0.79),
    "32.73": ("Bandung Kulon", 0.83),
    "32.77": ("Cimahi Tengah", 0.75),
    "32.79": ("Banjar", 0.68),
}
MARGAHAYU_INNOVATIONS = 11  # SICG … Pasar Sehat (REFERENCE.md §4)
TEAM = [
    ("tim.bakorwil1", "Kepala Bidang Pemerintahan Bakorpembang Wilayah II"),
    ("tim.bakorwil2", "Analis Kebijakan Bakorpembang Wilayah II"),
    ("tim.bakorwil3", "Akademisi Universitas Padjadjaran"),
]
FIELD_PANEL = "Tim penilai lapangan"
INTERVIEW_JURY = [
    ("juri.wawancara1", "Kepala Biro Pemerintahan dan Otonomi Daerah Setda Provinsi Jawa Barat"),
    ("juri.wawancara2", "Akademisi Institut Pemerintahan Dalam Negeri"),
]
INTERVIEW_PANEL = "Juri wawancara camat"
VISIT_DAYS = [
    day
    for day in (dt.date(2018, 7, 30) + dt.timedelta(days=n) for n in range(19))
    if day.weekday() < 5
]
MARGAHAYU_VISIT = (
    dt.date(2018, 8, 6),
    Session.PAGI,
    "Kantor Kecamatan Margahayu, Kabupaten Bandung",
)
START = dt.datetime(2018, 7, 2, 8, tzinfo=WIB)  # a plausible 2018 calendar (the last step)
DECREE_NUMBER = "Keputusan Gubernur Jawa Barat tentang Kecamatan Terbaik Tingkat Provinsi 2018"
DECREE_DATE = dt.date(2018, 9, 14)


def _share(unit: Unit, ref: str, juror: str) -> float:
    strength = next(s for short, s in NOMINATED.values() if short == unit.short_name)
    rng = random.Random(f"skk2018:{unit.code}:{ref}:{juror}")  # noqa: S311 — demo data
    return min(1.0, max(0.0, strength + rng.uniform(-0.08, 0.08)))


def _value(indicator, unit: Unit, juror: str):
    """A value of the indicator's answer type for ``unit``'s seeded strength."""
    share = _share(unit, indicator.ref, juror)
    answer = indicator.answer
    if answer.type == "level":
        top = max(level.value for level in answer.levels)
        return max(1, round(share * top))
    if answer.type == "points":
        return max(1, round(share * int(answer.max)))
    if answer.unit == "inovasi":
        # A count of innovations is a fact: the same for every assessor.
        if unit.short_name == "Margahayu":
            return MARGAHAYU_INNOVATIONS
        return max(1, round(_share(unit, indicator.ref, "") * 9))
    if answer.unit == "IKM":
        return f"{60 + 35 * share:.2f}"
    return f"{min(100.0, 75 + 25 * share):.1f}"  # budget realisation, %


def _nominations(cycle: Cycle, password: str, *, by) -> None:
    """Each kab/kota's organiser (seated at its pemda) nominates; the province accepts."""
    lay_stages(cycle, "nominasi", nomination_days=14, by=by)
    for region, (short, _strength) in NOMINATED.items():
        government = Unit.objects.get(region__code=region, kind="pemda")
        invitation = cycles.invite_government(
            cycle, government, quota=1, unit_kind="kecamatan", by=by
        )
        nominator = ensure_user(
            username=f"tapem.{slugify(government.short_name).replace('-', '')}",
            password=password,
            full_name=f"Analis Bagian Pemerintahan {government.name}",
        )
        seat_organiser(nominator, government, by=None)
        nomination = nominate(
            invitation,
            Unit.objects.get(region__code=region, kind="kecamatan", short_name=short),
            note="Kecamatan terbaik tingkat kabupaten/kota 2018",
            by=nominator,
        )
        accept_nomination(nomination, by=by)
    cycles.categorise_by_region(cycle, by=by)


def _team(cycle: Cycle, password: str, *, by):
    """The field team (its chair chairs the whole team) and the interview jury, each the panel
    of its round, assigned to every kecamatan (neither round has a pass mark)."""
    field = cycles.add_panel(cycle, name=FIELD_PANEL, by=by)
    interview = cycles.add_panel(cycle, name=INTERVIEW_PANEL, by=by)
    team = [
        cycles.add_team_member(
            cycle,
            user=ensure_user(username=username, password=password, full_name=name, position=name),
            institution="Universitas Padjadjaran" if "Akademisi" in name else "Bakorpembang II",
            position="Ketua tim penilai" if index == 0 else "Tim penilai",
            role=TeamRole.CHAIR if index == 0 else TeamRole.MEMBER,
            panel=field,
            by=by,
        )
        for index, (username, name) in enumerate(TEAM)
    ]
    jury = [
        cycles.add_team_member(
            cycle,
            user=ensure_user(username=username, password=password, full_name=name, position=name),
            institution=name.split(" Setda ")[-1] if "Setda" in name else "IPDN",
            position="Juri wawancara camat",
            panel=interview,
            by=by,
        )
        for username, name in INTERVIEW_JURY
    ]
    for code, panel in (("lapangan", field), ("wawancara", interview)):
        set_round_panel(cycle, code, panel, by=by)
        assign_round_panel(cycle, code, by=by)
    return team, jury


def _visits(cycle: Cycle, participants: list[Participant], team, jury, *, by) -> None:
    margahayu = next(p for p in participants if p.unit.short_name == "Margahayu")
    day, session, place = MARGAHAYU_VISIT
    visits.plan_field_visit(margahayu, day=day, session=session, place=place, by=by)
    visits.generate_field_schedule(
        cycle, days=VISIT_DAYS, sessions=[Session.PAGI, Session.SIANG], by=by
    )
    lay_stages(cycle, "verifikasi_lapangan", by=by)
    scope = cycle.instrument_version.definition
    on_site = field_indicator_refs(cycle)
    lapangan = [i for i in scope.iter_indicators("lapangan") if i.ref in on_site]
    wawancara = list(scope.iter_indicators("wawancara"))
    with deferred_recompute():
        for participant in participants:
            visit = participant.field_visit
            unit = participant.unit
            for member in team + jury:
                visits.add_attendee(
                    visit,
                    name=member.user.full_name,
                    position=member.position,
                    category=AttendeeCategory.TEAM,
                    signed=True,
                    by=team[0].user,
                )
            for member in team:
                for indicator in lapangan:
                    visits.record_checklist_item(
                        visit,
                        indicator.ref,
                        evaluator=member,
                        value=_value(indicator, unit, member.user.username),
                        note="",
                        expected_version=0,
                        by=member.user,
                    )
            for member in jury:  # the interview with the camat, on the same visit
                for indicator in wawancara:
                    record_review(
                        participant,
                        indicator.ref,
                        evaluator=member,
                        value=_value(indicator, unit, member.user.username),
                        expected_version=0,
                        by=member.user,
                    )
            visits.mark_visit_done(visit, by=team[0].user)


def load_skk2018(password: str) -> Cycle:
    """Create (once) the province's assessment of 2018, determined and announced."""
    existing = Cycle.objects.filter(name=CYCLE_NAME).first()
    if existing is not None:
        return existing
    organiser = organiser_for("bakorwil.jabar", password)
    cycle = cycles.create_cycle(
        version=find_version("skk-jabar", VERSION),
        name=CYCLE_NAME,
        year=2018,
        organiser_unit=Unit.objects.get(short_name="Bakorpembang Wil. II", region__code=PROVINCE),
        starts_on=START.date(),
        by=organiser,
        description=(
            "Penilaian sinergitas kinerja kecamatan (Pergub Jabar 23/2018): kecamatan usulan "
            "kabupaten/kota dinilai di lapangan dan camat diwawancarai; juara per kategori "
            "kabupaten dan kota."
        ),
    )
    _nominations(cycle, password, by=organiser)
    team, jury = _team(cycle, password, by=organiser)
    participants = list(cycle.participants.select_related("unit").order_by("unit__code"))
    _visits(cycle, participants, team, jury, by=organiser)
    lay_stages(cycle, "nominasi", at=START, nomination_days=14, by=organiser)
    recompute_cycle(cycle)
    results.determine(
        cycle,
        decree_number=DECREE_NUMBER,
        decree_date=DECREE_DATE,
        signatory_name="Penanda Tangan Demo",  # fictional: the demo never names real officials
        signatory_position="Gubernur Jawa Barat",
        by=organiser,
    )
    results.publish(cycle, by=organiser)
    return cycle
