from django.urls import path

from kinerja.cycles import views

app_name = "cycles"
urlpatterns = [
    path("", views.CycleListView.as_view(), name="list"),
    path("baru/", views.CycleCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CycleDetailView.as_view(), name="detail"),
    path("<int:pk>/ubah/", views.CycleEditView.as_view(), name="edit"),
    path("<int:pk>/tahapan/", views.StagesView.as_view(), name="stages"),
    path("<int:pk>/salin/", views.CopyView.as_view(), name="copy"),
    path("<int:pk>/peserta/", views.ParticipantsView.as_view(), name="participants"),
    path("<int:pk>/akun/", views.AccountsView.as_view(), name="accounts"),
    path("<int:pk>/akun/daftar/", views.CredentialsView.as_view(), name="credentials"),
    path("<int:pk>/tim/", views.TeamView.as_view(), name="team"),
    path("<int:pk>/penugasan/", views.AssignmentsView.as_view(), name="assignments"),
    path("<int:pk>/konflik/", views.ConflictsView.as_view(), name="conflicts"),
]
