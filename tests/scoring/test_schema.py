"""Instrument validation: every rule, each violation reported at its place with its message."""

from __future__ import annotations

import copy
from decimal import Decimal
from fractions import Fraction

import pytest
from pydantic import ValidationError

from kinerja.scoring import AnswerError, Instrument, InstrumentError, validate_instrument_data
from kinerja.scoring.formats.yaml_file import instrument_to_data
from tests.scoring.conftest import base_data, indicator, level_answer


def problems(data) -> list[tuple[str, str]]:
    """(field, message) of every problem of ``data``, in report order."""
    with pytest.raises(InstrumentError) as caught:
        validate_instrument_data(data)
    return [(error.field, error.message) for error in caught.value.errors]


def test_instrument_base_fixture_is_valid(data):
    # Act
    instrument = validate_instrument_data(data)

    # Assert
    assert instrument.key == "uji@1"
    assert instrument.family == "uji"
    assert [i.ref for i in instrument.iter_indicators()] == ["a1", "a2", "b1"]


def test_instrument_is_frozen(tiny):
    with pytest.raises(ValidationError):
        tiny.decimals = 3


def test_weights_percent_sum_wrong_names_aspect_and_total(data):
    # Arrange
    data["aspects"][0]["indicators"][1]["weight"] = 28

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[0].indicators",
            "bobot indikator dalam aspek 'a' berjumlah 98, seharusnya 100 (weights: percent)",
        )
    ]


def test_weights_points_children_sum_to_parent_weight(data):
    # Arrange: aspect weight 60 in points mode, children 40 + 30 = 70
    data["aspects"][0]["weights"] = "points"
    data["aspects"][0]["indicators"][0]["weight"] = 40

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[0].indicators",
            "bobot indikator dalam aspek 'a' berjumlah 70, seharusnya 60 "
            "(weights: points = bobot induk)",
        )
    ]


def test_weights_relative_needs_a_positive_weight(data):
    # Arrange
    data["aspects"][1]["weights"] = "relative"
    data["aspects"][1]["indicators"][0]["weight"] = 0

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[1].indicators",
            "bobot indikator dalam aspek 'b' berjumlah 0; paling sedikit satu harus lebih dari 0",
        )
    ]


def test_weights_relative_accepts_any_positive_sum(data):
    # Arrange
    data["aspects"][0]["weights"] = "relative"
    data["aspects"][0]["indicators"][0]["weight"] = Decimal("0.5")

    # Act
    instrument = validate_instrument_data(data)

    # Assert
    assert instrument.aspects[0].indicators[0].weight == Decimal("0.5")


def test_top_level_weights_sum_per_component(data):
    # Arrange
    data["aspects"][1]["weight"] = 30

    # Act / Assert
    assert problems(data) == [
        (
            "aspects",
            "bobot aspek tingkat atas komponen 'f02' berjumlah 90, seharusnya 100 "
            "(weights: percent)",
        )
    ]


def test_component_without_aspects_is_reported(data):
    # Arrange
    data["components"].append({"code": "f03", "name": "Survei", "weight": 0})

    # Act / Assert
    assert problems(data) == [("components[1]", "komponen 'f03' belum punya aspek")]


def test_refs_unique_across_whole_instrument(data):
    # Arrange: an indicator reusing the ref of another aspect's indicator
    data["aspects"][1]["indicators"][0]["ref"] = "a2"

    # Act / Assert
    assert problems(data) == [
        ("aspects[1].indicators[0].ref", "ref 'a2' sudah dipakai di aspects[0].indicators[1]")
    ]


def test_levels_must_be_contiguous(data):
    # Arrange: 0, 1, 3
    answer = level_answer(0, 3)
    del answer["levels"][2]
    data["aspects"][1]["indicators"][0]["answer"] = answer

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[1].indicators[0].answer.levels[2].value",
            "nilai level harus berurutan naik satu per satu: setelah 1 seharusnya 2, bukan 3",
        )
    ]


def test_level_needs_descriptor(data):
    # Arrange
    del data["aspects"][1]["indicators"][0]["answer"]["levels"][4]["descriptor"]

    # Act / Assert
    assert problems(data) == [
        ("aspects[1].indicators[0].answer.levels[4].descriptor", "wajib diisi")
    ]


def test_text_answer_must_weigh_zero(data):
    # Arrange
    data["aspects"][0]["indicators"].append(indicator("a3", 5, {"type": "text"}))
    data["aspects"][0]["indicators"][0]["weight"] = 65

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[0].indicators[2].weight",
            "indikator jawaban teks tidak dinilai; bobot harus 0, bukan 5",
        )
    ]


def test_text_answer_with_weight_zero_is_valid(data):
    # Arrange
    data["aspects"][0]["indicators"].append(indicator("a3", 0, {"type": "text"}))

    # Act
    instrument = validate_instrument_data(data)

    # Assert
    assert instrument.indicator("a3").scored is False


def test_bands_gap_is_reported_with_values(data):
    # Arrange: A- starts at 4.02, leaving 4.01 without a band
    data["bands"][1]["min"] = Decimal("4.02")

    # Act / Assert
    assert problems(data) == [
        (
            "bands[1].min",
            "celah antara 'B' (sampai 4.00) dan 'A-' (mulai 4.02): nilai 4.01-4.01 tidak "
            "berpredikat",
        )
    ]


def test_bands_overlap_is_reported(data):
    # Arrange: B goes up to 4.01 while A- starts at 4.01
    data["bands"][2]["max"] = Decimal("4.01")

    # Act / Assert
    assert problems(data) == [("bands[1]", "predikat 'B' dan 'A-' tumpang tindih pada 4.01-4.01")]


def test_bands_must_stay_inside_scale(data):
    # Arrange
    data["bands"][0]["max"] = 6

    # Act / Assert
    assert problems(data) == [
        ("bands[0].max", "predikat 'A' sampai 6, di atas skala maksimum 5"),
        ("bands", "nilai 4.51-5.00 tidak berpredikat (skala sampai 5.00)"),
    ]


def test_bands_exclusive_lower_bounds_cover_scale(data):
    # Arrange: SAKIP style on 0-100
    from tests.scoring.conftest import sakip_bands

    data["scale"] = {"min": 0, "max": 100}
    data["bands"] = sakip_bands()

    # Act
    instrument = validate_instrument_data(data)

    # Assert
    assert [b.code for b in instrument.bands] == ["AA", "A", "BB", "B", "CC", "C", "D"]


def test_bands_both_exclusive_at_same_bound_leave_gap(data):
    # Arrange: B ends before 4.00 (exclusive) and A- starts after 4.00 (exclusive)
    data["bands"][1]["min"] = Decimal("4.00")
    data["bands"][1]["min_inclusive"] = False
    data["bands"][2]["max_inclusive"] = False

    # Act / Assert
    assert problems(data) == [
        (
            "bands[1].min",
            "celah antara 'B' (sampai 3.99) dan 'A-' (mulai 4.01): nilai 4.00-4.00 tidak "
            "berpredikat",
        )
    ]


def test_bands_empty_at_resolution(data):
    # Arrange: a band 4.005-4.009 holds no value with two decimals
    data["bands"].append(
        {"code": "X", "label": "X", "min": Decimal("4.005"), "max": Decimal("4.009")}
    )

    # Act / Assert
    assert problems(data) == [
        ("bands[4]", "predikat 'X' tidak memuat satu nilai pun pada ketelitian 2 desimal")
    ]


def test_aspect_component_must_exist(data):
    # Arrange
    data["aspects"][0]["component"] = "f09"

    # Act / Assert
    assert problems(data) == [
        ("aspects[0].component", "komponen 'f09' tidak dikenal; yang ada: f02"),
    ]


def test_round_and_tie_breaker_references_must_exist(data):
    # Arrange
    data["rounds"] = [
        {"code": "t1", "name": "Tahap 1", "components": ["f02", "lapang"], "weight": 1}
    ]
    data["ranking"] = {"tie_breakers": [{"component": "lapang"}, {"aspect": "zz"}]}

    # Act / Assert
    assert problems(data) == [
        ("rounds[0].components[1]", "komponen 'lapang' tidak dikenal; yang ada: f02"),
        ("ranking.tie_breakers[0].component", "komponen 'lapang' tidak dikenal"),
        ("ranking.tie_breakers[1].aspect", "ref 'zz' tidak ada di instrumen"),
    ]


def test_rounds_need_a_positive_weight(data):
    # Arrange
    data["rounds"] = [{"code": "t1", "name": "Tahap 1", "components": ["f02"], "weight": 0}]

    # Act / Assert
    assert problems(data) == [
        ("rounds", "bobot babak berjumlah 0; paling sedikit satu harus lebih dari 0")
    ]


def test_tag_must_be_declared_when_tags_exist(data):
    # Arrange
    data["tags"] = {"K": "Keadilan"}
    data["aspects"][0]["indicators"][0]["tag"] = "Ak"

    # Act / Assert
    assert problems(data) == [
        ("aspects[0].indicators[0].tag", "tag 'Ak' tidak dikenal; yang ada: K")
    ]


def test_named_answer_type_is_resolved(data):
    # Arrange
    data["answer_types"] = {"skala_0_5": level_answer()}
    data["aspects"][1]["indicators"][0]["answer"] = "skala_0_5"

    # Act
    instrument = validate_instrument_data(data)

    # Assert
    b1 = instrument.indicator("b1")
    assert b1.answer_type == "skala_0_5"
    assert b1.answer == instrument.answer_types["skala_0_5"]


def test_named_answer_type_unknown(data):
    # Arrange
    data["answer_types"] = {"skala_0_5": level_answer()}
    data["aspects"][1]["indicators"][0]["answer"] = "skala_1_4"

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[1].indicators[0].answer",
            "jenis jawaban 'skala_1_4' tidak dikenal; yang ada: skala_0_5",
        )
    ]


def test_named_answer_type_invalid_is_reported_once_at_definition(data):
    # Arrange: the named type has a gap; two indicators use it
    broken = level_answer(0, 3)
    del broken["levels"][1]
    data["answer_types"] = {"rusak": broken}
    data["aspects"][0]["indicators"][0]["answer"] = "rusak"
    data["aspects"][0]["indicators"][1]["answer"] = "rusak"

    # Act / Assert
    assert problems(data) == [
        (
            "answer_types.rusak.levels[1].value",
            "nilai level harus berurutan naik satu per satu: setelah 0 seharusnya 1, bukan 2",
        )
    ]


def test_answer_type_name_may_not_shadow_builtin(data):
    # Arrange
    data["answer_types"] = {"level": level_answer()}

    # Act / Assert
    assert problems(data) == [
        (
            "answer_types.level",
            "nama jenis jawaban 'level' sama dengan jenis bawaan; pakai nama lain",
        )
    ]


def test_aspect_with_both_children_kinds(data):
    # Arrange
    data["aspects"][1]["aspects"] = [
        {"ref": "b9", "name": "Sub", "weight": 100, "indicators": [indicator("b91", 100)]}
    ]

    # Act / Assert
    assert problems(data) == [("aspects[1]", "isi salah satu saja: aspects atau indicators")]


def test_unknown_answer_type_tag(data):
    # Arrange
    data["aspects"][1]["indicators"][0]["answer"] = {"type": "skala"}

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[1].indicators[0].answer",
            "jenis 'skala' tidak dikenal; pilihan: 'level', 'choice', 'yes_no', 'number', "
            "'points', 'text'",
        )
    ]


def test_unknown_key_is_an_error(data):
    # Arrange
    data["aspects"][1]["indicators"][0]["wieght"] = 3

    # Act / Assert
    assert problems(data) == [("aspects[1].indicators[0].wieght", "kunci tidak dikenal")]


def test_float_is_refused_for_decimals(data):
    # Arrange
    data["aspects"][1]["weight"] = 40.0

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[1].weight",
            "angka float tidak diterima; tulis angka desimal (Decimal atau teks)",
        )
    ]


def test_choice_keys_unique_ignoring_case(data):
    # Arrange
    options = [{"key": "A", "value": 1}, {"key": "a", "value": 0}]
    data["aspects"][1]["indicators"][0]["answer"] = {"type": "choice", "options": options}

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[1].indicators[0].answer.options[1].key",
            "kunci opsi 'a' sudah dipakai (opsi ke-1)",
        )
    ]


def test_threshold_steps_ascending(data):
    # Arrange
    steps = [{"min": 0, "score": 0}, {"min": 5, "score": 1}, {"min": 5, "score": 1}]
    answer = {"type": "number", "rule": {"kind": "thresholds", "steps": steps}}
    data["aspects"][1]["indicators"][0]["answer"] = answer

    # Act / Assert
    assert problems(data) == [
        (
            "aspects[1].indicators[0].answer.rule.steps[2].min",
            "batas tangga harus naik: 5 tidak lebih besar dari 5",
        )
    ]


def test_points_min_below_max(data):
    # Arrange
    data["aspects"][1]["indicators"][0]["answer"] = {"type": "points", "max": 10, "min": 10}

    # Act / Assert
    assert problems(data) == [
        ("aspects[1].indicators[0].answer.min", "min (10) harus lebih kecil dari max (10)")
    ]


def test_award_needs_rank_or_top(data):
    # Arrange
    data["awards"] = [{"code": "x", "label": "X", "rank": 1, "top": 3}]

    # Act / Assert
    assert problems(data) == [("awards[0]", "isi salah satu: rank atau top")]


def test_many_faults_are_reported_together(data):
    # Arrange: five independent faults in different parts
    data["decimals"] = "dua"
    data["aspects"][0]["indicators"][1]["weight"] = 20
    data["aspects"][1]["indicators"][0]["ref"] = "a1"
    data["components"][0]["source"] = "publik"
    data["bands"][0]["min"] = Decimal("4.52")

    # Act
    found = problems(data)

    # Assert
    assert found == [
        ("decimals", "harus bilangan bulat"),
        ("components[0].source", "harus salah satu dari: 'self', 'evaluator', 'jury' or 'survey'"),
        (
            "aspects[0].indicators",
            "bobot indikator dalam aspek 'a' berjumlah 90, seharusnya 100 (weights: percent)",
        ),
        ("aspects[1].indicators[0].ref", "ref 'a1' sudah dipakai di aspects[0].indicators[0]"),
    ]


def test_model_data_round_trip_is_equal(data):
    # Arrange
    data["answer_types"] = {"skala_0_5": level_answer()}
    data["aspects"][1]["indicators"][0]["answer"] = "skala_0_5"
    instrument = validate_instrument_data(data)

    # Act
    again = Instrument.model_validate(instrument_to_data(instrument))
    dumped = Instrument.model_validate(instrument.model_dump())

    # Assert
    assert again == instrument
    assert dumped == instrument


def test_model_copy_forgets_cached_lookups(tiny):
    # Arrange
    assert tiny.node("a1").weight == 70

    # Act
    renamed = tiny.model_copy(update={"aspects": (tiny.aspects[1],)})

    # Assert
    assert [n.ref for n in renamed.iter_nodes()] == ["b", "b1"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(3, 3), ("4", 4), (Decimal("5"), 5), (Fraction(2), 2), (" 1 ", 1)],
)
def test_level_validate_raw_accepts_exact_forms(tiny, raw, expected):
    assert tiny.indicator("a1").validate_raw(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (6, "nilai 6 bukan level yang sah; harus level 0-5"),
        ("x", "nilai 'x' bukan level; harus level 0-5"),
        (True, "nilai True bukan level; harus level 0-5"),
        (3.0, "nilai 3.0 bukan level; harus level 0-5"),
        (Decimal("2.5"), "nilai 2.5 bukan level yang sah; harus level 0-5"),
    ],
)
def test_level_validate_raw_refuses(tiny, raw, message):
    with pytest.raises(AnswerError) as caught:
        tiny.indicator("a1").validate_raw(raw)
    assert str(caught.value) == message


def test_choice_normalise_is_exact_share_of_best(build):
    # Arrange: SAKIP A/B/C/D = 1/0.66/0.33/0
    options = [
        {"key": key, "value": Decimal(value)}
        for key, value in (("A", "1"), ("B", "0.66"), ("C", "0.33"), ("D", "0"))
    ]
    data = base_data()
    data["aspects"][1]["indicators"][0]["answer"] = {"type": "choice", "options": options}
    instrument = Instrument.model_validate(data)
    b1 = instrument.indicator("b1")

    # Act / Assert
    assert b1.normalise("B") == Fraction(33, 50)
    assert b1.normalise("c") == Fraction(33, 100)
    with pytest.raises(AnswerError) as caught:
        b1.normalise("E")
    assert str(caught.value) == "opsi 'E' tidak dikenal; harus salah satu dari A, B, C, D"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("Y", "Y"), ("t", "T"), (True, "Y"), (False, "T"), ("ya", "Y"), ("Tidak", "T"), (1, "Y")],
)
def test_yes_no_validate_raw(build, raw, expected):
    data = base_data()
    data["aspects"][1]["indicators"][0]["answer"] = {"type": "yes_no"}
    instrument = Instrument.model_validate(data)

    assert instrument.indicator("b1").validate_raw(raw) == expected


def test_number_ratio_scores_realisation_against_target(build):
    # Arrange: target 80, cap 1
    data = base_data()
    rule = {"kind": "ratio", "target": 80, "cap": 1}
    data["aspects"][1]["indicators"][0]["answer"] = {"type": "number", "rule": rule}
    b1 = Instrument.model_validate(data).indicator("b1")

    # Act / Assert: 60/80 = 3/4; above target is capped at 1; own target wins
    assert b1.normalise(60) == Fraction(3, 4)
    assert b1.normalise("100") == 1
    assert b1.normalise({"target": 50, "actual": Decimal("12.5")}) == Fraction(1, 4)
    with pytest.raises(AnswerError):
        b1.normalise(-1)


def test_number_ratio_with_cap_above_one(build):
    # Arrange: cap 1.2 lets over-achievement count up to 120 %
    data = base_data()
    rule = {"kind": "ratio", "target": 100, "cap": Decimal("1.2")}
    data["aspects"][1]["indicators"][0]["answer"] = {"type": "number", "rule": rule}
    b1 = Instrument.model_validate(data).indicator("b1")

    # Act / Assert: 110/100 = 1.1 -> 1.1/1.2 = 11/12; 150 -> capped 1.2/1.2
    assert b1.normalise(110) == Fraction(11, 12)
    assert b1.normalise(150) == 1


def test_number_thresholds_take_highest_step_reached(build):
    # Arrange
    data = base_data()
    steps = [{"min": 1, "score": Decimal("0.5")}, {"min": 5, "score": 1}]
    rule = {"kind": "thresholds", "steps": steps}
    data["aspects"][1]["indicators"][0]["answer"] = {
        "type": "number",
        "rule": rule,
        "unit": "inovasi",
    }
    b1 = Instrument.model_validate(data).indicator("b1")

    # Act / Assert
    assert [b1.normalise(n) for n in (0, 1, 4, 5, 33)] == [0, Fraction(1, 2), Fraction(1, 2), 1, 1]


def test_points_validate_range(build):
    # Arrange
    data = base_data()
    data["aspects"][1]["indicators"][0]["answer"] = {"type": "points", "max": 100}
    b1 = Instrument.model_validate(data).indicator("b1")

    # Act / Assert
    assert b1.normalise("87,5") == Fraction(7, 8)
    with pytest.raises(AnswerError) as caught:
        b1.normalise(101)
    assert str(caught.value) == "poin 101 di luar rentang; harus angka 0-100"


def test_text_answer_normalises_to_none(build):
    data = base_data()
    data["aspects"][0]["indicators"].append(indicator("a3", 0, {"type": "text"}))
    a3 = Instrument.model_validate(data).indicator("a3")

    assert a3.normalise("catatan lapangan") is None
    with pytest.raises(AnswerError):
        a3.normalise(3)


def test_validate_instrument_data_does_not_change_input(data):
    # Arrange
    data["answer_types"] = {"skala_0_5": level_answer()}
    data["aspects"][1]["indicators"][0]["answer"] = "skala_0_5"
    before = copy.deepcopy(data)

    # Act
    validate_instrument_data(data)

    # Assert
    assert data == before
