from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("kinerja.common.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("akun/", include("kinerja.accounts.urls")),
    path("unit/", include("kinerja.units.urls")),
    path("audit/", include("kinerja.audit.urls")),
    path("instrumen/", include("kinerja.instruments.urls")),
    path("siklus/", include("kinerja.cycles.urls")),
    path("f01/", include("kinerja.assessments.urls")),
    path("penilaian/", include("kinerja.reviews.urls")),
    path("kunjungan/", include("kinerja.visits.urls")),
    path("hasil/", include("kinerja.results.urls")),
    path("tenant/", include("kinerja.tenancy.urls")),
]
