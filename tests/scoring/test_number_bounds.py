"""The shared number cleaner refuses hostile numbers by their text, before any arithmetic."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from kinerja.scoring.model.errors import AnswerError
from kinerja.scoring.model.numbers import NotANumberError, parse_exact, read_number
from kinerja.scoring.model.schema import Indicator

from .conftest import indicator


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1e1000000", "'1e1000000' terlalu besar (paling banyak 18 digit)"),
        ("1e10000000", "'1e10000000' terlalu besar (paling banyak 18 digit)"),
        ("1e-1000000", "'1e-1000000' terlalu banyak desimal (paling banyak 30)"),
        ("9" * 19, f"'{'9' * 19}' terlalu besar (paling banyak 18 digit)"),
        ("1" * 100_000, f"'{'1' * 40}…' terlalu panjang untuk sebuah angka"),
        ("٣", "'٣' bukan angka"),
        ("²", "'²' bukan angka"),
        (Decimal("1e999999999"), "'1E+999999999' terlalu besar (paling banyak 18 digit)"),
        (10**5000, "bilangan bulat 16610 bit terlalu besar (paling banyak 18 digit)"),
    ],
    ids=[
        "e1M",
        "e10M",
        "e-1M",
        "19-digits",
        "100k-chars",
        "arabic-3",
        "superscript-2",
        "decimal-e999M",
        "int-5000-digits",
    ],
)
def test_read_number_refuses_hostile_values(raw, message):
    with pytest.raises(NotANumberError) as caught:
        read_number(raw)

    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3,5", Fraction(7, 2)),
        ("1/3", Fraction(1, 3)),
        ("9" * 18, Fraction(10**18 - 1)),
        ("0e99999999", Fraction(0)),
        ("1.50000000000000000000", Fraction(3, 2)),
        (Decimal("0.0333333333333333333333333333"), Fraction(333333333333333333333333333, 10**28)),
    ],
)
def test_read_number_reads_ordinary_values_exactly(raw, expected):
    assert read_number(raw) == expected


def test_parse_exact_refuses_an_exponent_no_stored_value_has():
    with pytest.raises(NotANumberError) as caught:
        parse_exact("1e10000000")

    assert str(caught.value) == "'1e10000000' di luar rentang angka yang dapat diolah"


def test_number_answer_refuses_a_huge_realisation_before_arithmetic():
    ratio = {"type": "number", "rule": {"kind": "ratio", "target": 100}}
    ind = Indicator.model_validate(indicator("n1", 1, ratio))

    with pytest.raises(AnswerError) as caught:
        ind.validate_raw("1e400")

    assert str(caught.value) == "'1e400' terlalu besar (paling banyak 18 digit)"
