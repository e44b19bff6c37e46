from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "kinerja.minutes"
    label = "minutes"
    verbose_name = _("Berita acara and recommendations")
