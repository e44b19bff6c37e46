"""Who calls the API: a bearer token (``Authorization: Bearer knj_…``) acting as the person who
created it, or a logged-in browser session (the browsable docs; CSRF applies to its writes).
Either way the caller's rights are the web's: the same rules, tenant scope and 404 on deny."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from kinerja.api.models import ApiToken

TOUCH_EVERY = dt.timedelta(minutes=5)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if found is None:
            return None
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
