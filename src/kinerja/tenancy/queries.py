"""Reads of the tenancy pages (a fixed number of queries whatever the number of rows)."""

from __future__ import annotations

from django.db.models import QuerySet

from kinerja.tenancy.models import OrganiserSeat
from kinerja.units.enums import UnitKind
from kinerja.units.models import Unit

# The units that act for a government: its pemda, secretariat and the secretariat's bagian/biro.
BODY_KINDS = (UnitKind.PEMDA, UnitKind.SEKRETARIAT, UnitKind.BAGIAN, UnitKind.BADAN)


def seats() -> QuerySet[OrganiserSeat]:
    return OrganiserSeat.objects.select_related("user", "body__region").order_by(
        "body__region__code", "body__name", "user__username"
    )


def body_choices() -> QuerySet[Unit]:
    """Every unit that can organise, shown with its region."""
    return (
        Unit.objects.filter(kind__in=BODY_KINDS, active=True)
        .select_related("region")
        .order_by("region__code", "name")
    )
