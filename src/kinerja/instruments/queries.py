"""Reading instruments: the parsed definition of a stored version, cached by its hash."""

from __future__ import annotations

from functools import lru_cache

from django.db import DatabaseError
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from kinerja.instruments.models import Instrument, InstrumentVersion
from kinerja.scoring.formats.library import load_library
from kinerja.scoring.formats.yaml_file import load_instrument_text
from kinerja.tenancy.scope import scope_of


@lru_cache(maxsize=64)
def _parse(sha256: str, source: str, label: str):
    # The hash is part of the key so a replaced (not yet locked) version is parsed again.
    return load_instrument_text(source, filename=f"{label}.yaml")


def definition_for(version: InstrumentVersion):
    return _parse(version.sha256, version.source, f"{version.instrument.code}@{version.version}")


def instruments_for(user, versions: QuerySet[InstrumentVersion] | None = None):
    """The versions a user may read and build cycles on: the shipped library and those their
    own bodies imported (every version for the platform administrator)."""
    versions = InstrumentVersion.objects.all() if versions is None else versions
    scope = scope_of(user)
    if scope.platform:
        return versions
    return versions.filter(Q(owner__isnull=True) | Q(owner_id__in=scope.bodies))


def instruments_with_versions(user) -> QuerySet[Instrument]:
    visible = instruments_for(user)
    return (
        Instrument.objects.filter(versions__in=visible)
        .distinct()
        .annotate(
            version_count=Count("versions", filter=Q(versions__in=visible), distinct=True),
            last_import=Max("versions__imported_at", filter=Q(versions__in=visible)),
        )
        .prefetch_related(Prefetch("versions", queryset=visible))
    )


def find_version(code: str, version: str | None = None) -> InstrumentVersion | None:
    """A stored version by code and version; the newest import when no version is given."""
    versions = InstrumentVersion.objects.select_related("instrument").filter(instrument__code=code)
    if version:
        return versions.filter(version=version).first()
    return versions.order_by("-imported_at", "-pk").first()


def resolve_definition(spec: str):
    """``code`` or ``code@version`` → parsed instrument, from the database when stored there,
    else from the shipped library (so an auditor can score offline on a fresh machine).

    Raises LookupError naming what was not found.
    """
    code, _, version = spec.partition("@")
    try:
        stored = find_version(code, version or None)
    except DatabaseError:  # no database yet (e.g. not migrated): use the library
        stored = None
    if stored is not None:
        return stored.definition
    try:
        return load_library(code, version or None)
    except (LookupError, FileNotFoundError) as exc:
        raise LookupError(f"instrument {spec!r} not found in the database or the library") from exc
