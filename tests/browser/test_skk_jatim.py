"""Lomba Sinergitas Kinerja Kecamatan Jawa Timur in the browser (issue 13): 30 kab/kota each
nominate a kecamatan, the province accepts them all, decides the top 7 after Tahap II, gives
Tahap III to its field jury (assigned to the seven only), determines and announces: Juara 1–3
and Harapan 1–2 among the seven, the other 23 "tidak lolos ke Tahap III" with no grade.

The jurors' scores are arranged in the database (the scoring pages have their own browser
tests); every decision the organisers take goes through the pages."""

import datetime as dt

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from kinerja.accounts.models import User
from kinerja.cycles import services as cycle_services
from kinerja.cycles.models import Assignment
from kinerja.instruments.services import ensure_library
from kinerja.nominations import services as nominations
from kinerja.results.compute import recompute_cycle
from kinerja.reviews.models import Review
from kinerja.units.models import Region, Unit

from ..nominations.test_nominations import nomination_stage
from ..results.conftest import DESK, FIELD, TALK

ENTRANTS = 30
FINALISTS = 7
COMPONENT = {"A": "administrasi", "P": "paparan", "L": "lapangan"}


def _name(number: int) -> str:
    return f"Kecamatan K{number:02d}"


@pytest.fixture
def jatim_skk(transactional_db, make_user):
    ensure_library()
    province = Region.objects.create(code="35", name="Provinsi Jawa Timur", kind="provinsi")
    biro = Unit.objects.create(kind="biro", name="Biro Pemotda Jatim", region=province)
    organiser = make_user("biro.jatim", organiser_of=biro)
    version = {(v.instrument.code, v.version): v for v, _ in ensure_library()}[
        ("skk-jatim", "2023.1")
    ]
    cycle = cycle_services.create_cycle(
        version=version,
        name="SKK Jatim Uji",
        year=2026,
        organiser_unit=biro,
        starts_on=dt.date(2026, 1, 5),
        by=organiser,
    )
    invitations = {}
    for number in range(1, ENTRANTS + 1):
        region = Region.objects.create(
            code=f"35.{number:02d}", name=f"Kabupaten R{number:02d}", kind="kabupaten"
        )
        region.parent = province
        region.save()
        body = Unit.objects.create(kind="bagian", name=f"Bagian Tapem R{number:02d}", region=region)
        Unit.objects.create(kind="kecamatan", name=_name(number), region=region)
        make_user(f"tapem.r{number:02d}", organiser_of=body)
        invitations[number] = cycle_services.invite_government(cycle, body, by=organiser)
    nomination_stage(cycle, open_now=True, by=organiser)
    return cycle, organiser, invitations


def _nominate_the_others(invitations) -> None:
    for number, invitation in invitations.items():
        if number == 1:
            continue
        nominations.nominate(
            invitation,
            Unit.objects.get(name=_name(number)),
            by=User.objects.get(username=f"tapem.r{number:02d}"),
        )


def _score_desk_rounds(cycle) -> None:
    """One juror's Tahap I and II: K01 best, each next kecamatan one ADM5 point lower."""
    juror = cycle_services.add_team_member(
        cycle, user=User.objects.create(username="juri.desk"), by=None
    )
    rows = []
    for participant in cycle.participants.select_related("unit"):
        drop = int(participant.unit.name[-2:]) - 1
        for ref, value in (DESK | {"ADM5": 50 - drop} | TALK).items():
            rows.append(_review(juror, participant, ref, value))
    Review.objects.bulk_create(rows)
    recompute_cycle(cycle)


def _review(juror, participant, ref, value) -> Review:
    return Review(
        evaluator=juror,
        participant=participant,
        indicator_ref=ref,
        component=COMPONENT[ref[0]],
        round="",
        value=value,
    )


def _field_jury(cycle, organiser):
    panel = cycle_services.add_panel(cycle, name="Juri tinjau lapang", by=organiser)
    return [
        cycle_services.add_team_member(
            cycle, user=User.objects.create(username=username), panel=panel, by=organiser
        )
        for username in ("lapang.1", "lapang.2")
    ]


def _score_field_round(cycle, jury) -> None:
    """The field jury's Tahap III for those it was assigned: the same points for all seven."""
    rows = [
        _review(assignment.evaluator, assignment.participant, ref, value)
        for assignment in Assignment.objects.filter(evaluator__in=jury).select_related(
            "participant", "evaluator"
        )
        for ref, value in FIELD.items()
    ]
    Review.objects.bulk_create(rows)
    recompute_cycle(cycle)


def _as(browser, live_server, login, username):
    context = browser.new_context()
    page = context.new_page()
    login(page, username)
    return page


def test_thirty_nominated_kecamatan_run_three_rounds_to_the_awards(
    browser, live_server, jatim_skk, login, determine_and_publish
):
    cycle, organiser, invitations = jatim_skk
    base = live_server.url

    # A kab/kota nominates its kecamatan on the nominations page; 29 others did the same.
    tapem = _as(browser, live_server, login, "tapem.r01")
    tapem.goto(base + reverse("nominations:list", kwargs={"cycle_id": cycle.pk}))
    mine = tapem.get_by_test_id(f"invitation-{invitations[1].pk}")
    mine.locator("select").select_option(label=f"{_name(1)} — Kabupaten R01")
    mine.get_by_test_id("nominate").click()
    expect(mine.get_by_test_id("nomination")).to_contain_text(_name(1))
    _nominate_the_others(invitations)

    # The province accepts all thirty at once.
    province = _as(browser, live_server, login, "biro.jatim")
    province.goto(base + reverse("nominations:list", kwargs={"cycle_id": cycle.pk}))
    province.get_by_test_id("accept-all").click()
    expect(province.locator(".alert-success")).to_contain_text("30")
    expect(province.get_by_test_id("accept")).to_have_count(0)
    assert cycle.participants.count() == ENTRANTS

    # After Tahap I and II the engine proposes the seven best; the province decides so.
    _score_desk_rounds(cycle)
    province.goto(base + reverse("results:rounds", kwargs={"cycle_id": cycle.pk}))
    expect(province.locator("input[name=going_on]")).to_have_count(ENTRANTS)
    expect(province.locator("input[name=going_on]:checked")).to_have_count(FINALISTS)
    province.get_by_test_id("decide").click()
    expect(province.locator(".alert-success")).to_contain_text(str(FINALISTS))

    # Tahap III belongs to the field jury, assigned to the seven finalists only.
    jury = _field_jury(cycle, organiser)
    province.reload()
    field_row = province.get_by_test_id("round-panels").locator("tr", has_text="Tahap III")
    field_row.get_by_label("Panel Tahap III").select_option(label="Juri tinjau lapang (2)")
    field_row.locator("button[name=round_panel]").click()
    expect(province.locator(".alert-success")).to_be_visible()
    province.get_by_test_id("round-panels").locator("tr", has_text="Tahap III").get_by_test_id(
        "assign-round"
    ).click()
    expect(province.locator(".alert-success")).to_contain_text(str(FINALISTS * len(jury)))
    finalists = {_name(n) for n in range(1, FINALISTS + 1)}
    assigned = set(
        Assignment.objects.filter(evaluator__in=jury).values_list(
            "participant__unit__name", flat=True
        )
    )
    assert assigned == finalists

    # Determined and announced.
    _score_field_round(cycle, jury)
    determine_and_publish(
        province,
        cycle,
        number="100.3.3.1/2026",
        date="2026-12-01",
        signatory="Gubernur Jawa Timur",
        position="Gubernur Jawa Timur",
        override="Uji: Tahap III dinilai lebih awal",
    )

    public = browser.new_context().new_page()
    public.goto(base + reverse("results:announcement", kwargs={"cycle_id": cycle.pk}))
    rows = public.get_by_test_id("public-ranking").locator("tbody tr")
    expect(rows).to_have_count(ENTRANTS)
    for rank, award in enumerate(["Juara 1", "Juara 2", "Juara 3", "Harapan 1", "Harapan 2"]):
        expect(rows.nth(rank)).to_contain_text(_name(rank + 1))
        expect(rows.nth(rank)).to_contain_text(award)
        expect(rows.nth(rank).get_by_test_id("award-certificate")).to_have_count(1)
    for rank in (5, 6):  # finalists without an award still have their grade
        expect(rows.nth(rank).get_by_test_id("stopped")).to_have_count(0)
    stopped = public.get_by_test_id("stopped")
    expect(stopped).to_have_count(ENTRANTS - FINALISTS)
    expect(stopped.first).to_contain_text("tidak lolos ke Tahap III")
    expect(public.get_by_test_id("grade-certificate")).to_have_count(FINALISTS)
