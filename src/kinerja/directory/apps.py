from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """The pages of the unit tree; the units themselves (models, services, imports) are
    ``kinerja.units``."""

    name = "kinerja.directory"
    label = "directory"
    verbose_name = _("Units")
