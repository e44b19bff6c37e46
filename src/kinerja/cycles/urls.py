from django.urls import include, path

from kinerja.cycles import views

app_name = "cycles"
cycle_patterns = [
    path("", views.CycleListView.as_view(), name="list"),
    path("baru/", views.CycleCreateView.as_view(), name="create"),
    path("<int:cycle_id>/", views.CycleDetailView.as_view(), name="detail"),
    path("<int:cycle_id>/ubah/", views.CycleEditView.as_view(), name="edit"),
    path("<int:cycle_id>/tahapan/", views.StagesView.as_view(), name="stages"),
    path("<int:cycle_id>/salin/", views.CopyView.as_view(), name="copy"),
    path("<int:cycle_id>/peserta/", views.ParticipantsView.as_view(), name="participants"),
    path("<int:cycle_id>/peserta/pilihan/", views.UnitOptionsView.as_view(), name="unit_options"),
    path("<int:cycle_id>/akun/", views.AccountsView.as_view(), name="accounts"),
    path("<int:cycle_id>/akun/daftar/", views.CredentialsView.as_view(), name="credentials"),
    path("<int:cycle_id>/tim/", views.TeamView.as_view(), name="team"),
    path("<int:cycle_id>/tim/pilihan/", views.PeopleOptionsView.as_view(), name="people_options"),
    path("<int:cycle_id>/penugasan/", views.AssignmentsView.as_view(), name="assignments"),
    path("<int:cycle_id>/konflik/", views.ConflictsView.as_view(), name="conflicts"),
]

urlpatterns = [
    path("siklus/", include(cycle_patterns)),
    # A cycle's invitations keep the address they had when the tenancy app served them.
    path(
        "tenant/siklus/<int:cycle_id>/undangan/",
        views.InvitationListView.as_view(),
        name="invitations",
    ),
    path(
        "tenant/siklus/<int:cycle_id>/undangan/<int:invitation_id>/tarik/",
        views.InvitationWithdrawView.as_view(),
        name="withdraw_invitation",
    ),
]
