from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "kinerja.results"
    label = "results"
    verbose_name = _("Results")

    def ready(self):
        # Models are loaded only now, so the receivers (which use them) are imported here.
        from kinerja.results import receivers

        receivers.connect()
