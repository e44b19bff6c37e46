"""Proposals (issue 13): an innovation entry writes its proposal in the F01, in the sections of
REFERENCE.md §5, each with a word limit the server enforces (``inovasi@2025.1``)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kinerja.assessments.models import Answer
from kinerja.cycles.enums import MemberRole
from kinerja.cycles.services import add_innovation_entries, create_cycle
from kinerja.innovations.models import Innovation
from kinerja.instruments.queries import find_version
from kinerja.units.enums import UnitKind
from kinerja.units.models import Unit

from .conftest import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(make_user, organiser, pemkot):
    dinkes = Unit.objects.create(
        kind=UnitKind.DINAS, name="Dinas Kesehatan", region=pemkot.region, parent=pemkot
    )
    cycle = create_cycle(
        version=find_version("inovasi", "2025.1"),
        name="Kompetisi Inovasi 2025",
        year=2025,
        organiser_unit=pemkot,
        starts_on=timezone.localdate() - dt.timedelta(days=1),
        by=organiser,
    )
    innovation = Innovation.objects.create(owner=dinkes, title="Posyandu Digital")
    (participant,) = add_innovation_entries(cycle, [innovation], by=organiser)
    operator = make_user("op.dinkes", full_name="Operator Dinkes")
    member(participant, operator, MemberRole.OPERATOR)
    client = Client()
    client.force_login(operator)
    return participant, client


def save(client, participant, ref, text):
    return client.post(
        reverse("assessments:save_answer", args=[participant.pk, ref]),
        {"value": text, "narrative": "", "version": "0"},
        HTTP_HX_REQUEST="true",
    )


def test_a_proposal_section_over_its_word_limit_is_refused_and_nothing_is_stored(entry):
    participant, client = entry

    response = save(client, participant, "PROP1", " ".join(["kata"] * 301))

    assert response.status_code == 200
    assert "teks paling banyak 300 kata; isian ini 301 kata" in response.content.decode()
    assert Answer.objects.count() == 0


def test_the_f01_is_the_proposal_and_shows_each_sections_limit(entry):
    participant, client = entry

    saved = save(client, participant, "PROP1", " ".join(["kata"] * 300))
    page = client.get(reverse("assessments:f01", kwargs={"participant_id": participant.pk}))

    assert saved.status_code == 200
    assert Answer.objects.get(indicator_ref="PROP1").value == " ".join(["kata"] * 300)
    html = page.content.decode()
    assert html.count('data-testid="words-') == 8  # PROP1–PROP8
    section = html[html.index('data-testid="words-PROP1"') :][:200]
    assert "Paling banyak 300 kata; 300 ditulis." in section
    assert 'data-testid="answer-SUB1"' not in html  # the panel scores the sections, on F02
