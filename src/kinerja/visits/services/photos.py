"""Photos taken on site (foto kegiatan): checked by content, with an optional location."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event, snapshot
from kinerja.common.uploads.storage import accept_upload, removed_on_failure
from kinerja.visits.enums import PHOTO_KINDS
from kinerja.visits.models import FieldVisit, VisitPhoto
from kinerja.visits.services.access import require_worker


def _coordinate(value, low: int, high: int, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not low <= number <= high:
        raise ValidationError(
            _("The %(label)s must be a number from %(low)s to %(high)s."),
            code="coordinate",
            params={"label": label, "low": low, "high": high},
        )
    return number.quantize(Decimal("0.000001"))


@transaction.atomic
def add_photo(
    visit: FieldVisit,
    *,
    upload,
    caption: str = "",
    taken_at: dt.datetime | None = None,
    latitude=None,
    longitude=None,
    by,
) -> VisitPhoto:
    """Store a photo of the visit (JPEG, PNG or WebP, judged by content). Coordinates are
    checked first (latitude −90…90, longitude −180…180; both or neither), then the file: on any
    refusal nothing is stored. Side effects: the file in storage, the row, audit
    ``visit_photo.add``; the file is removed again if the transaction fails."""
    require_worker(visit, by)
    lat = _coordinate(latitude, -90, 90, _("latitude"))
    lon = _coordinate(longitude, -180, 180, _("longitude"))
    if (lat is None) != (lon is None):
        raise ValidationError(
            _("A location needs both a latitude and a longitude."), code="coordinate"
        )
    if taken_at is not None and timezone.is_naive(taken_at):
        raise ValueError("taken_at must be aware")
    stored = accept_upload(upload, prefix="visits/photos", allowed=PHOTO_KINDS)
    with removed_on_failure(stored):
        photo = VisitPhoto.objects.create(
            visit=visit,
            **stored.record_fields(),
            caption=caption.strip()[:300],
            taken_at=taken_at,
            latitude=lat,
            longitude=lon,
            uploaded_by=by,
        )
        record_event(
            actor=by,
            action="visit_photo.add",
            obj=photo,
            after=snapshot(
                photo, ["file_name", "sha256", "caption", "taken_at", "latitude", "longitude"]
            ),
        )
    return photo
