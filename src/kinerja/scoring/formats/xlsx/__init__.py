"""The XLSX authoring workbook: officials write instruments in Excel, Kinerja reads them exactly.

One sheet per kind of thing, Indonesian headers, one row per item (docs/instruments.md has the
layout). Reading builds the same plain data the YAML loader builds and validates it with the
same models, so every rule applies; each problem is reported at its sheet and cell
("Indikator!E12: bobot: harus angka").

Excel stores numbers as binary doubles. A number typed in a cell is read back through its
shortest round-trip text (``repr``), which is exactly what was typed for up to 15 significant
digits; longer numbers are written as text cells so they stay exact too.
"""

from __future__ import annotations

from .layout import SHEETS
from .read import instrument_from_xlsx
from .write import instrument_to_xlsx

__all__ = ["SHEETS", "instrument_from_xlsx", "instrument_to_xlsx"]
