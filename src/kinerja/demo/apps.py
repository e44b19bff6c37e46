from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo world and its ``kinerja demo`` command (the top of the import graph)."""

    name = "kinerja.demo"
    label = "demo"
    verbose_name = _("Demo world")
