"""What changed between two instrument versions, matched by stable refs and codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kinerja.scoring.formats.yaml_file import instrument_to_data

# Lists whose items are matched by a key rather than by position.
KEYED = ("ref", "code", "value", "key", "kind")


@dataclass(frozen=True)
class Change:
    path: str
    kind: str  # added | removed | changed
    before: Any
    after: Any


def _item_key(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in KEYED:
            if key in item:
                return f"{item[key]}"
    return f"#{index + 1}"


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """``{"aspects / a / indicators / 1 / weight": "17", …}`` for every leaf value."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix} / {key}" if prefix else str(key)))
    elif isinstance(data, list | tuple) and data and all(isinstance(i, dict) for i in data):
        for index, item in enumerate(data):
            out.update(flatten(item, f"{prefix} / {_item_key(item, index)}"))
    elif isinstance(data, list | tuple):
        out[prefix] = ", ".join(str(v) for v in data)
    else:
        out[prefix] = "" if data is None else str(data)
    return out


def diff_instruments(old, new) -> list[Change]:
    """Every difference between two parsed instruments, in the order of the newer file."""
    before = flatten(instrument_to_data(old))
    after = flatten(instrument_to_data(new))
    changes = []
    for path, value in after.items():
        if path not in before:
            changes.append(Change(path, "added", None, value))
        elif before[path] != value:
            changes.append(Change(path, "changed", before[path], value))
    for path, value in before.items():
        if path not in after:
            changes.append(Change(path, "removed", value, None))
    return [c for c in changes if not c.path.startswith("version")]
