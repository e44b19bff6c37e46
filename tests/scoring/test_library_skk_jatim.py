"""Lomba Sinergitas Kinerja Kecamatan Jawa Timur 2023: three rounds of summed points (max 1000)."""

from __future__ import annotations

from fractions import Fraction

from kinerja.scoring import library_dir, load_instrument_file, load_library, score, score_many
from kinerja.scoring.engine.ranking import (
    advancement,
    awards_for,
    rank,
    reached_round,
    tie_break_values,
    untaken_components,
)

CRITERIA = [
    "Penyelenggaraan urusan pemerintahan umum",
    "Penyelenggaraan pelayanan administrasi terpadu kecamatan (PATEN)",
    "Pelaksanaan tugas delegatif (kewenangan yang dilimpahkan bupati/wali kota)",
    "Penyelenggaraan tugas atributif",
    "Inovasi dan kreativitas kecamatan pada seluruh aspek",
    "Pelaksanaan penganggaran dan perencanaan kecamatan",
    "Pelaksanaan tugas lainnya",
]

# Tahap I: 30+45+20+30+50+20+15 = 210 points of 300.
ADMINISTRASI = {"ADM1": 30, "ADM2": 45, "ADM3": 20, "ADM4": 30, "ADM5": 50, "ADM6": 20, "ADM7": 15}
# Tahap II, two jurors: A gives 20+35+20+30+45+20+15+30 = 215, B 24+33+20+32+47+20+13+28 = 217.
PAPARAN = {
    "PPR1": {"juri-a": 20, "juri-b": 24},
    "PPR2": {"juri-a": 35, "juri-b": 33},
    "PPR3": {"juri-a": 20, "juri-b": 20},
    "PPR4": {"juri-a": 30, "juri-b": 32},
    "PPR5": {"juri-a": 45, "juri-b": 47},
    "PPR6": {"juri-a": 20, "juri-b": 20},
    "PPR7": {"juri-a": 15, "juri-b": 13},
    "PPR8": {"juri-a": 30, "juri-b": 28},
}
# Tahap III: 60+55+40+40+29+15 = 239 points of 400.
LAPANGAN = {"LAP1": 60, "LAP2": 55, "LAP3": 40, "LAP4": 40, "LAP5": 29, "LAP6": 15}


def test_skk_jatim_file_validates_with_seven_criteria_in_each_desk_round():
    # Arrange
    path = library_dir() / "skk-jatim.yaml"

    # Act
    instrument = load_instrument_file(path)

    # Assert
    administrasi = [i.name for i in instrument.iter_indicators("administrasi")]
    assert administrasi == CRITERIA
    assert len(list(instrument.iter_indicators("paparan"))) == 8  # 7 criteria + penguasaan materi
    assert str(instrument.scale.max) == "1000"
    assert instrument.provisional is True


def test_skk_jatim_points_add_up_to_1000_per_component():
    # Arrange
    instrument = load_library("skk-jatim", "2023.1")

    # Act
    maxima = {
        c.code: sum(i.answer.max for i in instrument.iter_indicators(c.code))
        for c in instrument.components
    }

    # Assert: 300 + 300 + 400 = 1000, and each component weighs its points
    assert {code: str(value) for code, value in maxima.items()} == {
        "administrasi": "300",
        "paparan": "300",
        "lapangan": "400",
    }
    assert {c.code: str(c.weight) for c in instrument.components} == {
        code: str(value) for code, value in maxima.items()
    }


def test_skk_jatim_rounds_advance_seven_to_field_review():
    # Arrange
    instrument = load_library("skk-jatim", "2023.1")

    # Act
    rounds = [(r.code, r.components, r.advance) for r in instrument.rounds]

    # Assert
    assert rounds == [
        ("tahap-1", ("administrasi",), None),
        ("tahap-2", ("paparan",), 7),
        ("tahap-3", ("lapangan",), None),
    ]
    assert [(a.label, a.rank) for a in instrument.awards] == [
        ("Juara 1", 1),
        ("Juara 2", 2),
        ("Juara 3", 3),
        ("Harapan 1", 4),
        ("Harapan 2", 5),
    ]


def test_skk_jatim_final_total_is_the_sum_of_points_665():
    # Arrange
    instrument = load_library("skk-jatim", "2023.1")
    answers = {"administrasi": ADMINISTRASI, "paparan": PAPARAN, "lapangan": LAPANGAN}

    # Act
    result = score(instrument, answers)

    # Assert: Tahap I 210; Tahap II mean(215, 217) = 216; Tahap III 239
    # total = 210 + 216 + 239 = 665.00
    points = {code: node.points for code, node in result.rounds.items()}
    assert points == {"tahap-1": 210, "tahap-2": 216, "tahap-3": 239}
    assert result.total == 665
    assert result.display == "665.00"


def test_skk_jatim_standing_after_each_round_is_rescaled_to_1000():
    # Arrange
    instrument = load_library("skk-jatim", "2023.1")
    answers = {"administrasi": ADMINISTRASI, "paparan": PAPARAN, "lapangan": LAPANGAN}

    # Act
    after_1 = score(instrument, answers, upto_round="tahap-1")
    after_2 = score(instrument, answers, upto_round="tahap-2")

    # Assert: after Tahap I 210/300 * 1000 = 700; after Tahap II (210 + 216)/600 * 1000 = 710
    assert after_1.total == 700
    assert after_2.total == 710
    assert after_2.rounds["tahap-2"].score == 720  # 216/300 * 1000


def test_skk_jatim_kecamatan_outside_top_7_keeps_its_round_i_and_ii_points():
    # Arrange: no Tahap III answers (not among the 7 finalists)
    instrument = load_library("skk-jatim", "2023.1")
    answers = {"administrasi": ADMINISTRASI, "paparan": PAPARAN}

    # Act
    result = score(instrument, answers)

    # Assert: missing field review counts 0 -> 210 + 216 + 0 = 426
    assert result.total == 426
    assert result.missing == ("LAP1", "LAP2", "LAP3", "LAP4", "LAP5", "LAP6")


def test_skk_jatim_totals_like_2017_rank_in_order():
    # Arrange: same desk and paparan points (426), field review 239 / 206 / 204
    instrument = load_library("skk-jatim", "2023.1")
    second = dict(LAPANGAN, LAP1=40, LAP2=42)  # 239 - 20 - 13 = 206
    third = dict(LAPANGAN, LAP1=40, LAP2=40)  # 239 - 20 - 15 = 204
    participants = {
        name: {"administrasi": ADMINISTRASI, "paparan": PAPARAN, "lapangan": lapangan}
        for name, lapangan in [("junrejo", LAPANGAN), ("b", second), ("c", third)]
    }

    # Act
    results = score_many(instrument, participants)

    # Assert: 426 + 239 = 665, 426 + 206 = 632, 426 + 204 = 630
    totals = {name: result.display for name, result in results.items()}
    assert totals == {"junrejo": "665.00", "b": "632.00", "c": "630.00"}
    assert all(result.total.denominator == 1 for result in results.values())
    assert results["junrejo"].total - results["c"].total == Fraction(35)


def test_skk_jatim_ranks_receive_juara_and_harapan():
    # Arrange: five kecamatan with field review 239, 206, 204, 150 and 110 points
    instrument = load_library("skk-jatim", "2023.1")
    field = {
        "junrejo": LAPANGAN,
        "b": dict(LAPANGAN, LAP1=40, LAP2=42),  # 206
        "c": dict(LAPANGAN, LAP1=40, LAP2=40),  # 204
        "d": dict(LAPANGAN, LAP1=0, LAP2=26),  # 239 - 60 - 29 = 150
        "e": dict(LAPANGAN, LAP1=0, LAP2=0, LAP3=26),  # 239 - 60 - 55 - 14 = 110
    }
    results = score_many(
        instrument,
        {
            k: {"administrasi": ADMINISTRASI, "paparan": PAPARAN, "lapangan": v}
            for k, v in field.items()
        },
    )
    ranks = rank([(k, r.total, tie_break_values(instrument, r)) for k, r in results.items()])

    # Act
    awarded = {key: [a.label for a in awards_for(instrument.awards, ranks[key])] for key in field}

    # Assert: 665 > 632 > 630 > 576 > 536 -> Juara 1-3, Harapan 1-2
    assert [results[k].total for k in field] == [665, 632, 630, 576, 536]
    assert awarded == {
        "junrejo": ["Juara 1"],
        "b": ["Juara 2"],
        "c": ["Juara 3"],
        "d": ["Harapan 1"],
        "e": ["Harapan 2"],
    }


def test_skk_jatim_only_the_top_seven_after_tahap_ii_can_rank_above_eighth():
    # Arrange: ten kecamatan; "h" is 8th after Tahap II but was (wrongly) given field points
    # anyway, so its summed total beats two of the seven who went on to the field review.
    instrument = load_library("skk-jatim", "2023.1")
    desk = {k: dict(ADMINISTRASI) for k in "abcdefghij"}
    for drop, key in enumerate("abcdefghij"):
        desk[key]["ADM5"] = 50 - drop  # a is best after Tahap II, j worst
    field = {k: dict(LAPANGAN) for k in "abcdefg"}
    field["f"] = dict(LAPANGAN, LAP1=0, LAP2=0)  # 239 - 115 = 124
    field["g"] = dict(LAPANGAN, LAP1=0, LAP2=0, LAP3=0)  # 84
    field["h"] = dict(LAPANGAN)  # 239, but h never went on
    inputs = {
        k: {
            "administrasi": desk[k],
            "paparan": PAPARAN,
            **({"lapangan": field[k]} if k in field else {}),
        }
        for k in desk
    }
    results = score_many(instrument, inputs)
    upto = score_many(instrument, inputs, upto_round="tahap-2")

    # Act
    tiers = advancement(instrument, {k: {"tahap-2": upto[k].total} for k in inputs})
    ranks = rank([(k, r.total, tie_break_values(instrument, r)) for k, r in results.items()], tiers)

    # Assert: h's total is above f's and g's, yet the seven who went on rank 1-7
    assert results["h"].total > results["f"].total > results["g"].total
    assert {k for k, t in tiers.items() if t == 1} == set("abcdefg")
    assert sorted(ranks, key=ranks.get)[:7] == list("abcdefg")
    assert ranks["h"] == 8 and ranks["j"] == 10
    assert reached_round(instrument, tiers["a"]) == "tahap-3"
    assert reached_round(instrument, tiers["h"]) == "tahap-2"


def test_skk_jatim_a_tie_at_the_cut_off_takes_everyone_tied_through():
    # Arrange: nine kecamatan, the 7th and 8th equal after Tahap II
    instrument = load_library("skk-jatim", "2023.1")
    upto = {k: {"tahap-2": Fraction(600 - n * 10)} for n, k in enumerate("abcdefghi")}
    upto["h"] = dict(upto["g"])

    # Act
    tiers = advancement(instrument, upto)

    # Assert
    assert {k for k, t in tiers.items() if t == 1} == set("abcdefgh")
    assert tiers["i"] == 0


def test_the_components_a_participant_never_had_are_those_after_its_last_round():
    instrument = load_instrument_file(library_dir() / "skk-jatim.yaml")

    assert untaken_components(instrument, "tahap-2") == {"lapangan"}
    assert untaken_components(instrument, "tahap-3") == frozenset()
    assert untaken_components(instrument, "") == frozenset()  # not ranked: nothing to hide
