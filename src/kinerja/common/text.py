"""Free text a person types into a service (a note, a question, a reason): stripped, and refused
past the field's limit with a message rather than cut."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def clean_text(text: str | None, limit: int) -> str:
    """Stripped text, refused (``too_long``) past ``limit`` characters."""
    text = (text or "").strip()
    if len(text) > limit:
        raise ValidationError(
            _("The text is too long (at most %(limit)s characters)."),
            code="too_long",
            params={"limit": limit},
        )
    return text
