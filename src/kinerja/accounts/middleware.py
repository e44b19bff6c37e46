"""What a logged-in session gets on every request: the first-login password change, the idle
timeout kept fresh without a write per request, and responses no cache keeps.

All three sit after ``AuthenticationMiddleware`` and ``MessageMiddleware``. Static files never
reach them (WhiteNoise answers first).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

# Unix time of the last refresh of the session's expiry, kept in the session itself.
SESSION_REFRESHED_KEY = "kinerja_refreshed_at"


def start_session_clock(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver (connected in ``AccountsConfig.ready``): the refresh clock
    starts at login, while the session is being saved anyway, so the first page after login
    writes nothing more. Session bookkeeping, not domain logic."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_REFRESHED_KEY] = int(time.time())


def is_logged_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


class PasswordChangeRequiredMiddleware:
    """A user whose password was chosen by somebody else (``User.must_change_password``) sees
    only the password page until they change it; logout, static files and ``/healthz`` stay
    reachable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_logged_in(request) and request.user.must_change_password:
            target = reverse("accounts:password_change")
            allowed = (target, reverse("accounts:logout"), reverse("common:healthz"))
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                messages.warning(
                    request,
                    _(
                        "Your password was given to you by somebody else: choose a new one "
                        "before you continue."
                    ),
                )
                return redirect(target)
        return self.get_response(request)


class SessionRefreshMiddleware:
    """An idle timeout (``SESSION_COOKIE_AGE``) that an active user never hits.

    ``SESSION_SAVE_EVERY_REQUEST`` would write the session row on every request, and on SQLite
    every write takes the database's one write lock; so the expiry moves forward at most once
    every ``KINERJA_SESSION_REFRESH_SECONDS``: marking the session modified makes
    ``SessionMiddleware`` save it with a fresh expiry and send a fresh cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_logged_in(request):
            now = int(time.time())
            refreshed = request.session.get(SESSION_REFRESHED_KEY)
            if (
                not isinstance(refreshed, int)
                or now - refreshed >= settings.KINERJA_SESSION_REFRESH_SECONDS
            ):
                request.session[SESSION_REFRESHED_KEY] = now
        return response


class PrivateCacheMiddleware:
    """``Cache-Control: no-store, private`` on every response to a logged-in user: their pages
    (scores, evidence, names) must stay out of shared and browser caches, and the Back button
    after logout must not show them. Public pages keep their own caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_logged_in(request):
            patch_cache_control(response, no_store=True, private=True)
        return response
