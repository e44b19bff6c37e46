"""Every URL of the URL conf, filled with Kota Yogyakarta's and Jakarta Pusat's real objects of
the demo world, requested by Kota Batu's organiser: nothing that is not public answers with
data, and nothing changes. A new URL is covered without a new line here.

(The full role × tenant permission matrix of issue 10 builds on this; see the issue note.)
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kinerja.assessments.models import Evidence, EvidenceRevision
from kinerja.audit.models import AuditEvent
from kinerja.cycles.models import Cycle, TeamMember
from kinerja.reviews.models import Appeal, Clarification, Recommendation, Review
from kinerja.visits.models import Attendance, VisitPhoto

User = get_user_model()

# The shared instrument library is every organiser's to read (DESIGN: tenancy).
SHARED_NAMESPACES = {"instruments"}


def patterns(resolver=None, prefix="", namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or namespace
            yield from patterns(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace, entry.name, entry.pattern.converters, prefix + str(entry.pattern)


def first_pk(queryset) -> int:
    obj = queryset.order_by("pk").first()
    return obj.pk if obj is not None else 999_999


def fill(cycle: Cycle, route: str, names) -> dict:
    participant = cycle.participants.order_by("pk").first()
    in_cycle = {"participant__cycle": cycle}
    values = {
        "cycle_id": cycle.pk,
        "participant_id": participant.pk,
        "clarification_id": first_pk(Clarification.objects.filter(**in_cycle)),
        "evidence_id": first_pk(Evidence.objects.filter(**in_cycle)),
        "revision_id": first_pk(
            EvidenceRevision.objects.filter(evidence__participant__cycle=cycle)
        ),
        "member_id": first_pk(TeamMember.objects.filter(cycle=cycle)),
        "appeal_id": first_pk(Appeal.objects.filter(**in_cycle)),
        "recommendation_id": first_pk(Recommendation.objects.filter(**in_cycle)),
        "photo_id": first_pk(VisitPhoto.objects.filter(visit__participant__cycle=cycle)),
        "attendee_id": first_pk(Attendance.objects.filter(visit__participant__cycle=cycle)),
        "unit_id": participant.unit_id,
        "ref": (Review.objects.filter(**in_cycle).values_list("indicator_ref", flat=True).first())
        or "1",
        "slot": "dokumen",
        "kind": "predikat",
        "family": cycle.instrument_version.instrument.family,
        "code": participant.unit.region.code,
        "object_type": "cycles.cycle",
        "object_id": str(cycle.pk),
    }
    values["pk"] = participant.unit_id if route.startswith("unit/") else cycle.pk
    return {name: values[name] for name in names}


@pytest.fixture
def targets(demo_world):
    return [
        Cycle.objects.get(name="EKK 2024 Kota Yogyakarta"),
        Cycle.objects.get(name__startswith="EKK 2025"),
        Cycle.objects.get(name__startswith="PEKPPP"),
    ]


@pytest.mark.django_db
def test_another_governments_urls_answer_404_and_change_nothing(demo_world, targets):
    batu, anonymous = Client(), Client()
    batu.force_login(User.objects.get(username="organisasi.batu"))
    events = AuditEvent.objects.count()
    leaks, checked = [], 0
    for cycle in targets:
        for namespace, name, converters, route in patterns():
            if not converters or namespace in SHARED_NAMESPACES:
                continue
            url = reverse(
                f"{namespace}:{name}" if namespace else name, kwargs=fill(cycle, route, converters)
            )
            if anonymous.get(url).status_code == 200:
                continue  # public (an announced result): the same for everyone
            checked += 1
            for method in (batu.get, batu.post):
                status = method(url).status_code
                if status not in (404, 405):
                    leaks.append((method.__name__, url, status))
    assert leaks == []
    assert checked > 100
    assert AuditEvent.objects.count() == events
