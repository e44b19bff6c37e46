"""Who is asking, from where, under which request id: read by services when they audit.

A context variable rather than a thread-local so it is also right under ASGI.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass, field


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    # Reads computed once per request (e.g. an organiser's tenant scope); never shared between
    # requests, and absent outside one, so commands and tests always read fresh data.
    cache: dict | None = field(default=None, compare=False)


_EMPTY = RequestContext()
_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "kinerja_request_context", default=None
)


def current() -> RequestContext:
    """The context of the request being served, or an empty one (commands, tests)."""
    return _current.get() or _EMPTY


def request_cache() -> dict | None:
    """The per-request cache, or None outside a request."""
    context = _current.get()
    return context.cache if context is not None else None


def activate(context: RequestContext) -> contextvars.Token:
    return _current.set(context)


def deactivate(token: contextvars.Token) -> None:
    _current.reset(token)
