"""Views for tests/common/test_transactions.py: each writes a region, one then fails."""

from django.http import HttpResponse
from django.urls import path

from kinerja.units.enums import RegionKind
from kinerja.units.models import Region


def write(request):
    Region.objects.create(code="90", name="Provinsi Uji", kind=RegionKind.PROVINSI)
    Region.objects.create(code="91", name="Provinsi Uji Dua", kind=RegionKind.PROVINSI)
    return HttpResponse(status=204)


def write_then_fail(request):
    Region.objects.create(code="90", name="Provinsi Uji", kind=RegionKind.PROVINSI)
    raise RuntimeError("the request fails after its first write")


urlpatterns = [
    path("write/", write),
    path("write-then-fail/", write_then_fail),
]
