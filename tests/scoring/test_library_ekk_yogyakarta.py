"""EKK Kota Yogyakarta (Perwal 59/2023): data dukung, paparan and field verification blended."""

from __future__ import annotations

from fractions import Fraction

from kinerja.scoring import library_dir, load_instrument_file, load_library, score, score_many
from kinerja.scoring.engine.ranking import awards_for, rank, tie_break_values

DOKUMEN = {
    "1.1": 4, "1.2": 3, "1.3": 2,
    "2.1": 4, "2.2": 2, "2.3": 3, "2.4": "90",
    "3.1": 3, "3.2": 4, "3.3": 2,
    "4.1": 5, "4.2": "Y", "4.3": 3, "4.4": 4, "4.5": 2,
    "5.1": 4, "5.2": 3, "5.3": "75", "5.4": "60",
    "6.1": 4, "6.2": 2,
}  # fmt: skip
PAPARAN = {"P1": 12, "P2": 13, "P3": 10, "P4": 8, "P5": 7, "P6": 9, "P7": 6, "P8": 4, "P9": 8}
LAPANGAN = {"L1": 3, "L2": 4, "L3": 2, "L4": 3, "L5": 4}


def test_ekk_file_validates_with_three_components_and_six_aspects():
    # Arrange
    path = library_dir() / "ekk-yogyakarta.yaml"

    # Act
    instrument = load_instrument_file(path)

    # Assert
    assert [(c.code, str(c.weight)) for c in instrument.components] == [
        ("dokumen", "50"),
        ("paparan", "20"),
        ("lapangan", "30"),
    ]
    assert [a.name for a in instrument.top_aspects("dokumen")] == [
        "Tugas Atributif",
        "Tugas Delegatif",
        "Tugas Pemerintahan Umum",
        "Pelayanan Administrasi Terpadu",
        "Tata Kelola Pemerintahan",
        "Inovasi, Prestasi dan Penghargaan",
    ]
    assert instrument.provisional is True


def test_ekk_seven_stages_awards_and_tie_breaker():
    # Arrange
    instrument = load_library("ekk-yogyakarta")

    # Act
    kinds = [stage.kind for stage in instrument.stages]

    # Assert
    assert kinds == [
        "sosialisasi",
        "pengisian",
        "paparan",
        "verifikasi_lapangan",
        "penyampaian_hasil",
        "penetapan",
        "pengumuman",
    ]
    assert [(a.label, a.rank) for a in instrument.awards] == [
        ("Terbaik I", 1),
        ("Terbaik II", 2),
        ("Terbaik III", 3),
        ("Terbaik IV", 4),
        ("Terbaik V", 5),
    ]
    assert instrument.ranking.tie_breakers[0].component == "lapangan"


def test_ekk_blend_matches_hand_computation():
    # Arrange
    instrument = load_library("ekk-yogyakarta")
    answers = {"dokumen": DOKUMEN, "paparan": PAPARAN, "lapangan": LAPANGAN}

    # Act
    result = score(instrument, answers)

    # Assert, by hand:
    # 1: (35*4/4 + 35*3/4 + 30*2/4)/100 = (35 + 26.25 + 15)/100 = .7625
    # 2: 25*(4/4 + 2/4 + 3/4 + 90/100)/100 = 25 * 3.15/100 = .7875
    # 3: (35*3/4 + 35*4/4 + 30*2/4)/100 = (26.25 + 35 + 15)/100 = .7625
    # 4: (20*5/5 + 10*1 + 25*3/4 + 25*4/4 + 20*2/4)/100 = (20+10+18.75+25+10)/100 = .8375
    # 5: (20*4/4 + 20*3/4 + 30*75/100 + 30*60/100)/100 = (20+15+22.5+18)/100 = .755
    # 6: (50*0.8 [4 inovasi: step >= 3] + 50*2/4)/100 = (40 + 25)/100 = .65
    # dokumen = .2*.7625 + .15*.7875 + .1*.7625 + .2*.8375 + .2*.755 + .15*.65
    #         = .1525 + .118125 + .07625 + .1675 + .151 + .0975 = .762875 -> 76.2875
    # paparan = (12+13+10+8+7+9+6+4+8)/100 = 77/100 -> 77
    # lapangan = (30*3/4 + 20*4/4 + 15*2/4 + 20*3/4 + 15*4/4)/100
    #          = (22.5 + 20 + 7.5 + 15 + 15)/100 = .8 -> 80
    # total = .5*76.2875 + .2*77 + .3*80 = 38.14375 + 15.4 + 24 = 77.54375 -> 77.54 Baik
    assert result.components["dokumen"].score == Fraction("76.2875")
    assert result.components["paparan"].score == 77
    assert result.components["lapangan"].score == 80
    assert result.total == Fraction("77.54375")
    assert result.display == "77.54"
    assert result.grade.code == "B"
    assert result.grade.label == "Baik"


def test_ekk_component_points_add_up_to_the_total():
    # Arrange
    instrument = load_library("ekk-yogyakarta")
    answers = {"dokumen": DOKUMEN, "paparan": PAPARAN, "lapangan": LAPANGAN}

    # Act
    result = score(instrument, answers)

    # Assert: 38.14375 + 15.4 + 24 = 77.54375
    points = {code: node.points for code, node in result.components.items()}
    assert points == {
        "dokumen": Fraction("38.14375"),
        "paparan": Fraction("15.4"),
        "lapangan": Fraction("24"),
    }
    assert sum(points.values()) == result.total


def test_ekk_two_evaluators_on_paparan_are_averaged():
    # Arrange: only paparan answered, two members of the team
    instrument = load_library("ekk-yogyakarta")
    paparan = {ref: {"penilai-1": value, "penilai-2": value - 2} for ref, value in PAPARAN.items()}

    # Act
    result = score(instrument, {"paparan": paparan})

    # Assert: penilai-1 gives 77 points, penilai-2 gives 77 - 9*2 = 59; mean 68 -> paparan 68
    # total = .2 * 68 = 13.6 (data dukung and lapangan missing count 0) -> 13.60 Kurang
    assert result.components["paparan"].score == 68
    assert result.total == Fraction("13.6")
    assert result.display == "13.60"
    assert result.grade.code == "K"


def test_ekk_realisation_ratio_is_capped_and_innovation_steps_apply():
    # Arrange
    instrument = load_library("ekk-yogyakarta")
    fisik, inovasi = instrument.indicator("5.3"), instrument.indicator("6.1")

    # Act
    scores = (
        fisik.normalise("120"),
        fisik.normalise("87.5"),
        inovasi.normalise(0),
        inovasi.normalise(2),
        inovasi.normalise(7),
    )

    # Assert: 120/100 capped at 1; 87.5/100 = 7/8; 0 -> 0; 2 -> .6; 7 (>= 5) -> 1
    assert scores == (1, Fraction(7, 8), 0, Fraction("0.6"), 1)


def test_ekk_equal_totals_are_ranked_by_lapangan_first():
    # Arrange: X and Z identical; Y has the same total with a weaker field verification
    instrument = load_library("ekk-yogyakarta")
    refs = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"]
    paparan_x = dict(zip(refs, [10, 10, 10, 5, 5, 5, 5, 0, 0], strict=True))  # 50 points
    paparan_y = dict(zip(refs, [15, 15, 15, 10, 10, 10, "7.5", 5, 0], strict=True))  # 87.5
    lapangan_3 = dict.fromkeys(["L1", "L2", "L3", "L4", "L5"], 3)  # 3/4 everywhere -> 75
    lapangan_2 = dict.fromkeys(["L1", "L2", "L3", "L4", "L5"], 2)  # 2/4 everywhere -> 50
    x = {"paparan": paparan_x, "lapangan": lapangan_3}
    y = {"paparan": paparan_y, "lapangan": lapangan_2}
    results = score_many(instrument, {"x": x, "y": y, "z": x})

    # Act
    ranks = rank([(key, r.total, tie_break_values(instrument, r)) for key, r in results.items()])

    # Assert: X = .2*50 + .3*75 = 10 + 22.5 = 32.5; Y = .2*87.5 + .3*50 = 17.5 + 15 = 32.5
    # equal totals -> lapangan 75 beats 50; X and Z share rank 1, Y is 3rd (1, 1, 3)
    assert results["x"].total == results["y"].total == Fraction("32.5")
    assert ranks == {"x": 1, "z": 1, "y": 3}
    assert [a.label for a in awards_for(instrument.awards, ranks["y"])] == ["Terbaik III"]
