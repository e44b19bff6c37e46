import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kinerja.accounts.models import User
from kinerja.cycles import services as cycle_services
from kinerja.minutes.models import Recommendation
from kinerja.results import services
from kinerja.results.compute import recompute_cycle
from kinerja.results.exports import (
    RekapSource,
    determined_source,
    live_rows,
    live_source,
    snapshot_rows,
    write_rekap,
)
from kinerja.results.models import Determination, Result
from kinerja.units.models import Unit

from .conftest import all_refs, put

DECREE = {
    "decree_number": "100.3.3.3/321/2025",
    "decree_date": dt.date(2025, 11, 3),
    "signatory_name": "Budi Prasetyo",
    "signatory_position": "Wali Kota Yogyakarta",
}


@pytest.fixture
def scored(pekppp_cycle):
    """Participant 0: every indicator 5 and 4 (mean 4.5); participant 1: one indicator only."""
    cycle, participants, team = pekppp_cycle
    for ref in all_refs(cycle):
        put(participants[0], team[0], ref, 5)
        put(participants[0], team[1], ref, 4)
    put(participants[1], team[0], "1", 5)
    Recommendation.objects.create(participant=participants[0], aspect_ref="1", text="Pertahankan.")
    recompute_cycle(cycle)
    return cycle, participants, team


def read(data: bytes) -> list[list[tuple]]:
    """Every sheet's rows: the recap, one per top-level aspect, then the Info sheet."""
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    return [list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]


def download(client, url) -> list[list[tuple]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return read(b"".join(response.streaming_content))


def written(cycle, source: RekapSource) -> list[list[tuple]]:
    stream = io.BytesIO()
    write_rekap(cycle, stream, source)
    return read(stream.getvalue())


def number(display):
    return float(display) if display else None


def expected_sheets(cycle, rows: list[dict]) -> list[list[tuple]]:
    """The recap and aspect sheets the rekap must hold for snapshot ``rows``, value for value."""
    instrument = cycle.instrument_version.definition
    aspects = [a for c in instrument.components for a in instrument.top_aspects(c.code)]
    recap = [
        (
            row["rank"],
            row["unit"],
            number(row["display"]),
            row["grade_code"] or None,
            ", ".join(row["award_names"]) or None,
            *[number(row["aspects"].get(a.ref, {}).get("display")) for a in aspects],
        )
        for row in rows
    ]
    sheets = [[trimmed(row) for row in recap]]
    for aspect in aspects:
        refs = [i.ref for i in aspect.iter_indicators()]
        sheets.append(
            [
                trimmed(
                    (
                        row["unit"],
                        *[number(row["indicators"].get(r, {}).get("display")) for r in refs],
                    )
                )
                for row in rows
            ]
        )
    return sheets


def trimmed(row: tuple) -> tuple:
    # A read-back row ends at its last written cell.
    end = len(row)
    while end and row[end - 1] is None:
        end -= 1
    return tuple(row[:end])


def data_rows(sheets: list[list[tuple]]) -> list[list[tuple]]:
    """Every sheet but Info, without its header row."""
    return [[trimmed(row) for row in rows[1:]] for rows in sheets[:-1]]


def info(sheets: list[list[tuple]]) -> list:
    """The values of the Info sheet (labels are translated, values are not)."""
    return [value for _label, value in sheets[-1]]


# --- live results (before determination) -------------------------------------------------------


def test_rekap_live_reads_back_with_the_right_numbers(client, scored, organiser):
    cycle, participants, _team = scored
    client.force_login(organiser)

    sheets = download(client, reverse("results:rekap", kwargs={"cycle_id": cycle.pk}))

    assert len(sheets) == 1 + 7 + 1  # recap, one per top-level aspect (a–f, F03), info
    recap = sheets[0]
    first = Result.objects.get(participant=participants[0])
    # Participant 0: every indicator (5 + 4) / 2 = 4.5 of 5 -> IPP 4.50, rank 1.
    assert first.display == "4.50"
    assert recap[1][:4] == (1, participants[0].unit.name, 4.5, first.grade_code)
    aspect_a = sheets[1]
    assert aspect_a[0][1].startswith("1 ")
    # Indicator 1 for participant 0: mean 4.5 on a 0-5 level -> 4.50 on the 0-5 scale.
    assert aspect_a[1][:2] == (participants[0].unit.name, 4.5)
    assert len(info(sheets)) == 3  # cycle, source, generated: no decree
    assert info(sheets)[0] == cycle.name
    assert data_rows(sheets) == expected_sheets(cycle, services.build_snapshot(cycle))


def test_live_rows_are_what_determination_would_freeze(scored):
    cycle, _participants, _team = scored

    rows = list(live_rows(cycle))

    assert rows == services.build_snapshot(cycle)
    assert rows[0]["recommendations"][0]["text"] == "Pertahankan."
    assert rows[0]["indicators"]["1"]["display"] == "4.50"


def test_live_rows_chunked_equal_unchunked(scored):
    cycle, _participants, _team = scored

    chunked = list(live_rows(cycle, chunk_size=1))
    pairs = list(live_rows(cycle, chunk_size=3))

    assert chunked == pairs == list(live_rows(cycle, chunk_size=1000))
    assert data_rows(written(cycle, live_source(cycle, chunk_size=1))) == (
        data_rows(written(cycle, live_source(cycle)))
    )


def test_live_rows_queries_fixed_per_chunk(scored):
    cycle, _participants, _team = scored

    with CaptureQueriesContext(connection) as one_chunk:
        list(live_rows(cycle, chunk_size=1000))
    with CaptureQueriesContext(connection) as four_chunks:
        list(live_rows(cycle, chunk_size=1))

    # Reviews, consensus and recommendations: three queries a chunk, whatever its size.
    assert len(four_chunks) - len(one_chunk) == 3 * 3


def add_participants(cycle, organiser, count: int) -> None:
    region = cycle.participants.first().unit.region
    units = Unit.objects.bulk_create(
        Unit(kind="ukpd", name=f"Tambahan {i:02}", region=region) for i in range(count)
    )
    cycle_services.add_participants(cycle, units, by=organiser)
    recompute_cycle(cycle)


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


def test_rekap_query_count_constant_with_1_and_many_participants(scored, organiser):
    cycle, participants, _team = scored
    for participant in participants[1:]:
        Result.objects.filter(participant=participant).delete()
    cycle.participants.exclude(pk=participants[0].pk).delete()
    assert Result.objects.filter(cycle=cycle).count() == 1
    live_one = count_queries(lambda: written(cycle, live_source(cycle)))
    determination = services.determine(cycle, by=organiser, **DECREE)
    deferred = Determination.objects.defer("snapshot").get(pk=determination.pk)
    frozen_one = count_queries(lambda: written(cycle, determined_source(cycle, deferred)))
    services.reopen_determination(cycle, reason="Peserta ditambah", by=organiser)

    add_participants(cycle, organiser, 30)
    live_many = count_queries(lambda: written(cycle, live_source(cycle)))
    determination = services.determine(cycle, by=organiser, **DECREE)
    deferred = Determination.objects.defer("snapshot").get(pk=determination.pk)
    frozen_many = count_queries(lambda: written(cycle, determined_source(cycle, deferred)))

    assert Result.objects.filter(cycle=cycle).count() == 31
    assert live_many == live_one
    assert frozen_many == frozen_one


# --- the determined record ---------------------------------------------------------------------


def test_snapshot_rows_streamed_from_the_database_equal_the_snapshot(scored, organiser):
    cycle, participants, _team = scored
    # Multi-byte characters, so small reads cut through them.
    Unit.objects.filter(pk=participants[0].unit_id).update(name='Kemantrén Ñgampilan 🏛 "1"')
    determination = services.determine(cycle, by=organiser, **DECREE)
    deferred = Determination.objects.defer("snapshot").get(pk=determination.pk)

    streamed = list(snapshot_rows(deferred, fetch=1, piece=7))

    assert streamed == determination.snapshot
    assert streamed[0]["unit"] == 'Kemantrén Ñgampilan 🏛 "1"'
    assert list(snapshot_rows(deferred)) == determination.snapshot
    assert list(snapshot_rows(determination)) == determination.snapshot


def test_rekap_after_determination_follows_the_record(client, scored, organiser):
    cycle, participants, team = scored
    determination = services.determine(cycle, by=organiser, **DECREE)
    url = reverse("results:rekap", kwargs={"cycle_id": cycle.pk})
    client.force_login(team[0].user)

    before = download(client, url)
    # A later review change moves the live result but not the determined record.
    for ref in all_refs(cycle):
        put(participants[0], team[1], ref, 0)
    recompute_cycle(cycle)
    after = download(client, url)
    live = download(client, url + "?sumber=langsung")

    assert Result.objects.get(participant=participants[0]).display == "2.50"
    assert after == before
    assert data_rows(after) == expected_sheets(cycle, determination.snapshot)
    assert after[0][1][:3] == (1, participants[0].unit.name, 4.5)
    # Cycle, source, version, decree number and date, signatory, position, determined, hash.
    assert info(after)[:5] == [
        cycle.name,
        info(after)[1],
        1,
        DECREE["decree_number"],
        dt.datetime(2025, 11, 3),
    ]
    assert info(after)[5:7] == [DECREE["signatory_name"], DECREE["signatory_position"]]
    assert info(after)[-1] == determination.sha256
    assert live[0][1][:3] == (1, participants[0].unit.name, 2.5)
    assert len(info(live)) == 3

    services.reopen_determination(cycle, reason="Sanggah diterima", by=organiser)
    second = services.determine(cycle, by=organiser, **{**DECREE, "decree_number": "B/2"})
    redetermined = download(client, url)

    assert redetermined[0][1][:3] == (1, participants[0].unit.name, 2.5)
    assert data_rows(redetermined) == expected_sheets(cycle, second.snapshot)
    assert info(redetermined)[2:4] == [2, "B/2"]
    assert info(redetermined)[-1] == second.sha256


def test_rekap_writes_older_snapshots_without_names_or_indicators(scored):
    cycle, _participants, _team = scored
    old_row = {"rank": 1, "unit": "UKPD 0", "display": "4.50", "grade_code": "A"}
    old_row |= {"awards": ["x"], "aspects": {}}

    sheets = written(cycle, RekapSource(rows=[old_row], info=[], filename="x.xlsx"))

    assert sheets[0][1][:5] == (1, "UKPD 0", 4.5, "A", "x")
    assert sheets[1][1] == ("UKPD 0",)  # no indicator scores in that record


# --- who may download --------------------------------------------------------------------------


def test_team_rekap_permissions(client, scored, organiser, make_user):
    cycle, _participants, team = scored
    url = reverse("results:rekap", kwargs={"cycle_id": cycle.pk})
    missing = reverse("results:rekap", kwargs={"cycle_id": cycle.pk + 999})

    anonymous = client.get(url)
    client.force_login(make_user("stranger"))
    stranger = client.get(url)
    stranger_missing = client.get(missing)

    # Anonymous visitors are sent to log in, for a cycle that exists or not (no hint either way).
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("accounts:login"))
    assert (stranger.status_code, stranger_missing.status_code) == (404, 404)
    client.force_login(team[0].user)
    assert client.get(url).status_code == 200
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_public_rekap_is_404_before_announcement_and_public_after(client, scored, organiser):
    cycle, participants, team = scored
    url = reverse("results:announcement_rekap", kwargs={"cycle_id": cycle.pk})

    def status(user) -> int:
        client.logout()
        if user is not None:
            client.force_login(user)
        return client.get(url).status_code

    plain = User.objects.create(username="plain")
    # Not determined: nothing to show, to anyone (the team has the live rekap instead).
    assert [status(u) for u in (None, plain, team[0].user, organiser)] == [404] * 4
    determination = services.determine(cycle, by=organiser, **DECREE)
    # Determined, not announced: a preview for the organiser and the team only.
    assert [status(u) for u in (None, plain, team[0].user, organiser)] == [404, 404, 200, 200]
    services.publish(cycle, by=organiser)
    # Announced: public, and still the frozen record after a later review change.
    for ref in all_refs(cycle):
        put(participants[0], team[1], ref, 0)
    recompute_cycle(cycle)
    assert [status(u) for u in (None, plain)] == [200, 200]
    client.logout()
    sheets = download(client, url)
    assert data_rows(sheets) == expected_sheets(cycle, determination.snapshot)
    assert info(sheets)[-1] == determination.sha256
    services.withdraw(cycle, by=organiser)
    assert status(None) == 404
    assert client.get(url.replace(str(cycle.pk), str(cycle.pk + 999))).status_code == 404


def test_announcement_page_links_the_rekap(client, scored, organiser):
    cycle, _participants, _team = scored
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)

    response = client.get(reverse("results:announcement", kwargs={"cycle_id": cycle.pk}))

    rekap = reverse("results:announcement_rekap", kwargs={"cycle_id": cycle.pk})
    assert f'href="{rekap}"' in response.content.decode()


@pytest.mark.parametrize("extra", [0, 30])
def test_public_rekap_query_count_constant(
    client, scored, organiser, django_assert_max_num_queries, extra
):
    cycle, _participants, _team = scored
    if extra:
        add_participants(cycle, organiser, extra)
    services.determine(cycle, by=organiser, **DECREE)
    services.publish(cycle, by=organiser)
    url = reverse("results:announcement_rekap", kwargs={"cycle_id": cycle.pk})

    with django_assert_max_num_queries(6):
        response = client.get(url)

    assert response.status_code == 200
    assert len(read(b"".join(response.streaming_content))[0]) == 1 + 4 + extra


@pytest.mark.parametrize("extra", [0, 30])
@pytest.mark.parametrize("determined", [False, True])
def test_team_rekap_query_count_constant(
    client, scored, organiser, django_assert_max_num_queries, extra, determined
):
    cycle, _participants, team = scored
    if extra:
        add_participants(cycle, organiser, extra)
    if determined:
        services.determine(cycle, by=organiser, **DECREE)
    client.force_login(team[0].user)

    # Savepoint and release (the request's transaction), session, user, cycle, permission
    # checks, determination, instrument; then live: results, reviews, consensus and
    # recommendations, or determined: the snapshot's rows. None of it grows with the rows.
    with django_assert_max_num_queries(11 if determined else 14):
        response = client.get(reverse("results:rekap", kwargs={"cycle_id": cycle.pk}))

    assert len(read(b"".join(response.streaming_content))[0]) == 1 + 4 + extra
