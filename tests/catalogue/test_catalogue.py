"""Innovations kept by their government's organisers and published to the public catalogue
(issue 13): search and filters, and each innovation's page with the announced results of the
competitions it entered."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.catalogue import queries
from kinerja.cycles.models import Participant
from kinerja.innovations import services
from kinerja.innovations.models import Innovation
from kinerja.results import services as results
from kinerja.results.compute import recompute_cycle
from kinerja.units.models import Region, Unit

from ..results.conftest import all_refs, pekppp_cycle, put  # noqa: F401 -- fixture


@pytest.fixture
def dinkes(pemkot):
    return Unit.objects.create(kind="dinas", name="Dinas Kesehatan", region=pemkot.region)


def test_an_organiser_keeps_its_units_innovations(dinkes, organiser, make_user):
    batu = Region.objects.create(code="35.79", name="Kota Batu", kind="kota")
    outsider = make_user(
        "org.batu", organiser_of=Unit.objects.create(kind="pemda", name="Pemkot Batu", region=batu)
    )

    innovation = services.create_innovation(
        owner=dinkes, title="Posyandu Digital", acronym="POSDIG", by=organiser
    )
    with pytest.raises(ValidationError) as taken:
        services.create_innovation(owner=dinkes, title="Posyandu Digital", by=organiser)
    with pytest.raises(PermissionDenied):
        services.create_innovation(owner=dinkes, title="Lain", by=outsider)
    services.update_innovation(
        innovation, expected_version=1, by=organiser, description="Layanan posyandu daring"
    )
    with pytest.raises(ValidationError) as stale:
        services.update_innovation(innovation, expected_version=1, by=organiser, acronym="PD")

    assert taken.value.code == "title_taken"
    assert stale.value.code == "conflict"
    innovation.refresh_from_db()
    assert innovation.version == 2 and innovation.acronym == "POSDIG"
    assert AuditEvent.objects.filter(action__startswith="innovation.").count() == 2


def test_the_pages_create_edit_and_publish(dinkes, organiser_client):
    manage = reverse("innovations:manage")

    bad = organiser_client.post(
        manage,
        {"owner": dinkes.pk, "title": "Lansia Smart", "status": "berjalan", "figures": "x; 1"},
    )
    created = organiser_client.post(
        manage,
        {
            "owner": dinkes.pk,
            "title": "Lansia Smart",
            "status": "berjalan",
            "started_on": "2022-03-01",
            "figures": "Waktu tunggu (menit); 90; 15",
        },
    )
    innovation = Innovation.objects.get()
    edit = reverse("innovations:edit", kwargs={"innovation_id": innovation.pk})
    hidden = organiser_client.get(reverse("catalogue:detail", args=[innovation.pk]))
    published = organiser_client.post(edit, {"publish": "1"})

    assert bad.status_code == 400 and "Baris 1" in bad.content.decode()
    assert created.status_code == 302
    assert innovation.figures == [{"label": "Waktu tunggu (menit)", "before": "90", "after": "15"}]
    assert hidden.status_code == 404  # a draft is not public
    assert published.status_code == 302
    page = organiser_client.get(reverse("catalogue:detail", args=[innovation.pk])).content
    assert "Waktu tunggu (menit)" in page.decode()


def test_the_catalogue_searches_and_filters(dinkes, organiser, client):
    kept = {}
    for title, started in (("Lansia Smart", dt.date(2022, 3, 1)), ("Sapa Warga", None)):
        kept[title] = services.create_innovation(
            owner=dinkes, title=title, started_on=started, by=organiser
        )
        services.set_published(kept[title], published=True, by=organiser)
    services.create_innovation(owner=dinkes, title="Draf Rahasia", by=organiser)

    everything = client.get(reverse("catalogue:list")).content.decode()
    by_text = client.get(reverse("catalogue:list"), {"q": "sapa"}).content.decode()
    by_year = client.get(reverse("catalogue:list"), {"year": "2022"}).content.decode()
    by_region = client.get(reverse("catalogue:list"), {"region": "34"}).content.decode()
    elsewhere = client.get(reverse("catalogue:list"), {"region": "35.79"}).content.decode()
    hostile = client.get(reverse("catalogue:list"), {"region": "x" * 500, "year": "1e99"})

    assert "Lansia Smart" in everything and "Sapa Warga" in everything
    assert "Draf Rahasia" not in everything
    assert "Sapa Warga" in by_text and "Lansia Smart" not in by_text
    assert "Lansia Smart" in by_year and "Sapa Warga" not in by_year
    assert "Lansia Smart" in by_region
    assert "Lansia Smart" not in elsewhere
    assert hostile.status_code == 200


def test_an_innovation_page_shows_its_announced_results(pekppp_cycle, organiser, client):  # noqa: F811
    cycle, participants, team = pekppp_cycle
    owner = participants[0].unit
    innovation = services.create_innovation(owner=owner, title="Sapa Pelanggan", by=organiser)
    services.set_published(innovation, published=True, by=organiser)
    entry = Participant.objects.create(cycle=cycle, unit=owner, innovation=innovation)
    for level, participant in zip((4, 3, 2, 1, 5), [*participants, entry], strict=True):
        for ref in all_refs(cycle):
            put(participant, team[0], ref, level)
    recompute_cycle(cycle)
    url = reverse("catalogue:detail", args=[innovation.pk])
    before = client.get(url).content.decode()
    results.determine(
        cycle,
        decree_number="100/1/2025",
        decree_date=dt.date(2025, 11, 3),
        signatory_name="Budi",
        signatory_position="Wali Kota",
        by=organiser,
    )
    results.publish(cycle, by=organiser)

    after = client.get(url).content.decode()
    found = queries.outcomes([innovation.pk])[innovation.pk]

    assert "PEKPPP 2025" not in before  # determined and announced only
    assert [(o.cycle_name, o.rank) for o in found] == [("PEKPPP 2025", 1)]
    assert "PEKPPP 2025" in after
