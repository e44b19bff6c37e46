import io

from django.urls import reverse
from openpyxl import load_workbook

from kinerja.results.compute import recompute_cycle
from kinerja.results.models import Result

from .conftest import all_refs, put


def test_rekap_xlsx_reads_back_with_the_right_numbers(client, pekppp_cycle, organiser, make_user):
    cycle, participants, team = pekppp_cycle
    for ref in all_refs(cycle):
        put(participants[0], team[0], ref, 5)
        put(participants[0], team[1], ref, 4)
    put(participants[1], team[0], "1", 5)
    recompute_cycle(cycle)
    url = reverse("results:rekap", kwargs={"pk": cycle.pk})
    client.force_login(make_user("stranger"))
    assert client.get(url).status_code == 404
    client.force_login(organiser)

    response = client.get(url)

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    recap = list(workbook.worksheets[0].iter_rows(values_only=True))
    # Participant 0: every indicator (5 + 4) / 2 = 4.5 of 5 -> IPP 4.50, rank 1.
    first = Result.objects.get(participant=participants[0])
    assert recap[1][:4] == (1, participants[0].unit.name, 4.5, first.grade_code)
    assert first.display == "4.50"
    assert len(workbook.worksheets) == 1 + 7  # recap + one sheet per top-level aspect (a–f, F03)
    aspect_a = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert aspect_a[0][1].startswith("1 ")
    # Indicator 1 for participant 0: mean 4.5 on a 0-5 level -> 4.50 on the 0-5 scale.
    assert aspect_a[1][:2] == (participants[0].unit.name, 4.5)
