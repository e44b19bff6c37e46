"""The determination snapshot is served only when it matches its stored SHA-256 (issue 11): an
altered record is refused on every page and document that serves it (409, never 404 or 500),
the organiser is told which version and what to do, and the mismatch is audited once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kinerja.audit.models import AuditEvent
from kinerja.results import services
from kinerja.results.integrity import MISMATCH_ACTION, rows_hash, snapshot_hash
from kinerja.results.models import Announcement, Determination

from .test_documents import DECREE, announced, scored  # noqa: F401 — shared fixtures

PUBLIC_REFUSAL = (
    "These results cannot be shown: the stored record did not pass its integrity check. "
    "The organiser has been told."
)
ORGANISER_MESSAGE = (
    "The stored snapshot of determination version 1 no longer matches its SHA-256: it was "
    "changed outside Kinerja. It is not served or announced. Reopen the determination and "
    "determine again, or restore the record from a backup."
)


def english(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def tamper(determination: Determination) -> list[dict]:
    """Move the last participant to rank 1 in the stored record, as an edit outside Kinerja."""
    rows = Determination.objects.values_list("snapshot", flat=True).get(pk=determination.pk)
    rows[-1]["rank"] = 1
    Determination.objects.filter(pk=determination.pk).update(snapshot=rows)
    return rows


def public_urls(cycle, participants) -> dict[str, str]:
    c, p = cycle.pk, participants[1].pk
    return {
        "announcement": reverse("results:announcement", kwargs={"cycle_id": c}),
        "report_card": reverse("results:report_card", kwargs={"cycle_id": c, "participant_id": p}),
        "report_card_pdf": reverse(
            "results:report_card_pdf", kwargs={"cycle_id": c, "participant_id": p}
        ),
        "ranking_pdf": reverse("results:ranking_pdf", kwargs={"cycle_id": c}),
        "certificate_bundle_pdf": reverse("results:certificate_bundle_pdf", kwargs={"cycle_id": c}),
        "certificate_pdf": reverse(
            "results:certificate_pdf",
            kwargs={"cycle_id": c, "participant_id": p, "kind": "penghargaan"},
        ),
        "announcement_rekap": reverse("results:announcement_rekap", kwargs={"cycle_id": c}),
    }


NAMES = [
    "announcement",
    "report_card",
    "report_card_pdf",
    "ranking_pdf",
    "certificate_bundle_pdf",
    "certificate_pdf",
    "announcement_rekap",
]


@pytest.fixture
def published(announced):  # noqa: F811 — the imported fixture
    """Determined (version 1) and announced; UKPD 1 first with an award."""
    return announced


@pytest.fixture
def determined(scored, organiser):  # noqa: F811 — the imported fixture
    """Determined (version 1), not announced."""
    cycle, _participants, _team = scored
    return cycle, services.determine(cycle, by=organiser, **DECREE)


# --- the hash --------------------------------------------------------------------------------


def test_rows_hash_streamed_equals_the_hash_of_the_whole_snapshot():
    rows = [{"b": 1, "a": "Kemantren Ngampilan"}, {"rank": None, "awards": ["T1"]}]

    assert rows_hash(iter(rows)) == snapshot_hash(rows)
    assert rows_hash(iter([])) == snapshot_hash([])


# --- public pages and documents --------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_altered_snapshot_is_refused_to_the_public_with_a_plain_page(published, name):
    cycle, participants, determination = published
    tamper(determination)

    response = english().get(public_urls(cycle, participants)[name])

    html = response.content.decode()
    assert response.status_code == 409
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert PUBLIC_REFUSAL in html
    assert ORGANISER_MESSAGE not in html


@pytest.mark.parametrize("name", NAMES)
def test_intact_snapshot_is_served(published, name):
    cycle, participants, _determination = published

    response = english().get(public_urls(cycle, participants)[name])

    assert response.status_code == 200
    assert AuditEvent.objects.filter(action=MISMATCH_ACTION).count() == 0


def test_altered_snapshot_is_audited_once_per_altered_content(published):
    cycle, participants, determination = published
    tamper(determination)
    url = public_urls(cycle, participants)["announcement"]

    english().get(url)
    english().get(url)

    [event] = AuditEvent.objects.filter(action=MISMATCH_ACTION)
    found = snapshot_hash(Determination.objects.get(pk=determination.pk).snapshot)
    assert (event.object_id, event.before, event.after) == (
        str(determination.pk),
        {"sha256": determination.sha256},
        {"found": found, "version": 1},
    )
    assert event.scope_cycle == cycle.pk


# --- the organiser -------------------------------------------------------------------------------


def test_organiser_opening_an_altered_document_reads_what_to_do(published, organiser):
    cycle, participants, determination = published
    tamper(determination)

    response = english(organiser).get(public_urls(cycle, participants)["ranking_pdf"])

    html = response.content.decode()
    assert response.status_code == 409
    assert ORGANISER_MESSAGE in html
    assert reverse("results:determination", kwargs={"cycle_id": cycle.pk}) in html


def test_determination_page_warns_the_organiser_about_an_altered_snapshot(published, organiser):
    cycle, _participants, determination = published
    tamper(determination)

    response = english(organiser).get(
        reverse("results:determination", kwargs={"cycle_id": cycle.pk})
    )

    html = response.content.decode()
    assert (
        f'<div class="alert alert-danger" role="alert" data-testid="snapshot-altered">'
        f"{ORGANISER_MESSAGE}</div>"
    ) in html
    assert 'data-testid="altered-1"' in html
    assert AuditEvent.objects.filter(action=MISMATCH_ACTION).count() == 1


def test_determination_page_of_an_intact_snapshot_has_no_warning(published, organiser):
    cycle, _participants, _determination = published

    response = english(organiser).get(
        reverse("results:determination", kwargs={"cycle_id": cycle.pk})
    )

    assert 'data-testid="snapshot-altered"' not in response.content.decode()


def test_team_rekap_of_an_altered_determination_is_refused(determined, organiser):
    cycle, determination = determined
    tamper(determination)

    response = english(organiser).get(reverse("results:rekap", kwargs={"cycle_id": cycle.pk}))

    assert response.status_code == 409
    assert ORGANISER_MESSAGE in response.content.decode()


def test_publishing_an_altered_determination_is_refused(determined, organiser):
    cycle, determination = determined
    tamper(determination)

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.publish(cycle, by=organiser)

    with translation.override("en"):
        assert refused.value.messages == [ORGANISER_MESSAGE]
    assert refused.value.code == "snapshot_altered"
    assert not Announcement.objects.filter(cycle=cycle).exists()
