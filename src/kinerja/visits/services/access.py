"""Who may call a visits service: the same permission the view checks (defence in depth)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from kinerja.visits.models import FieldVisit


def require(by, perm: str, obj) -> None:
    """Refuse (``PermissionDenied``) an actor without ``perm`` on ``obj``, or no actor."""
    if by is None or not by.has_perm(perm, obj):
        raise PermissionDenied


def require_worker(visit: FieldVisit, by) -> None:
    """Refuse an actor who may not work on this visit on site (photos, attendance, checklist)."""
    require(by, "visits.work_visit", visit.participant)
