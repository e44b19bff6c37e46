from django.urls import path

from kinerja.claims import views

app_name = "claims"
urlpatterns = [
    path("peserta/<int:participant_id>/", views.ClaimsView.as_view(), name="list"),
    path("peserta/<int:participant_id>/tambah/", views.ClaimAddView.as_view(), name="add"),
    path(
        "peserta/<int:participant_id>/<int:claim_id>/hapus/",
        views.ClaimRemoveView.as_view(),
        name="remove",
    ),
    path(
        "peserta/<int:participant_id>/<int:claim_id>/periksa/",
        views.ClaimCheckView.as_view(),
        name="check",
    ),
    path(
        "peserta/<int:participant_id>/semua-ditemukan/",
        views.ClaimsRemainingFoundView.as_view(),
        name="remaining_found",
    ),
    path(
        "peserta/<int:participant_id>/tanpa-klaim/",
        views.NothingClaimedView.as_view(),
        name="nothing_claimed",
    ),
]
