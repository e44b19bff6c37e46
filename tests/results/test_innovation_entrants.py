"""An innovation entered in a competition is published under its own name (issue 13): the
ranking, the frozen record (announcement, report cards, certificates) say "innovation — unit"."""

import datetime as dt

import pytest
from django.urls import reverse

from kinerja.cycles.models import Participant
from kinerja.innovations.models import Innovation
from kinerja.results import services
from kinerja.results.compute import recompute_cycle

from .conftest import all_refs, put


@pytest.fixture
def entered(pekppp_cycle):
    cycle, participants, team = pekppp_cycle
    owner = participants[0].unit
    innovation = Innovation.objects.create(owner=owner, title="Sapa Pelanggan", acronym="SAPA")
    entry = Participant.objects.create(cycle=cycle, unit=owner, innovation=innovation)
    for level, participant in zip((4, 3, 2, 1, 5), [*participants, entry], strict=True):
        for ref in all_refs(cycle):
            put(participant, team[0], ref, level)
    recompute_cycle(cycle)
    return cycle, entry


def test_the_frozen_record_names_the_innovation(entered, organiser):
    cycle, entry = entered

    services.determine(
        cycle,
        decree_number="100/1/2023",
        decree_date=dt.date(2023, 11, 3),
        signatory_name="Budi",
        signatory_position="Wali Kota",
        by=organiser,
    )

    rows = {row["participant_id"]: row for row in cycle.determinations.get().snapshot}
    assert rows[entry.pk]["unit"] == f"Sapa Pelanggan (SAPA) — {entry.unit.name}"
    assert rows[entry.pk]["innovation"] == "Sapa Pelanggan"
    assert rows[entry.pk]["rank"] == 1
    others = [row for pk, row in rows.items() if pk != entry.pk]
    assert all(row["innovation"] == "" for row in others)


def test_the_ranking_page_names_the_innovation(
    entered, organiser_client, django_assert_max_num_queries
):
    cycle, entry = entered
    url = reverse("results:ranking", kwargs={"cycle_id": cycle.pk})

    page = organiser_client.get(url).content.decode()

    assert f"Sapa Pelanggan (SAPA) — {entry.unit.name}" in page
