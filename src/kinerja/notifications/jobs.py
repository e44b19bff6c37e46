"""Notification e-mails as a job (named in ``settings.KINERJA_JOBS``; started by ``notify``)."""

from __future__ import annotations

from django.core.mail import send_mass_mail
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.notifications.models import Notification
from kinerja.notifications.services import mail_messages


def mail(job, progress) -> None:
    """E-mail the job's notifications not e-mailed yet, one connection for all; mark them
    e-mailed. A failing SMTP server raises, so the job is tried again; a notification already
    marked e-mailed is left out of the next attempt."""
    notifications = list(
        Notification.objects.select_related("user").filter(
            pk__in=job.params["notifications"], emailed_at=None
        )
    )
    progress.step(0, len(notifications))
    send_mass_mail(mail_messages(notifications), fail_silently=False)
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        emailed_at=timezone.now()
    )
    progress.step(
        len(notifications),
        len(notifications),
        _("%(count)s e-mails sent.") % {"count": len(notifications)},
    )
