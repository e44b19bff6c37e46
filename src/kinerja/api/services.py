"""Creating and revoking API tokens (audited; the raw token is returned once, never stored)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from kinerja.api.models import ApiToken
from kinerja.audit.services import record_event


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


@transaction.atomic
def revoke_token(token: ApiToken, *, by) -> ApiToken:
    if token.user_id != by.pk:
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=by, action="api_token.revoke", obj=token, after={"revoked_at": token.revoked_at}
        )
    return token
