"""Login throttling with django-axes: two limits, and every failure on the audit trail.

Axes counts failures per lockout parameter set and compares the largest count with one limit
(``AXES_FAILURE_LIMIT``). We want two limits: a few failures for one username from one address
(a forgotten password), and many more for all usernames from one address (password spraying;
an office behind one NAT address has many honest users). Adding ``"ip_address"`` as a second
parameter set would not do: the address count is never below the username count, so one limit
would lock a whole office after five typos, and ``AXES_RESET_ON_SUCCESS`` would clear the
address's failures whenever anybody there logs in (an attacker's own account would reset them).
So the parameter set stays ``[["username", "ip_address"]]`` and ``failure_limit`` (the
``AXES_FAILURE_LIMIT`` callable) drops to zero once the address has failed
``KINERJA_LOGIN_ADDRESS_FAILURE_LIMIT`` times within the cool-off: from then on every login from
that address is refused until the cool-off has passed.

Behind a proxy every request comes from the proxy's own address, so a per-address limit would
lock everybody out at once; ``client_address`` (``AXES_CLIENT_IP_CALLABLE``) then takes the
address the proxy saw instead, and only then (``KINERJA_BEHIND_PROXY``).

``AuditingAxesHandler`` is axes's database handler (``AXES_HANDLER``) that also writes the
failures and the start of a lockout to the audit trail: axes's own hook, so no signal receiver
of ours is needed.
"""

from __future__ import annotations

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

from kinerja.accounts.services import record_lockout, record_login_failure

# Set on the request when axes refused the login because a lockout was already in force, so a
# refused attempt is audited as a failure but not as the start of another lockout.
REFUSED_ATTR = "kinerja_login_refused"


def client_address(request) -> str | None:
    """``AXES_CLIENT_IP_CALLABLE``: ``REMOTE_ADDR``, or behind a proxy the last address in
    ``X-Forwarded-For`` (the one our proxy wrote; anything before it is the client's to invent)."""
    if settings.KINERJA_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass
    return request.META.get("REMOTE_ADDR") or None


def address_failures(request) -> int:
    """Failed logins from the request's address within the cool-off, over every username."""
    total = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address,
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return total or 0


def address_locked(request) -> bool:
    return address_failures(request) >= settings.KINERJA_LOGIN_ADDRESS_FAILURE_LIMIT


def failure_limit(request, credentials=None) -> int:
    """``AXES_FAILURE_LIMIT``: the per-username limit, or zero (everything refused) while the
    address is over its own limit."""
    if address_locked(request):
        return 0
    return settings.KINERJA_LOGIN_FAILURE_LIMIT


class AuditingAxesHandler(AxesDatabaseHandler):
    """Axes's database handler, plus ``auth.login_failed`` and ``auth.lockout`` audit events."""

    def is_allowed(self, request, credentials=None) -> bool:
        allowed = super().is_allowed(request, credentials)
        setattr(request, REFUSED_ATTR, not allowed)
        return allowed

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None:
            return
        username = get_client_username(request, credentials) or ""
        locked_out = bool(request.axes_locked_out)
        record_login_failure(
            username=username, ip_address=request.axes_ip_address, locked_out=locked_out
        )
        if locked_out and not getattr(request, REFUSED_ATTR, False):
            record_lockout(
                username=username,
                ip_address=request.axes_ip_address,
                by_address=address_locked(request),
            )
