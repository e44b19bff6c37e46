"""Presentation rounding and grading: half-up, once, then the band of the rounded value.

A total is exact (a Fraction). What people see is that total rounded half-up to the
instrument's decimals, and the grade is the band of *that* value: SAKIP 80.004 shows 80.00 and
is BB; 80.005 shows 80.01 and is A.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from fractions import Fraction

from ..model.checks import band_grid
from ..model.numbers import present, round_half_up, to_fraction
from ..model.schema import Band, Instrument

__all__ = ["BandTable", "band_table", "grade_for", "present"]


class BandTable:
    """Bands as integer intervals on the 10^-decimals grid, for a quick lookup by bisection."""

    def __init__(self, bands: tuple[Band, ...], decimals: int) -> None:
        intervals = sorted((*band_grid(band, decimals), index) for index, band in enumerate(bands))
        self._lows = [low for low, _, _ in intervals]
        self._intervals = intervals
        self._bands = bands

    def lookup(self, scaled: int) -> Band | None:
        """The band holding the rounded value ``scaled`` * 10^-decimals, if any."""
        position = bisect_right(self._lows, scaled) - 1
        # Bands do not overlap in a valid instrument; walk back in case one is nested anyway.
        while position >= 0:
            low, high, index = self._intervals[position]
            if low <= scaled <= high:
                return self._bands[index]
            position -= 1
        return None


def band_table(instrument: Instrument) -> BandTable:
    """The instrument's band table, built once and kept with the instrument."""
    plans = instrument.derived.plans
    table = plans.get("bands")
    if table is None:
        table = plans["bands"] = BandTable(instrument.bands, instrument.decimals)
    return table


def grade_for(instrument: Instrument, value: Decimal | Fraction | int | str) -> Band | None:
    """The band of ``value`` after rounding it half-up to the instrument's decimals."""
    scaled = round_half_up(to_fraction(value), instrument.decimals)
    return band_table(instrument).lookup(scaled)
