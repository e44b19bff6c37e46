"""Importing and locking instrument versions (validate, save, audit)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kinerja.audit.services import record_event
from kinerja.common.actors import actor
from kinerja.instruments.enums import Origin
from kinerja.instruments.models import Instrument, InstrumentVersion
from kinerja.scoring.formats.library import library_instruments
from kinerja.scoring.formats.xlsx import instrument_from_xlsx
from kinerja.scoring.formats.yaml_file import dump_instrument_yaml, load_instrument_text
from kinerja.units.models import Unit

MAX_INSTRUMENT_BYTES = 5 * 1024 * 1024


def parse_instrument_file(data: bytes, *, filename: str):
    """Parse an uploaded instrument: an XLSX authoring workbook (by content) or YAML text.

    Raises ``kinerja.scoring`` ``InstrumentError`` with every located error, or ValidationError
    for a file that is neither.
    """
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > MAX_INSTRUMENT_BYTES:
        raise ValidationError(_("The file is too large (at most 5 MB)."))
    if data[:4] == b"PK\x03\x04":
        return instrument_from_xlsx(data, filename=filename)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is neither an XLSX workbook nor UTF-8 YAML text.")
        ) from None
    return load_instrument_text(text, filename=filename)


@transaction.atomic
def import_instrument(
    definition,
    *,
    by,
    origin: str = Origin.UPLOAD,
    owner: Unit | None = None,
    canonical: tuple[str, str] | None = None,
) -> tuple[InstrumentVersion, str]:
    """Store a validated instrument definition as a version.

    Returns ``(version, outcome)`` with outcome ``created``, ``unchanged`` (same code, version and
    content) or ``replaced`` (same version, new content, not yet used by a cycle). A locked
    version with different content is refused: publish it under a new version number. ``owner``
    is the importing body (None for the shipped library); a version number another owner already
    used is refused with its own message, without saying whose it is (the very same content as
    the shared library's counts as unchanged: it is that version).
    ``canonical`` is the definition's ``(YAML source, SHA-256)`` when the caller has it already
    (the shipped library's, cached per process).
    Side effects: saves Instrument/InstrumentVersion, audits ``instrument.import`` or
    ``instrument.replace``.
    """
    owner_id = owner.pk if owner is not None else None
    if canonical is None:
        source = dump_instrument_yaml(definition)
        canonical = (source, hashlib.sha256(source.encode("utf-8")).hexdigest())
    source, sha = canonical
    instrument, _created = Instrument.objects.get_or_create(
        code=definition.code,
        defaults={"family": definition.family or definition.code, "title": definition.title},
    )
    fields = {
        "title": definition.title[:300],
        "legal_basis": (definition.legal_basis or "")[:500],
        "provisional": definition.provisional,
        "source": source,
        "sha256": sha,
    }
    existing = (
        InstrumentVersion.objects.select_for_update()
        .filter(instrument=instrument, version=definition.version)
        .first()
    )
    if existing is not None and existing.sha256 == sha and existing.owner_id in (owner_id, None):
        return existing, "unchanged"  # its own, or the shared library's very same content
    if existing is not None:
        _refuse_a_taken_version(existing, definition, owner_id)
        return _replace(existing, fields, by=by), "replaced"
    return _create(instrument, definition, fields, origin=origin, owner=owner, by=by), "created"


def _refuse_a_taken_version(existing: InstrumentVersion, definition, owner_id: int | None) -> None:
    """A stored version with other content may be replaced only by its owner, before a cycle
    uses it."""
    if existing.owner_id != owner_id:
        raise ValidationError(
            _(
                "Version %(version)s of %(code)s is already taken by another instrument owner "
                "(the shared library or another government). Give yours a new version number "
                "or its own code."
            )
            % {"version": definition.version, "code": definition.code}
        )
    if existing.locked_at is not None:
        raise ValidationError(
            _(
                "Version %(version)s of %(code)s is already used by a cycle and cannot change. "
                "Give the changed instrument a new version number."
            )
            % {"version": definition.version, "code": definition.code}
        )


def _replace(existing: InstrumentVersion, fields: dict, *, by) -> InstrumentVersion:
    before = {"sha256": existing.sha256, "title": existing.title}
    for name, value in fields.items():
        setattr(existing, name, value)
    existing.imported_by = actor(by)
    existing.save(update_fields=[*fields, "imported_by", "updated_at"])
    record_event(
        actor=by,
        action="instrument.replace",
        obj=existing,
        before=before,
        after={"sha256": fields["sha256"], "title": existing.title},
    )
    return existing


def _create(
    instrument: Instrument, definition, fields: dict, *, origin: str, owner: Unit | None, by
) -> InstrumentVersion:
    version = InstrumentVersion.objects.create(
        instrument=instrument,
        version=definition.version,
        origin=origin,
        owner=owner,
        imported_by=actor(by),
        **fields,
    )
    if instrument.title != definition.title:
        instrument.title = definition.title[:300]
        instrument.save(update_fields=["title"])
    record_event(
        actor=by,
        action="instrument.import",
        obj=version,
        after={
            "code": definition.code,
            "version": definition.version,
            "sha256": fields["sha256"],
            "origin": origin,
        },
    )
    return version


@transaction.atomic
def lock_version(version: InstrumentVersion, *, by, reason: str) -> InstrumentVersion:
    """Freeze a version because a cycle uses it. Side effects: sets ``locked_at``, audits."""
    if version.locked_at is not None:
        return version
    version.locked_at = timezone.now()
    version.save(update_fields=["locked_at"])
    record_event(actor=by, action="instrument.lock", obj=version, after={"reason": reason})
    return version


# The canonical YAML and SHA-256 of each shipped definition, computed once per process: the
# loader returns the same definition objects for as long as the library files do not change.
_library_digests: dict[int, tuple[object, str, str]] = {}


def library_canonical(definition) -> tuple[str, str]:
    """``(YAML source, SHA-256)`` of a shipped definition, cached (only shipped definitions:
    uploaded ones are not kept alive by a cache)."""
    entry = _library_digests.get(id(definition))
    if entry is None or entry[0] is not definition:
        source = dump_instrument_yaml(definition)
        entry = (definition, source, hashlib.sha256(source.encode("utf-8")).hexdigest())
        _library_digests[id(definition)] = entry
    return entry[1], entry[2]


def ensure_library(*, by=None) -> list[tuple[InstrumentVersion, str]]:
    """Import every shipped instrument file (idempotent).

    The shipped versions already stored with the same content are found in one query and left
    alone (``unchanged``); only a missing or changed one goes through ``import_instrument``.
    """
    definitions = library_instruments()
    stored = {
        (v.instrument.code, v.version): v
        for v in InstrumentVersion.objects.filter(
            owner__isnull=True, instrument__code__in={d.code for d in definitions}
        ).select_related("instrument")
    }
    result = []
    for definition in definitions:
        existing = stored.get((definition.code, definition.version))
        canonical = library_canonical(definition)
        if existing is not None and existing.sha256 == canonical[1]:
            result.append((existing, "unchanged"))
        else:
            result.append(
                import_instrument(definition, by=by, origin=Origin.LIBRARY, canonical=canonical)
            )
    return result
