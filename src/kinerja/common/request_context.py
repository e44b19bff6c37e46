"""Who is asking, from where, under which request id: read by services when they audit.

A context variable rather than a thread-local so it is also right under ASGI.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "kinerja_request_context", default=None
)


def current() -> RequestContext:
    """The context of the request being served, or an empty one (commands, tests)."""
    return _current.get() or _EMPTY


def activate(context: RequestContext) -> contextvars.Token:
    return _current.set(context)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)
