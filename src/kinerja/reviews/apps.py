from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "kinerja.reviews"
    label = "reviews"
    verbose_name = _("Verification and scoring")
