"""The library of shipped instruments: the YAML files in ``kinerja/instruments/library``.

Each file is read once and kept while it is unchanged on disk (modification time and size).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..model.errors import InstrumentNotFoundError
from ..model.schema import Instrument
from .yaml_file import load_instrument_file

__all__ = ["library_dir", "library_instruments", "load_library", "version_key"]


def library_dir() -> Path:
    """The folder of instrument files shipped with Kinerja (``kinerja/instruments/library``)."""
    return Path(__file__).resolve().parents[2] / "instruments" / "library"


_CACHE: dict[Path, tuple[tuple[int, int], Instrument]] = {}


def _cached_load(path: Path) -> Instrument:
    stat = path.stat()
    stamp = (stat.st_mtime_ns, stat.st_size)
    cached = _CACHE.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    instrument = load_instrument_file(path)
    _CACHE[path] = (stamp, instrument)
    return instrument


def library_instruments() -> list[Instrument]:
    """Every instrument in the library folder, sorted by code then version."""
    instruments = [_cached_load(path) for path in sorted(library_dir().glob("*.yaml"))]
    return sorted(instruments, key=lambda i: (i.code, version_key(i.version)))


def version_key(version: str) -> tuple[tuple[int, int | str], ...]:
    """Order versions the way people read them: "2023.10" after "2023.9"."""
    parts = re.split(r"[.\-_]", version)
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in parts)


def load_library(code: str, version: str | None = None) -> Instrument:
    """The library instrument ``code`` at ``version``, or its newest version when None.

    Files are named ``<code>.yaml`` or ``<code>@<version>.yaml``, but the code and version
    written inside the file decide. Raises ``InstrumentNotFoundError``.
    """
    paths = sorted(library_dir().glob("*.yaml"))
    # Files named for the code are read first; the rest only if those do not match.
    named = [p for p in paths if p.stem == code or p.stem.startswith(f"{code}@")]
    others = [p for p in paths if p not in named]
    for group in (named, others):
        found = [inst for inst in map(_cached_load, group) if inst.code == code]
        if version is not None:
            found = [inst for inst in found if inst.version == version]
        if found:
            return max(found, key=lambda inst: version_key(inst.version))
    wanted = code if version is None else f"{code}@{version}"
    raise InstrumentNotFoundError(f"instrumen '{wanted}' tidak ada di {library_dir()}")
