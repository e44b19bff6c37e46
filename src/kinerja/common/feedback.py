"""How a page reports a refused state change: the service's ``ValidationError`` messages, as
flash messages or as one line beside a field. One shape for every app's views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError


def error_messages(exc: ValidationError) -> list[str]:
    """The messages of a refusal, in the order the service raised them."""
    return list(exc.messages)


def flash_errors(request, exc: ValidationError) -> None:
    """Shows every message of a refusal on the next page."""
    for message in error_messages(exc):
        messages.error(request, message)
