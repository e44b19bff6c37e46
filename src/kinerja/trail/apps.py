from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrailConfig(AppConfig):
    """The audit trail's pages; the events themselves are written by ``kinerja.audit``."""

    name = "kinerja.trail"
    label = "trail"
    verbose_name = _("Audit trail")
