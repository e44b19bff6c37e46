from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "kinerja.visits"
    label = "visits"
    verbose_name = _("Presentations and field visits")
