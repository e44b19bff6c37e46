"""Who calls the API: a bearer token (``Authorization: Bearer knj_…``) acting as the person who
created it, or a logged-in browser session (the browsable docs; CSRF applies to its writes).
Either way the caller's rights are the web's: the same rules, tenant scope and 404 on deny."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import HttpBearer, SessionAuth

from kinerja.api.models import ApiToken, Scope

TOUCH_EVERY = dt.timedelta(minutes=5)


def _count_call(token: ApiToken) -> None:
    """At most ``KINERJA_API_RATE`` calls a minute per token (429 beyond), counted in the cache
    (a shared cache counts across app servers; the default counts per process)."""
    window = int(timezone.now().timestamp() // 60)
    key = f"kinerja.api.rate:{token.digest[:20]}:{window}"
    calls = cache.get_or_set(key, 0, timeout=120)
    if calls >= settings.KINERJA_API_RATE:
        raise HttpError(429, _("Too many calls with this token: wait a minute."))
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=120)


def require_write(request) -> None:
    """A write needs a read-write token (a session's writes pass CSRF instead)."""
    token = getattr(request, "api_token", None)
    if token is not None and token.scope != Scope.WRITE:
        raise HttpError(403, _("This token may only read."))


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        _count_call(found)
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found
        return found.user


class Session(SessionAuth):
    def authenticate(self, request, key):
        user = super().authenticate(request, key)
        if user is not None:
            request.api_token = None
        return user


def caller(request):
    """The person the request acts as."""
    return request.auth
