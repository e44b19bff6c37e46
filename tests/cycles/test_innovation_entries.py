"""Innovation entries (issue 13): a competition's entrant may be an innovation, and one unit may
enter several of its innovations in one cycle."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.cycles import services
from kinerja.innovations.models import Innovation
from kinerja.units.models import Region, Unit


@pytest.fixture
def innovations(yogya_units):
    dinkes = yogya_units["dinkes"]
    return {
        "sehat": Innovation.objects.create(
            owner=dinkes, title="Posyandu Digital", acronym="POSDIG"
        ),
        "lansia": Innovation.objects.create(owner=dinkes, title="Lansia Smart"),
        "paten": Innovation.objects.create(owner=yogya_units["kraton"], title="PATEN Keliling"),
    }


def url(cycle):
    return reverse("cycles:participants", kwargs={"cycle_id": cycle.pk})


def test_two_innovations_of_one_unit_enter_one_cycle(cycle, innovations, organiser):
    added = services.add_innovation_entries(
        cycle, [innovations["sehat"], innovations["lansia"], innovations["sehat"]], by=organiser
    )

    assert sorted(str(p) for p in added) == [
        "Lansia Smart — Dinas Kesehatan",
        "Posyandu Digital (POSDIG) — Dinas Kesehatan",
    ]
    assert cycle.participants.filter(unit__name="Dinas Kesehatan").count() == 2
    events = AuditEvent.objects.filter(action="participant.add", after__innovation__isnull=False)
    assert events.count() == 2


def test_an_innovation_enters_once_and_the_unit_may_still_enter_itself(
    cycle, innovations, yogya_units, organiser
):
    services.add_innovation_entries(cycle, [innovations["paten"]], by=organiser)
    again = services.add_innovation_entries(cycle, [innovations["paten"]], by=organiser)
    # Kraton takes part as a unit already (the fixture); its innovation is a second entrant.

    assert again == []
    kraton = cycle.participants.filter(unit=yogya_units["kraton"])
    assert sorted((p.innovation_id or 0) for p in kraton) == [0, innovations["paten"].pk]
    assert services.add_participants(cycle, [yogya_units["kraton"]], by=organiser) == []


def test_another_governments_innovation_is_refused(cycle, organiser):
    batu = Region.objects.create(code="35.79", name="Kota Batu", kind="kota")
    dinas = Unit.objects.create(kind="dinas", name="Dinas Pendidikan", region=batu)
    outsider = Innovation.objects.create(owner=dinas, title="Ada Kelas di ATV")

    with pytest.raises(ValidationError):
        services.add_innovation_entries(cycle, [outsider], by=organiser)

    assert not cycle.participants.filter(innovation=outsider).exists()


def test_page_enters_innovations_by_unit_and_title_or_acronym(organiser_client, cycle, innovations):
    response = organiser_client.post(
        url(cycle),
        # What the browser sends: the lines and the "Enter" button.
        {"entries": "Dinas Kesehatan; posdig\nDinkes; Lansia Smart", "enter": "1"},
    )

    assert response.status_code == 302
    entered = cycle.participants.filter(innovation__isnull=False)
    assert {p.innovation.title for p in entered} == {"Posyandu Digital", "Lansia Smart"}
    page = organiser_client.get(url(cycle)).content.decode()
    assert "Posyandu Digital (POSDIG)" in page
    # Only the lines are called "entries" (a button of that name replaced them, issue 13).
    assert page.count('name="entries"') == 1


def test_page_names_the_bad_lines_in_order_and_enters_nothing(organiser_client, cycle, innovations):
    response = organiser_client.post(
        url(cycle),
        {"entries": "Dinas Kesehatan; Tidak Ada\nTidak Ada; Lansia Smart\nDinas Kesehatan"},
    )

    assert response.status_code == 200
    assert response.context["entries_form"].errors["entries"] == [
        "baris 1: Dinas Kesehatan tidak memiliki inovasi Tidak Ada",
        "baris 2: tidak ada unit Tidak Ada",
        "baris 3: tulis unit, titik koma, lalu judul inovasi",
    ]
    assert not cycle.participants.filter(innovation__isnull=False).exists()


def test_another_governments_innovation_is_not_found_on_the_page(organiser_client, cycle):
    batu = Region.objects.create(code="35.79", name="Kota Batu", kind="kota")
    dinas = Unit.objects.create(kind="dinas", name="Dinas Pendidikan Batu", region=batu)
    Innovation.objects.create(owner=dinas, title="Ada Kelas di ATV")

    response = organiser_client.post(
        url(cycle), {"entries": "Dinas Pendidikan Batu; Ada Kelas di ATV"}
    )

    assert response.status_code == 200
    assert response.context["entries_form"].errors["entries"] == [
        "baris 1: tidak ada unit Dinas Pendidikan Batu"
    ]
