from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.middleware import start_session_clock


class AccountsConfig(AppConfig):
    name = "kinerja.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        user_logged_in.connect(start_session_clock, dispatch_uid="kinerja.start_session_clock")
