"""One transaction per writing request; reads run in autocommit.

Django's ``ATOMIC_REQUESTS`` wraps every view in a transaction, reads included. On SQLite our
transactions begin IMMEDIATE (they take the database's one write lock at BEGIN, so a transaction
never fails half-way on a lock upgrade), and so every page view, every PDF render and ``/healthz``
queued behind the write lock: one slow certificate download made the health check fail with
"database is locked". The rule instead:

- GET, HEAD and OPTIONS run in autocommit: each query is its own short read, so a read never
  takes the write lock (SQLite in WAL mode lets readers and the one writer work side by side) and
  a long render (PDF, XLSX) holds no transaction at all. A service a read calls still opens its
  own transaction (services are ``@transaction.atomic``).
- POST, PUT, PATCH and DELETE run their view inside one transaction, exactly the scope of
  ``ATOMIC_REQUESTS``: an exception anywhere in the view rolls back everything it wrote, so a
  half-finished request leaves no half-written data.

The middleware runs the view itself from ``process_view`` (returning its response tells Django
not to call the view again), so the transaction covers the view and nothing else: the request
body has already been read by ``CsrfViewMiddleware.process_view`` (place this middleware after
it), the template response renders and the session is saved after the commit. It must also come
after every other middleware with a ``process_view`` hook, and an exception raised by a writing
view reaches no ``process_exception`` hook (none of our middleware has one); Django turns it into
the error response as usual.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, transaction

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class WriteTransactionMiddleware:
    """Run the view of a writing request (``WRITE_METHODS``) in one transaction."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in WRITE_METHODS:
            return None
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            response = view_func(request, *view_args, **view_kwargs)
        if response is None:
            # Returning None would make Django call the view a second time.
            raise ValueError(f"The view {view_func.__qualname__} didn't return an HttpResponse.")
        return response
