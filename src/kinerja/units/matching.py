"""Finding the one unit a line of text means: "add participants by name", the unit import's
parent (``induk``) column and the team import's agency (``instansi``) column.

Many governments share one installation, so a name alone may belong to several units
("Kecamatan Batu" of Kota Batu and of another kabupaten), and a province's cycle takes the
kecamatan of many kabupaten/kota. A reference is read in this order; the first step that finds
anything decides:

1. the official code ("35.79.01");
2. the exact name (and, where the caller asks for it, the short name), optionally only among
   one region's units (the import's rows name their parent within their own region);
3. the name with a region qualifier, the region given by its name or its code, in any of the
   forms ``Kecamatan Batu — Kota Batu`` (how every picker shows a unit, see ``qualified_name``,
   so that the text pasted back resolves; an en dash or a hyphen between spaces also works),
   ``Kecamatan Batu (Kota Batu)`` and ``Kecamatan Batu (35.79)``.

Every comparison ignores case and collapses runs of whitespace. A hyphen only separates a
region when it stands between spaces, so hyphenated names are never cut; an exact name always
wins over a reading with a qualifier, so a name that itself holds " - " or "(…)" still resolves.

The outcome is one target, or a problem with what the person needs to fix it: several
candidates (listed in a stable order, by region code then unit code, each with its region and
code), a qualifier naming no known region (with the regions where that name exists), or
nothing found (the caller says what to do instead: an earlier row, the ``lembaga`` column).

A matcher is built once from units loaded with their region (``select_related("region")``)
and answers every line from memory: no query per line. A caller may add targets that are not
units yet (an import file's earlier rows) with ``add``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.utils.translation import gettext as _

from kinerja.units.models import Region, Unit

T = TypeVar("T")

SEPARATOR = " — "
# An em dash separates with or without spaces; an en dash or a hyphen only between spaces.
DASH = re.compile(r"\s*—\s*|\s+[–-]\s+")
# The last parenthesised group at the end: "Dinas PU (Bina Marga) (35.79)" → "35.79".
PARENTHESES = re.compile(r"^(?P<name>.*\S)\s*\((?P<region>[^()]*)\)$")
# An ambiguous message lists this many candidates, then says how many more there are.
LISTED = 10


def normalise(text: str) -> str:
    """The form references are compared in: case folded, whitespace collapsed."""
    return " ".join(text.split()).casefold()


def qualified_name(name: str, region: Region | None) -> str:
    """A name with its region ("Kecamatan Batu — Kota Batu"): what pickers show, and a
    reference the matcher reads back."""
    return name if region is None else f"{name}{SEPARATOR}{region.name}"


class Problem(enum.Enum):
    NOT_FOUND = "not_found"
    AMBIGUOUS = "ambiguous"
    UNKNOWN_REGION = "unknown_region"


@dataclass(frozen=True)
class Candidate(Generic[T]):
    """Something a reference may name, with what is shown of it: a unit, or a caller's own
    target (an import row that will become a unit)."""

    target: T
    name: str
    code: str
    region: Region | None

    @property
    def label(self) -> str:
        """How the candidate is listed: "Kecamatan Batu — Kota Batu (35.79.01)"."""
        label = qualified_name(self.name, self.region)
        return f"{label} ({self.code})" if self.code else label

    @property
    def order(self) -> tuple[str, str, str]:
        return (self.region.code if self.region else "", self.code, normalise(self.name))


@dataclass(frozen=True)
class Match(Generic[T]):
    """The outcome of one reference: ``target`` when exactly one thing matched, else
    ``problem``. ``candidates`` are the ambiguous matches, or for an unknown region the units
    of that name elsewhere; ``region`` is the qualifier that named no known region."""

    reference: str
    target: T | None = None
    problem: Problem | None = None
    candidates: tuple[Candidate[T], ...] = ()
    region: str = ""
    name: str = ""  # the name part of a reference with an unknown region


class UnitMatcher(Generic[T]):
    """References resolved against units already in memory (see the module docstring).

    ``units`` need their region loaded; ``regions`` adds regions a qualifier may name although
    no unit of the list is in them yet; ``short_names`` lets a name match a unit's short name
    too ("Dinkes").
    """

    def __init__(
        self,
        units: Iterable[Unit] = (),
        *,
        regions: Iterable[Region] = (),
        short_names: bool = False,
    ) -> None:
        self.short_names = short_names
        self.by_code: dict[str, Candidate[T]] = {}
        self.by_name: dict[str, list[Candidate[T]]] = {}
        self.regions: dict[str, dict[int, Region]] = {}
        for region in regions:
            self.add_region(region)
        for unit in units:
            self.add(
                unit,
                name=unit.name,
                code=unit.code,
                region=unit.region,
                short_name=unit.short_name,
            )

    def add_region(self, region: Region) -> None:
        for key in {normalise(region.name), normalise(region.code)} - {""}:
            self.regions.setdefault(key, {})[region.pk] = region

    def add(
        self, target: T, *, name: str, code: str, region: Region | None, short_name: str = ""
    ) -> None:
        """Make ``target`` findable by its code, and by its name in its region (a target with
        no region only by its code). The first target added for a code keeps it; adding the
        same target again under another name makes both names find it once."""
        candidate = Candidate(target=target, name=name, code=code, region=region)
        if normalise(code):
            self.by_code.setdefault(normalise(code), candidate)
        if region is None:
            return
        self.add_region(region)
        names = {normalise(name)}
        if self.short_names:
            names.add(normalise(short_name))
        for key in names - {""}:
            self.by_name.setdefault(key, []).append(candidate)

    def resolve(self, reference: str, *, within: Region | None = None) -> Match[T]:
        """The one target ``reference`` means, or why there is none. With ``within``, a bare
        name is looked for among that region's units only; a code or a qualifier may still
        point anywhere."""
        key = normalise(reference)
        if not key:
            return Match(reference, problem=Problem.NOT_FOUND)
        if key in self.by_code:
            return Match(reference, target=self.by_code[key].target)
        found = self.named(key, None if within is None else {within.pk})
        if not found:
            unknown: tuple[str, str] | None = None
            for name, qualifier in readings(reference):
                regions = self.regions.get(normalise(qualifier))
                if regions:
                    found += self.named(normalise(name), set(regions))
                elif self.named(normalise(name), None):
                    unknown = (name, qualifier)
            if not found and unknown is not None:
                name, qualifier = unknown
                return Match(
                    reference,
                    problem=Problem.UNKNOWN_REGION,
                    candidates=unique(self.named(normalise(name), None)),
                    region=qualifier,
                    name=name,
                )
        candidates = unique(found)
        if not candidates:
            return Match(reference, problem=Problem.NOT_FOUND)
        if len(candidates) == 1:
            return Match(reference, target=candidates[0].target)
        return Match(reference, problem=Problem.AMBIGUOUS, candidates=candidates)

    def named(self, key: str, region_ids: set[int] | None) -> list[Candidate[T]]:
        """Candidates of that name (normalised), in the given regions or anywhere."""
        found = self.by_name.get(key, [])
        if region_ids is None:
            return list(found)
        return [c for c in found if c.region is not None and c.region.pk in region_ids]


def readings(reference: str) -> list[tuple[str, str]]:
    """Every way to read ``reference`` as (name, region qualifier): at each dash between
    spaces, and a trailing parenthesised group."""
    text = " ".join(reference.split())
    found = []
    for separator in DASH.finditer(text):
        name, qualifier = text[: separator.start()].strip(), text[separator.end() :].strip()
        if name and qualifier:
            found.append((name, qualifier))
    parenthesised = PARENTHESES.match(text)
    if parenthesised and parenthesised["region"].strip():
        found.append((parenthesised["name"], parenthesised["region"].strip()))
    return found


def unique(candidates: Iterable[Candidate[T]]) -> tuple[Candidate[T], ...]:
    """One candidate per target (the same unit may be reached under two names), sorted by
    region code, then code, then name."""
    seen: dict[int, Candidate[T]] = {}
    for candidate in candidates:
        seen.setdefault(id(candidate.target), candidate)
    return tuple(sorted(seen.values(), key=lambda c: c.order))


def candidate_list(candidates: Iterable[Candidate]) -> str:
    """Candidates for a message: "A — Kota Batu (35.79.01), A — Kabupaten Malang (35.07.01)"."""
    labels = [c.label for c in candidates]
    shown = ", ".join(labels[:LISTED])
    if len(labels) > LISTED:
        shown += ", " + _("and %(count)s more") % {"count": len(labels) - LISTED}
    return shown


def suggestion(candidates: tuple[Candidate, ...]) -> str:
    """A reference that would pick the first candidate: its qualified name when that tells it
    apart from the others, else its code."""
    first = candidates[0]
    label = normalise(qualified_name(first.name, first.region))
    twins = [c for c in candidates if normalise(qualified_name(c.name, c.region)) == label]
    if len(twins) > 1 and first.code:
        return first.code
    return qualified_name(first.name, first.region)


def explain(match: Match) -> str:
    """Why an ambiguous reference, or one naming an unknown region, found no single unit: a
    sentence that starts with the quoted reference, for callers to prefix ("line 3: …").
    Callers word "not found" themselves, since what to do instead differs."""
    if match.problem is Problem.AMBIGUOUS:
        return _(
            '"%(value)s" matches several units: %(candidates)s; write its code or add the '
            'region, e.g. "%(example)s"'
        ) % {
            "value": match.reference,
            "candidates": candidate_list(match.candidates),
            "example": suggestion(match.candidates),
        }
    if match.problem is Problem.UNKNOWN_REGION:
        return _(
            '"%(value)s" not found: the region "%(region)s" is not known; units named '
            '"%(name)s": %(candidates)s'
        ) % {
            "value": match.reference,
            "region": match.region,
            "name": match.name,
            "candidates": candidate_list(match.candidates),
        }
    raise ValueError(f"nothing to explain for {match.problem}")
