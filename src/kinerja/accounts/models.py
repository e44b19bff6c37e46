from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from rules.permissions import ObjectPermissionBackend

rules_backend = ObjectPermissionBackend()


class User(AbstractUser):
    """A civil servant or member of the public with a login.

    Roles are not stored here: they are held per cycle and per unit (participants, teams), and an
    organiser's right is a seat at an organising body (``kinerja.tenancy``). The platform
    administrator is Django's superuser.
    """

    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    nip = models.CharField(_("NIP"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # A database default too, so rows inserted by code that predates the column (data
    # migrations of other apps, the tenancy migration test) still save.
    email_notifications = models.BooleanField(
        _("notifications by e-mail"),
        default=True,
        db_default=True,
        help_text=_("Also send my notifications to my e-mail address (when the server can send)."),
    )
    # Set when somebody else chose the password (an imported team, participant accounts, a new
    # organiser login); ``kinerja.accounts.middleware`` holds the user on the password page.
    must_change_password = models.BooleanField(
        _("must change password"), default=False, db_default=False
    )

    # The account of an API service token (``kinerja.api``): it acts for its government through
    # the API only, never logs in on the web, and is offered in no people picker.
    is_service = models.BooleanField(_("service account"), default=False, db_default=False)

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    def has_perm(self, perm: str, obj=None) -> bool:
        """Permissions are the rules' for everybody. Django would grant a superuser every
        permission; the platform administrator is instead the organiser of every government
        (``kinerja.tenancy``), never a unit operator, evaluator or chair of someone else's cycle.
        """
        if self.is_active and self.is_superuser:
            return rules_backend.has_perm(self, perm, obj)
        return super().has_perm(perm, obj)

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username
