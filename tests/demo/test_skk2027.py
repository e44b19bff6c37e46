"""The demo's SKK Jawa Timur 2027 in its nomination stage: Kota Batu invited with a quota of
two, Kecamatan Junrejo nominated and waiting for the province."""

from django.urls import reverse

from kinerja.accounts.models import User
from kinerja.cycles.models import Cycle
from kinerja.demo.skk2027 import CYCLE_NAME
from kinerja.nominations.enums import NominationStatus
from kinerja.nominations.models import Nomination
from tests.demo.conftest import DEMO_WORLD

pytestmark = DEMO_WORLD


def test_skk2027_waits_for_nominations(demo_world, client):
    cycle = Cycle.objects.get(name=CYCLE_NAME)
    url = reverse("nominations:list", kwargs={"cycle_id": cycle.pk})
    nomination = Nomination.objects.get(invitation__cycle=cycle)

    client.force_login(User.objects.get(username="organisasi.batu"))
    batu_page = client.get(url).content.decode()
    client.force_login(User.objects.get(username="biro.jatim"))
    province_page = client.get(url).content.decode()
    client.force_login(User.objects.get(username="penyelenggara"))
    yogya = client.get(url)

    assert nomination.unit.name == "Kecamatan Junrejo"
    assert nomination.status == NominationStatus.PROPOSED
    assert cycle.participants.count() == 0
    assert 'data-testid="nominate"' in batu_page  # one place left, the stage runs
    assert 'data-testid="stage-closed"' not in batu_page
    assert 'data-testid="accept"' in province_page
    assert yogya.status_code == 404
