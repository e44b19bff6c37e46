import pytest

from kinerja.units.enums import UnitKind
from kinerja.units.models import Unit


@pytest.fixture
def organiser(make_user, region_jogja):
    """Here the organiser is the province's (its scope covers Kota Yogyakarta), so that the unit
    imports under test start from an empty city."""
    biro = Unit.objects.create(
        kind=UnitKind.BAGIAN, name="Biro Tata Pemerintahan", region=region_jogja.parent
    )
    return make_user("organiser", organiser_of=biro, full_name="Penyelenggara Uji")
