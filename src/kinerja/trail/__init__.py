"""The audit trail's pages: the events an organiser may read, and one object's history.

``kinerja.audit`` (the ground floor every app records into) writes the events and knows nothing of
tenants; this app reads them through the tenant scope and the cycles, so it sits above both. Its
URLs keep the ``audit`` namespace (``audit:events``, ``audit:object``) and its permission the
name ``audit.view_events``: they name what is shown, whichever app shows it.
"""
