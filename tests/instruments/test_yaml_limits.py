"""Instrument YAML and score JSON: aliases, depth, size and characters are limited."""

from __future__ import annotations

import pytest

from kinerja.scoring.cli import parse_score_request
from kinerja.scoring.formats.library import load_library
from kinerja.scoring.formats.yaml_file import load_instrument_text
from kinerja.scoring.model.errors import InstrumentError, ScoreInputError


def alias_bomb() -> str:
    """The 2.7 KB "billion laughs" of the report: 9 levels of 9 aliases each."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    previous = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
        previous = name
    return "\n".join(lines) + "\n"


def errors_of(text: str) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        load_instrument_text(text, filename="x.yaml")
    return [str(error) for error in caught.value.errors]


def test_alias_bomb_is_refused_before_it_expands():
    assert errors_of(alias_bomb()) == [
        "x.yaml: berkas mengembang menjadi lebih dari 200000 simpul (alias bertumpuk); "
        "tulis isinya tanpa alias"
    ]


def test_deep_nesting_is_refused_with_its_line():
    text = "a:\n" + "".join(" " * (i + 1) + "a:\n" for i in range(2000))

    assert errors_of(text) == ["x.yaml:40: bertingkat terlalu dalam, paling banyak 40 tingkat"]


def test_nul_character_is_refused_with_its_line():
    assert errors_of("code: a\ntitle: x\x00y\n") == [
        "x.yaml:2: karakter tidak diperbolehkan #x0000"
    ]


def test_escaped_nul_in_a_text_is_refused():
    errors = errors_of('code: a\ntitle: "x\\0y"\n')

    assert "x.yaml:2: title: teks memuat karakter kendali (mis. NUL) yang tidak diperbolehkan" in (
        errors
    )


def test_huge_number_in_an_instrument_is_refused_by_its_exponent():
    errors = errors_of("code: a\nscale: {min: 0, max: 1e999999999}\n")

    assert "x.yaml:2: scale.max: '1E+999999999' terlalu besar (paling banyak 18 digit)" in errors


def test_score_json_nested_too_deep_is_refused():
    inst = load_library("ekk-yogyakarta")

    with pytest.raises(ScoreInputError) as caught:
        parse_score_request(b"[" * 100_000, filename="a.json", inst=inst)

    assert str(caught.value) == "a.json: JSON bertingkat terlalu dalam (paling banyak 16 tingkat)"


def test_score_json_nested_under_the_recursion_limit_is_refused_too():
    data = b'{"answers": {"1.1": ' + b"[" * 500 + b"]" * 500 + b"}}"
    inst = load_library("ekk-yogyakarta")

    with pytest.raises(ScoreInputError) as caught:
        parse_score_request(data, filename="a.json", inst=inst)

    assert str(caught.value) == "a.json: JSON bertingkat terlalu dalam (paling banyak 16 tingkat)"
