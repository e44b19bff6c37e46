"""Who a state change is recorded against."""

from __future__ import annotations


def actor(by):
    """The user to record as the actor, or None for commands and anonymous callers.

    Services take ``by`` from a view (a user, possibly anonymous) or from a command (None); the
    stored columns and audit events want a real user or nothing.
    """
    return by if by is not None and getattr(by, "is_authenticated", False) else None
