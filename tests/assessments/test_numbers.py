"""F01 answers, review scores and consensus values share one cleaner: ``clean_value``."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kinerja.assessments.services import clean_value
from kinerja.scoring.model.schema import Indicator


def ratio_indicator() -> Indicator:
    return Indicator.model_validate(
        {
            "ref": "3.1",
            "name": "Realisasi anggaran",
            "weight": 1,
            "answer": {"type": "number", "rule": {"kind": "ratio", "target": 100}},
        }
    )


@pytest.mark.parametrize("raw", ["1e1000000", "1e10000000", "1e400", "٣٠"])
def test_clean_value_refuses_hostile_numbers(raw):
    with pytest.raises(ValidationError) as caught:
        clean_value(ratio_indicator(), raw)

    assert caught.value.code == "invalid_answer"


def test_clean_value_refuses_a_huge_pair():
    with pytest.raises(ValidationError) as caught:
        clean_value(ratio_indicator(), {"target": "1e999999", "actual": "5"})

    assert caught.value.messages == ["'1e999999' terlalu besar (paling banyak 18 digit)"]


def test_clean_value_keeps_an_ordinary_number_exact():
    assert clean_value(ratio_indicator(), "87,5") == "87.5"
