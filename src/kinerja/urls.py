"""The project's URL tree: each app's URLs under its Indonesian prefix. The site's own two
pages (the landing page of published results and the health check) keep the ``common``
namespace; the landing page is a results page, composed here so ``common`` imports no app."""

from django.urls import include, path
from django.views.i18n import set_language

from kinerja.api.api import api
from kinerja.common.views import healthz
from kinerja.results.views.home import HomeView

site_patterns = (
    [
        path("", HomeView.as_view(), name="home"),
        path("healthz", healthz, name="healthz"),
    ],
    "common",
)

urlpatterns = [
    path("", include(site_patterns)),
    path("i18n/setlang/", set_language, name="set_language"),
    path("akun/", include("kinerja.accounts.urls")),
    path("tugas/", include("kinerja.tasks.urls")),
    path("pekerjaan/", include("kinerja.jobs.urls")),
    path("api/v1/", api.urls),
    path("api/token/", include("kinerja.api.urls")),
    path("pemberitahuan/", include("kinerja.notifications.urls")),
    path("panduan/", include("kinerja.guide.urls")),
    path("unit/", include("kinerja.directory.urls")),
    path("audit/", include("kinerja.trail.urls")),
    path("instrumen/", include("kinerja.instruments.urls")),
    # Under siklus/, and a cycle's invitations under tenant/siklus/ (cycles/urls.py).
    path("", include("kinerja.cycles.urls")),
    # F01 and evidence under f01/, clarifications under penilaian/ (assessments/urls.py).
    path("", include("kinerja.assessments.urls")),
    path("penilaian/", include("kinerja.reviews.urls")),
    path("penilaian/", include("kinerja.minutes.urls")),
    path("penilaian/", include("kinerja.appeals.urls")),
    path("kunjungan/", include("kinerja.visits.urls")),
    path("klaim/", include("kinerja.claims.urls")),
    path("hasil/", include("kinerja.results.urls")),
    # The public catalogue at inovasi/, the organisers' pages at inovasi/kelola/.
    path("inovasi/", include("kinerja.innovations.urls")),
    path("inovasi/", include("kinerja.catalogue.urls")),
    # The keepers' pages at survei/kelola/, the respondent's form and the public IKM beside them.
    path("survei/kelola/", include("kinerja.surveys.urls")),
    path("survei/", include("kinerja.surveys.public_urls")),
    path("tenant/", include("kinerja.tenancy.urls")),
    # Beside the cycle's invitations: tenant/siklus/<id>/nominasi/.
    path("tenant/", include("kinerja.nominations.urls")),
]
