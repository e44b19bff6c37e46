from fractions import Fraction

from django.db.models import Count

from kinerja.audit.models import AuditEvent
from kinerja.demo.world import load_demo_world
from kinerja.units.models import Region, Unit
from tests.demo.conftest import DEMO_WORLD

pytestmark = DEMO_WORLD


def test_demo_world_has_the_real_units_and_is_idempotent(demo_world):
    logins = load_demo_world()
    counts = (Unit.objects.count(), Region.objects.count(), AuditEvent.objects.count())
    load_demo_world()

    assert (Unit.objects.count(), Region.objects.count(), AuditEvent.objects.count()) == counts
    assert Region.objects.filter(parent__code="35").count() == 38
    assert Unit.objects.filter(region__code="34.71", kind="kemantren").count() == 14
    assert Unit.objects.get(code="34.71.01").name == "Kemantren Mantrijeron"
    batu_opd = Unit.objects.filter(region__code="35.79").exclude(kind__in=["pemda", "bumd"])
    assert batu_opd.exclude(kind="bagian").count() == 29
    assert set(
        Unit.objects.filter(region__code="35.79", kind="kecamatan").values_list(
            "short_name", flat=True
        )
    ) == {"Batu", "Bumiaji", "Junrejo"}
    assert Unit.objects.filter(name="Suku Dinas Sosial Kota Administrasi Jakarta Pusat").exists()
    assert Unit.objects.get(name="Kecamatan Sawah Besar").region.code == "31.71"
    assert Unit.objects.get(name="Kecamatan Margahayu").region.name == "Kabupaten Bandung"
    assert {login.username for login in logins} >= {"penyelenggara"}


def test_demo_world_yogyakarta_team_bodies_exist(demo_world):
    load_demo_world()

    team_bodies = [
        "Bagian Tata Pemerintahan",
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
        "Bagian Administrasi Pembangunan",
        "Bagian Organisasi",
    ]
    jogja = Unit.objects.filter(region__code="34.71")
    found = [
        b
        for b in team_bodies
        if jogja.filter(name=b).exists() or jogja.filter(short_name=b).exists()
    ]
    assert found == team_bodies


def test_demo_world_ekk2025_is_in_its_f01_stage_with_team_assigned(demo_world):
    from kinerja.assessments.models import Answer, SelfAssessment
    from kinerja.cycles import gates
    from kinerja.cycles.models import Cycle

    load_demo_world()

    cycle = Cycle.objects.get(name="EKK 2025 Kota Yogyakarta")
    assert gates.is_open(cycle, "can_edit_self")
    assert cycle.participants.count() == 14
    assert cycle.team.count() == 25
    assert cycle.team.values("agency").distinct().count() == 15
    assert cycle.team.filter(role="chair").count() == 1
    per_participant = [p.assignments.count() for p in cycle.participants.all()]
    assert per_participant == [3] * 14
    loads = sorted(m.assignments.count() for m in cycle.team.all())
    assert loads[-1] - loads[0] <= 1
    answered = {
        p.unit.short_name: Answer.objects.filter(participant=p).count()
        for p in cycle.participants.select_related("unit")
    }
    assert 0 < answered["Mantrijeron"] < answered["Kotagede"]
    assert answered["Jetis"] == 0
    assert (
        SelfAssessment.objects.get(participant__unit__short_name="Kotagede").status == "submitted"
    )


def test_demo_world_pekppp_jakarta_pusat_has_the_whole_path(demo_world):
    from kinerja.assessments.models import SelfAssessment
    from kinerja.cycles.models import Cycle
    from kinerja.minutes.models import Minutes, Recommendation
    from kinerja.reviews.models import Review
    from kinerja.visits.models import FieldVisit

    load_demo_world()

    cycle = Cycle.objects.get(name="PEKPPP Mandiri Jakarta Pusat 2023")
    units = sorted(cycle.participants.values_list("unit__short_name", flat=True))
    assert units == ["Sawah Besar", "Sudin Sosial"]
    for participant in cycle.participants.all():
        assert SelfAssessment.objects.get(participant=participant).status == "submitted"
        assert FieldVisit.objects.get(participant=participant).status == "done"
        assert str(FieldVisit.objects.get(participant=participant).day) == "2023-07-24"
        assert Review.objects.filter(participant=participant).count() == 60  # 30 × 2 evaluators
        minutes = Minutes.objects.get(participant=participant)
        assert minutes.status == "final"
        assert minutes.signers.filter(confirmed_at__isnull=True).count() == 0
        assert Recommendation.objects.filter(participant=participant).count() == 3
        assert participant.result.grade_code in {"A", "A-", "B", "B-"}
    # F03 (25 % of the IPP) from the units' semester I 2023 surveys.
    assert cycle.instrument_version.instrument.code == "pekppp-skm"
    assert (cycle.survey_feed.year, cycle.survey_feed.period) == (2023, "s1")
    for participant in cycle.participants.all():
        assert Fraction(participant.result.components["f03"]["score"]) > 3


def test_every_event_of_a_government_is_on_its_trail(demo_world):
    """Only the platform's own events (accounts, the shipped library, the region list) are on
    no government's trail; a field visit, an F01, a berita acara or a claim check (reached
    through one-to-one keys or a claim) belongs to its cycle."""
    unscoped = dict(
        AuditEvent.objects.filter(scope_cycle__isnull=True, scope_region__isnull=True)
        .values_list("object_type")
        .annotate(n=Count("pk"))
    )

    assert set(unscoped) <= {"accounts.user", "instruments.instrumentversion", "units.region"}
    assert AuditEvent.objects.filter(
        object_type__in=["visits.fieldvisit", "visits.attendance", "assessments.selfassessment"],
        scope_cycle__isnull=False,
    ).exists()
