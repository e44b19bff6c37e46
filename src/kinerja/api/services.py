"""Creating and revoking API tokens (audited; the raw token is returned once, never stored).

- ``create_token`` / ``revoke_token``: a person's own tokens, acting as them.
- ``create_service_token`` / ``revoke_service_token``: a government's service tokens. Only an
  organiser seated at the body creates or revokes one; each has its own service account
  (``User.is_service``, no password, seated at the body), deactivated when the token is revoked.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.api.models import ApiToken
from kinerja.audit.services import record_event
from kinerja.tenancy.models import OrganiserSeat
from kinerja.tenancy.scope import scope_of
from kinerja.tenancy.services import seat_organiser, unseat_organiser
from kinerja.units.models import Unit


@transaction.atomic
def create_token(*, by, name: str, scope: str) -> tuple[ApiToken, str]:
    raw = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=by, name=name.strip(), scope=scope, lead=raw[:12], digest=ApiToken.digest_of(raw)
    )
    record_event(
        actor=by,
        action="api_token.create",
        obj=token,
        after={"name": token.name, "scope": scope, "lead": token.lead},
    )
    return token, raw


def _revoke(token: ApiToken, *, by) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=by, action="api_token.revoke", obj=token, after={"revoked_at": token.revoked_at}
        )
    return token


@transaction.atomic
def revoke_token(token: ApiToken, *, by) -> ApiToken:
    if token.user_id != by.pk or token.is_service:
        raise PermissionDenied
    return _revoke(token, by=by)


def service_bodies(user):
    """The bodies whose service tokens ``user`` keeps: the bodies they are seated at."""
    return Unit.objects.filter(pk__in=scope_of(user).seated).select_related("region")


def service_tokens(user):
    return ApiToken.objects.filter(body__in=service_bodies(user)).select_related(
        "body", "created_by"
    )


@transaction.atomic
def create_service_token(*, by, body: Unit, name: str, scope: str) -> tuple[ApiToken, str]:
    """A service token of ``body``'s government, acting as a new service account seated at the
    body. Refused (PermissionDenied) unless ``by`` is seated there. Side effects: the account
    (audited ``organiser.seat`` on the body), the token (audited ``api_token.create``)."""
    if body.pk not in scope_of(by).seated:
        raise PermissionDenied
    name = name.strip()
    account = User(
        username=f"layanan.{secrets.token_hex(5)}",
        full_name=f"Layanan API: {name}"[:200],
        position=body.name[:200],
        is_service=True,
    )
    account.set_unusable_password()
    account.save()
    seat_organiser(account, body, by=by)
    raw = ApiToken.new_secret()
    token = ApiToken.objects.create(
        user=account,
        body=body,
        created_by=by,
        name=name,
        scope=scope,
        lead=raw[:12],
        digest=ApiToken.digest_of(raw),
    )
    record_event(
        actor=by,
        action="api_token.create",
        obj=token,
        after={"name": name, "scope": scope, "lead": token.lead, "body": body.name},
    )
    return token, raw


@transaction.atomic
def revoke_service_token(token: ApiToken, *, by) -> ApiToken:
    """Any organiser seated at the token's body revokes it; its account is deactivated and
    unseated, so nothing can act as it again."""
    if not token.is_service or token.body_id not in scope_of(by).seated:
        raise PermissionDenied
    User.objects.filter(pk=token.user_id, is_service=True).update(is_active=False)
    for seat in OrganiserSeat.objects.filter(user_id=token.user_id).select_related("user", "body"):
        unseat_organiser(seat, by=by)
    return _revoke(token, by=by)
