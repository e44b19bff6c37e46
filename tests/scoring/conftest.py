"""Small instruments for the scoring tests, built in code so every number is visible here.

``build(**changes)`` returns a validated Instrument from ``base_data()`` with top-level keys
replaced; ``levels(0, 5)`` is a level answer with descriptors.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest

from kinerja.scoring import Instrument


def level_answer(low: int = 0, high: int = 5) -> dict[str, Any]:
    return {
        "type": "level",
        "levels": [{"value": v, "descriptor": f"Level {v}"} for v in range(low, high + 1)],
    }


def indicator(ref: str, weight: Any, answer: Any = None, **extra: Any) -> dict[str, Any]:
    return {
        "ref": ref,
        "name": f"Indikator {ref}",
        "weight": weight,
        "answer": answer if answer is not None else level_answer(),
        **extra,
    }


def ipp_bands() -> list[dict[str, Any]]:
    # PEKPPP-like categories on 0-5 with 2 decimals, both bounds inclusive.
    return [
        {"code": "A", "label": "Pelayanan Prima", "min": Decimal("4.51"), "max": 5},
        {"code": "A-", "label": "Sangat Baik", "min": Decimal("4.01"), "max": Decimal("4.50")},
        {"code": "B", "label": "Baik", "min": Decimal("2.01"), "max": Decimal("4.00")},
        {"code": "F", "label": "Gagal", "min": 0, "max": Decimal("2.00")},
    ]


def sakip_bands() -> list[dict[str, Any]]:
    # SAKIP grades on 0-100: lower bound exclusive except D.
    exclusive = {"min_inclusive": False}
    return [
        {"code": "AA", "label": "Sangat Memuaskan", "min": 90, "max": 100, **exclusive},
        {"code": "A", "label": "Memuaskan", "min": 80, "max": 90, **exclusive},
        {"code": "BB", "label": "Sangat Baik", "min": 70, "max": 80, **exclusive},
        {"code": "B", "label": "Baik", "min": 60, "max": 70, **exclusive},
        {"code": "CC", "label": "Cukup", "min": 50, "max": 60, **exclusive},
        {"code": "C", "label": "Kurang", "min": 30, "max": 50, **exclusive},
        {"code": "D", "label": "Sangat Kurang", "min": 0, "max": 30},
    ]


def base_data() -> dict[str, Any]:
    """Scale 0-5; aspect a (60%): a1 70, a2 30; aspect b (40%): b1 100. Levels 0-5."""
    return {
        "code": "uji",
        "version": "1",
        "title": "Instrumen uji",
        "scale": {"min": 0, "max": 5},
        "decimals": 2,
        "components": [{"code": "f02", "name": "Penilai", "weight": 100}],
        "aspects": [
            {
                "ref": "a",
                "name": "Aspek A",
                "weight": 60,
                "indicators": [indicator("a1", 70), indicator("a2", 30)],
            },
            {"ref": "b", "name": "Aspek B", "weight": 40, "indicators": [indicator("b1", 100)]},
        ],
        "bands": ipp_bands(),
    }


def build_instrument(**changes: Any) -> Instrument:
    data = copy.deepcopy(base_data())
    data.update(copy.deepcopy(changes))
    return Instrument.model_validate(data)


@pytest.fixture
def tiny() -> Instrument:
    return build_instrument()


@pytest.fixture
def build():
    return build_instrument


@pytest.fixture
def data():
    return base_data()
