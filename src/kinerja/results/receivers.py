"""The results app's answers to signals of the apps below it (``connect`` runs in ``apps.py``)."""

from __future__ import annotations

from kinerja.cycles.signals import participants_changed
from kinerja.results.compute import rerank
from kinerja.results.freeze import require_not_determined


def rerank_changed_participants(sender, *, cycle, **kwargs) -> None:
    """A participant was withdrawn, came back or changed category: rank the cycle again (one
    read query, writes only the rows whose rank changed), inside the caller's transaction.

    While the results are determined the change is refused (``ResultsDetermined``, raised into
    the sender's transaction, which rolls back): who is ranked, and in which category, is part
    of the determined result and changes only after an audited reopen."""
    require_not_determined(cycle.pk)
    rerank(cycle)


def connect() -> None:
    participants_changed.connect(rerank_changed_participants, dispatch_uid="kinerja.results.rerank")
