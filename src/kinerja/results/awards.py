"""A cycle's award categories: the instrument's, the cycle's own, or none (grade only).

The ranking (compute), the pages, the exports and the certificates all ask here, so a cycle that
sets its own categories is treated the same everywhere.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticError

from kinerja.cycles.enums import AwardScheme
from kinerja.scoring.model.schema import Award


def awards_of(cycle) -> tuple[Award, ...]:
    """The award categories that count for ``cycle`` (empty: grade only)."""
    if cycle.award_scheme == AwardScheme.GRADE_ONLY:
        return ()
    if cycle.award_scheme == AwardScheme.CUSTOM:
        return tuple(Award.model_validate(item) for item in cycle.awards)
    return cycle.instrument_version.definition.awards


def award_labels(cycle) -> dict[str, str]:
    """``{code: label}`` of the cycle's awards, for showing stored award codes."""
    return {award.code: award.label for award in awards_of(cycle)}


def _ranked(prefix: str, label: str, ranks: range, *, roman: bool = False) -> list[dict]:
    numerals = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]
    return [
        {
            "code": f"{prefix}-{n}",
            "label": f"{label} {numerals[n - 1] if roman else n}",
            "rank": n,
        }
        for n in ranks
    ]


def preset(name: str, *, top: int | None = None) -> list[dict]:
    """Award lists for the common categories (REFERENCE.md §1, §5). Labels are the Indonesian
    names used in decrees, which stay Indonesian whatever the interface language."""
    if name == "terbaik":
        return _ranked("terbaik", "Terbaik", range(1, 6), roman=True)
    if name == "juara":
        return _ranked("juara", "Juara", range(1, 4)) + [
            {"code": f"harapan-{n}", "label": f"Harapan {n}", "rank": 3 + n} for n in (1, 2)
        ]
    if name == "top":
        if not top or top < 1:
            raise ValueError(_("Give the N of Top N."))
        return [{"code": f"top-{top}", "label": f"{top} Terbaik", "top": top}]
    raise ValueError(name)


def parse_awards(items: Sequence[dict]) -> list[dict]:
    """Validate a custom award list; returns it normalised. Raises ``ValueError`` with a message
    that names the line (1-based) of the first wrong item."""
    cleaned: list[dict] = []
    codes: set[str] = set()
    for number, item in enumerate(items, start=1):
        try:
            award = Award.model_validate(item)
        except PydanticError:
            raise ValueError(
                _("Award line %(line)s: give a code, a label and either a rank or a top N.")
                % {"line": number}
            ) from None
        if award.code in codes:
            raise ValueError(
                _("Award line %(line)s: the code “%(code)s” is used twice.")
                % {"line": number, "code": award.code}
            )
        codes.add(award.code)
        cleaned.append(award.model_dump(exclude_none=True, mode="json"))
    return cleaned
