"""The ``kinerja score`` core: reading answer files, JSON output and the text table."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from openpyxl import Workbook

from kinerja.scoring import ScoreInputError, score
from kinerja.scoring.cli import (
    parse_score_input,
    parse_score_request,
    result_to_json,
    result_to_table,
)
from tests.scoring.conftest import base_data, build_instrument, indicator, level_answer


def survey_instrument():
    """An evaluator component and a survey component (elements U1-U3, answers 1-4)."""
    data = base_data()
    components = [
        *data["components"],
        {"code": "f03", "name": "Survei", "weight": 0, "source": "survey"},
    ]
    elements = [indicator(f"U{n}", 1, level_answer(1, 4)) for n in (1, 2, 3)]
    aspects = [
        *data["aspects"],
        {
            "ref": "s",
            "name": "Survei",
            "weight": 100,
            "component": "f03",
            "weights": "relative",
            "indicators": elements,
        },
    ]
    return build_instrument(components=components, aspects=aspects)


def test_parse_json_answers_for_first_component(tiny):
    # Arrange
    data = b'{"answers": {"a1": 5, "a2": [1, 2], "b1": {"e1": "4", "e2": 3}}}'

    # Act
    values = parse_score_input(data, filename="jawaban.json", inst=tiny)

    # Assert
    assert values == {"f02": {"a1": 5, "a2": [1, 2], "b1": {"e1": "4", "e2": 3}}}


def test_parse_json_numbers_are_exact_decimals(build):
    # Arrange: a points answer 87.5 in JSON is Decimal("87.5"), never a float
    aspects = [
        {
            "ref": "a",
            "name": "A",
            "weight": 100,
            "indicators": [indicator("a1", 100, {"type": "points", "max": 100})],
        }
    ]
    instrument = build(aspects=aspects, scale={"min": 0, "max": 100}, bands=[])

    # Act
    values = parse_score_input(b'{"answers": {"a1": 87.5}}', filename="x.json", inst=instrument)

    # Assert
    assert values["f02"]["a1"] == Decimal("87.5")
    assert type(values["f02"]["a1"]) is Decimal


def test_parse_json_components_form_and_consensus(tmp_path):
    # Arrange
    instrument = survey_instrument()
    path = tmp_path / "nilai.json"
    path.write_text(
        json.dumps(
            {
                "components": {
                    "f02": {"answers": {"a1": 5, "a2": 4, "b1": 3}},
                    "f03": {"answers": {"U1": [4, 3]}},
                },
                "consensus": {"f02": {"b1": 5}},
            }
        )
    )

    # Act
    request = parse_score_request(path, inst=instrument)

    # Assert
    assert request.values == {"f02": {"a1": 5, "a2": 4, "b1": 3}, "f03": {"U1": [4, 3]}}
    assert request.consensus == {"f02": {"b1": 5}}


def test_parse_json_reports_every_bad_ref_and_value(tiny):
    # Arrange
    data = b'{"answers": {"a1": 6, "zz": 1, "b1": "x"}}'

    # Act
    with pytest.raises(ScoreInputError) as caught:
        parse_score_input(data, filename="j.json", inst=tiny)

    # Assert
    assert caught.value.errors == [
        "j.json: a1: nilai 6 bukan level yang sah; harus level 0-5",
        "j.json: zz: indikator tidak dikenal",
        "j.json: b1: nilai 'x' bukan level; harus level 0-5",
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"{",
            "j.json: JSON tidak sah: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)",
        ),
        (b"[1]", "j.json: JSON harus berupa objek dengan kunci answers atau components"),
        (b'{"jawaban": {}}', "j.json: kunci 'jawaban' tidak dikenal"),
        (b'{"answers": {"a1": NaN}}', "j.json: JSON tidak sah: NaN bukan angka yang sah"),
        (b'{"answers": [1]}', "j.json: answers harus objek {ref: nilai}"),
    ],
)
def test_parse_json_malformed(tiny, data, message):
    with pytest.raises(ScoreInputError) as caught:
        parse_score_input(data, filename="j.json", inst=tiny)
    assert caught.value.errors[0] == message


def test_parse_survey_csv_one_respondent_per_row():
    # Arrange: Indonesian spreadsheets separate columns with ';'; "responden" is metadata
    text = "responden;U1;U2;u3;Jenis kelamin\nR1;4;3;2;P\nR2;3;;4;L\n;;;;\n"

    # Act
    values = parse_score_input(text.encode(), filename="survei.csv", inst=survey_instrument())

    # Assert: blank cells are respondents who skipped the element
    assert values == {"f03": {"U1": ["4", "3"], "U2": ["3", None], "U3": ["2", "4"]}}


def test_parse_survey_csv_errors_name_row_and_column():
    # Arrange
    text = "U1,U2,U3\n4,3,2\n5,x,1\n"

    # Act
    with pytest.raises(ScoreInputError) as caught:
        parse_score_input(text.encode(), filename="s.csv", inst=survey_instrument())

    # Assert
    assert caught.value.errors == [
        "s.csv: baris 3, kolom A (U1): nilai '5' bukan level yang sah; harus level 1-4",
        "s.csv: baris 3, kolom B (U2): nilai 'x' bukan level; harus level 1-4",
    ]


def test_parse_survey_rejects_unknown_ref_like_columns_and_missing_elements():
    # Arrange: U4 looks like an element but is not one; U3 is absent; a1 is another component's
    text = "U1,U2,U4,a1\n4,3,2,1\n"

    # Act
    with pytest.raises(ScoreInputError) as caught:
        parse_score_input(text.encode(), filename="s.csv", inst=survey_instrument())

    # Assert
    assert caught.value.errors == [
        "s.csv: kolom C ('U4') bukan unsur komponen 'f03' (unsur: U1, U2, U3)",
        "s.csv: kolom D ('a1') bukan unsur komponen 'f03' (unsur: U1, U2, U3)",
        "s.csv: kolom untuk unsur 'U3' tidak ada di baris 1",
    ]


def test_parse_survey_xlsx_reads_first_sheet():
    # Arrange
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["No", "U1", "U2", "U3"])
    sheet.append([1, 4, 3.0, 2])
    sheet.append([2, 1, 2, None])
    out = io.BytesIO()
    workbook.save(out)

    # Act
    values = parse_score_input(out.getvalue(), filename="survei.xlsx", inst=survey_instrument())

    # Assert
    assert values == {"f03": {"U1": [4, 1], "U2": [3, 2], "U3": [2, None]}}


def test_parse_table_needs_a_survey_component(tiny):
    with pytest.raises(ScoreInputError) as caught:
        parse_score_input(b"a1,a2,b1\n1,2,3\n", filename="x.csv", inst=tiny)
    assert caught.value.errors == [
        "instrumen 'uji@1' tidak punya tepat satu komponen survei; gunakan JSON"
    ]


def test_result_to_json_shape(tiny):
    # Arrange
    result = score(tiny, {"f02": {"a1": 5, "a2": 0, "b1": 4}})

    # Act
    out = result_to_json(tiny, result)

    # Assert
    json.dumps(out)
    assert list(out) == ["instrument", "total", "grade", "aspects", "components", "explain"]
    assert out["instrument"] == "uji@1"
    assert out["total"] == "3.70"
    assert out["grade"] == {"code": "B", "label": "Baik"}
    assert out["aspects"] == [
        {"ref": "a", "name": "Aspek A", "score": "3.50"},
        {"ref": "b", "name": "Aspek B", "score": "4.00"},
    ]
    assert out["components"] == [
        {"code": "f02", "name": "Penilai", "weight": "100", "score": "3.70"}
    ]
    assert out["explain"] == result.explain()


def test_result_to_json_without_total(build):
    instrument = build(missing="no_result")
    result = score(instrument, {"f02": {"a1": 5}})

    out = result_to_json(instrument, result)

    assert (out["total"], out["grade"]) == (None, None)
    assert out["explain"]["missing"] == ["a2", "b1"]


def test_result_to_table_lists_total_grade_and_nodes(tiny):
    # Arrange
    result = score(tiny, {"f02": {"a1": 5, "a2": 0, "b1": 4}})

    # Act
    table = result_to_table(tiny, result)

    # Assert
    assert table.splitlines() == [
        "Instrumen : uji@1 - Instrumen uji",
        "Total     : 3.70",
        "Predikat  : B (Baik)",
        "",
        "Ref     Nama          Bobot  Nilai",
        "f02     Penilai         100   3.70",
        "  a     Aspek A          60   3.50",
        "    a1  Indikator a1     70   5.00",
        "    a2  Indikator a2     30   0.00",
        "  b     Aspek B          40   4.00",
        "    b1  Indikator b1    100   4.00",
    ]
