"""The XLSX authoring workbook: exact round trips and errors that name sheet and cell."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from kinerja.scoring import Instrument, InstrumentError, library_dir, load_instrument_file
from kinerja.scoring.formats.xlsx import SHEETS, instrument_from_xlsx, instrument_to_xlsx
from tests.scoring.conftest import indicator, level_answer, sakip_bands


def rich_instrument() -> Instrument:
    """Every feature of the format at least once."""
    steps = [{"min": 0, "score": 0}, {"min": 1, "score": Decimal("0.5")}, {"min": 5, "score": 1}]
    return Instrument.model_validate(
        {
            "code": "lengkap",
            "version": "2024.10",
            "family": "lomba",
            "title": "Instrumen lengkap",
            "legal_basis": "Perwal 59/2023",
            "locale": "id",
            "provisional": True,
            "provisional_notes": ["Bobot dipilih tim", "=bukan rumus"],
            "description": "Baris satu\nbaris dua",
            "scale": {"min": 0, "max": 100, "unit": "nilai"},
            "decimals": 3,
            "aggregation": {"method": "trimmed_mean", "trim": Decimal("0.1"), "zscore": True},
            "missing": "reweight",
            "weights": "points",
            "tags": {"K": "Keadilan", "T": "Transparansi"},
            "answer_types": {
                "abcd": {
                    "type": "choice",
                    "options": [
                        {"key": "A", "label": "Penuh", "value": 1, "descriptor": "Semua"},
                        {"key": "B", "value": Decimal("0.66")},
                        {"key": "C", "value": Decimal("0.33")},
                        {"key": "D", "value": 0},
                    ],
                },
                "skala": level_answer(1, 4),
            },
            "components": [
                {
                    "code": "desk",
                    "name": "Desk",
                    "weight": 70,
                    "source": "jury",
                    "aggregation": {"method": "median", "trim": 0, "zscore": False},
                },
                {
                    "code": "survei",
                    "name": "Survei",
                    "weight": 30,
                    "source": "survey",
                    "description": "Responden",
                },
            ],
            "aspects": [
                {
                    "ref": "1",
                    "name": "Perencanaan",
                    "weight": 70,
                    "component": "desk",
                    "weights": "points",
                    "tag": "K",
                    "help": "Bantuan aspek",
                    "aspects": [
                        {
                            "ref": "1.a",
                            "name": "Pemenuhan",
                            "weight": 30,
                            "weights": "relative",
                            "indicators": [
                                indicator(
                                    "1.a.1",
                                    1,
                                    {"type": "yes_no", "yes_label": "Ada", "no_label": "Tidak ada"},
                                    evidence=[
                                        {
                                            "code": "sk",
                                            "name": "SK",
                                            "required": True,
                                            "kinds": ["pdf", "docx"],
                                            "help": "Unggah SK",
                                        }
                                    ],
                                    provisional=True,
                                    tag="T",
                                    help="Bantuan",
                                ),
                                indicator("1.a.2", 1, "abcd"),
                                indicator("1.a.3", 0, {"type": "text"}),
                            ],
                        },
                        {
                            "ref": "1.b",
                            "name": "Kualitas",
                            "weight": 40,
                            "indicators": [
                                indicator(
                                    "1.b.1",
                                    50,
                                    {
                                        "type": "number",
                                        "rule": {
                                            "kind": "ratio",
                                            "target": 80,
                                            "cap": Decimal("1.2"),
                                        },
                                        "unit": "%",
                                    },
                                ),
                                indicator(
                                    "1.b.2",
                                    30,
                                    {
                                        "type": "number",
                                        "rule": {"kind": "thresholds", "steps": steps},
                                    },
                                ),
                                indicator(
                                    "1.b.3",
                                    20,
                                    {
                                        "type": "points",
                                        "max": Decimal("12.5"),
                                        "min": 1,
                                        "unit": "poin",
                                    },
                                ),
                            ],
                        },
                    ],
                },
                {
                    "ref": "S",
                    "name": "Survei",
                    "weight": 30,
                    "component": "survei",
                    "weights": "relative",
                    "indicators": [
                        indicator("S1", 1, "skala"),
                        indicator("S2", Decimal("1.123456789012345678"), "skala"),
                    ],
                },
            ],
            "bands": [
                {**band, "flags": ["pembinaan"] if band["code"] == "D" else [], "description": None}
                for band in sakip_bands()
            ],
            "stages": [
                {
                    "kind": "pengisian",
                    "name": "Pengisian",
                    "days": 21,
                    "can_edit_self": True,
                    "can_upload_evidence": True,
                    "see_other_scores": "after_own",
                    "description": "Isi",
                },
                {"kind": "pengumuman", "name": "Pengumuman", "results_visible": True},
            ],
            "rounds": [
                {
                    "code": "r1",
                    "name": "Desk",
                    "components": ["desk"],
                    "weight": 70,
                    "advance": 7,
                    "passing": 85,
                },
                {
                    "code": "r2",
                    "name": "Akhir",
                    "components": ["desk", "survei"],
                    "weight": 30,
                    "description": "Final",
                },
            ],
            "ranking": {"tie_breakers": [{"component": "survei"}, {"aspect": "1.b"}]},
            "awards": [
                {"code": "juara-1", "label": "Juara I", "rank": 1},
                {"code": "top-5", "label": "5 Terbaik", "top": 5, "description": "Lima besar"},
                {"code": "top-10", "label": "10 Terbaik", "from_rank": 6, "top": 10},
            ],
        }
    )


def test_xlsx_round_trip_of_every_feature_is_exact():
    # Arrange
    instrument = rich_instrument()

    # Act
    again = instrument_from_xlsx(instrument_to_xlsx(instrument), filename="lengkap.xlsx")

    # Assert
    assert again == instrument
    assert again.indicator("S2").weight == Decimal("1.123456789012345678")
    assert again.answer_types["abcd"].options[1].value == Decimal("0.66")


LIBRARY = sorted(library_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_xlsx_round_trip_of_library_instrument(path):
    # Arrange
    instrument = load_instrument_file(path)

    # Act
    again = instrument_from_xlsx(instrument_to_xlsx(instrument), filename=f"{path.stem}.xlsx")

    # Assert
    assert again == instrument


def test_xlsx_has_the_indonesian_sheets_in_order():
    workbook = load_workbook(io.BytesIO(instrument_to_xlsx(rich_instrument())))

    assert workbook.sheetnames == list(SHEETS)
    assert [c.value for c in workbook["Indikator"][1]][:5] == [
        "ref",
        "induk",
        "jenis node",
        "nama",
        "bobot",
    ]


def _edit(
    data: bytes, changes: dict[tuple[str, str], object], delete: tuple[str, ...] = ()
) -> bytes:
    workbook = load_workbook(io.BytesIO(data))
    for (sheet, cell), value in changes.items():
        workbook[sheet][cell] = value
    for sheet in delete:
        del workbook[sheet]
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _row_of(data: bytes, sheet: str, first_cell: str) -> int:
    workbook = load_workbook(io.BytesIO(data))
    for row in workbook[sheet].iter_rows(min_row=2):
        if row[0].value == first_cell:
            return row[0].row
    raise AssertionError(first_cell)


def _errors(data: bytes) -> list[str]:
    with pytest.raises(InstrumentError) as caught:
        instrument_from_xlsx(data, filename="uji.xlsx")
    return [str(error) for error in caught.value.errors]


def test_xlsx_bad_number_names_sheet_and_cell():
    # Arrange
    data = instrument_to_xlsx(rich_instrument())
    row = _row_of(data, "Indikator", "1.b.2")

    # Act / Assert
    assert _errors(_edit(data, {("Indikator", f"E{row}"): "tiga puluh"})) == [
        f"uji.xlsx: Indikator!E{row}: bobot: harus angka, bukan 'tiga puluh'"
    ]


def test_xlsx_model_rules_are_located_at_cells():
    # Arrange: a weight that breaks the 100 % sum, and a level gap in a shared type
    data = instrument_to_xlsx(rich_instrument())
    row = _row_of(data, "Indikator", "1.b.3")
    level_row = _row_of(data, "Level", "skala") + 2  # third level of "skala" (value 3)

    # Act
    found = _errors(_edit(data, {("Indikator", f"E{row}"): 25, ("Level", f"B{level_row}"): 4}))

    # Assert
    aspect_row = _row_of(data, "Indikator", "1.b")
    assert found == [
        f"uji.xlsx: Indikator!A{aspect_row}: aspects[0].aspects[1].indicators: bobot indikator "
        "dalam aspek '1.b' berjumlah 105, seharusnya 100 (weights: percent)",
        f"uji.xlsx: Level!B{level_row}: nilai: nilai level harus berurutan naik satu per satu: "
        "setelah 2 seharusnya 3, bukan 4",
        f"uji.xlsx: Level!B{level_row + 1}: nilai: nilai level harus berurutan naik satu per "
        "satu: setelah 4 seharusnya 5, bukan 4",
    ]


def test_xlsx_number_typed_in_excel_is_read_exactly():
    # Arrange: an official types 0.7 into a float cell
    data = instrument_to_xlsx(rich_instrument())
    row = _row_of(data, "Opsi", "abcd") + 1

    # Act
    again = instrument_from_xlsx(_edit(data, {("Opsi", f"D{row}"): 0.7}), filename="uji.xlsx")

    # Assert
    assert again.answer_types["abcd"].options[1].value == Decimal("0.7")


def test_xlsx_decimal_comma_text_is_accepted():
    data = instrument_to_xlsx(rich_instrument())
    row = _row_of(data, "Opsi", "abcd") + 1

    again = instrument_from_xlsx(_edit(data, {("Opsi", f"D{row}"): "0,5"}), filename="uji.xlsx")

    assert again.answer_types["abcd"].options[1].value == Decimal("0.5")


def test_xlsx_unknown_parent_and_bad_flag():
    # Arrange
    data = instrument_to_xlsx(rich_instrument())
    row = _row_of(data, "Indikator", "1.b.1")
    stage_row = 2

    # Act
    found = _errors(
        _edit(data, {("Indikator", f"B{row}"): "9.z", ("Tahapan", f"E{stage_row}"): "mungkin"})
    )

    # Assert
    assert found == [
        f"uji.xlsx: Indikator!B{row}: induk: induk '9.z' belum ditulis di baris sebelumnya",
        f"uji.xlsx: Tahapan!E{stage_row}: unggah bukti: harus ya atau tidak, bukan 'mungkin'",
    ]


def test_xlsx_missing_sheet_is_reported():
    data = _edit(instrument_to_xlsx(rich_instrument()), {}, delete=("Komponen",))

    assert _errors(data) == ["uji.xlsx: Komponen: lembar 'Komponen' tidak ada"]


def test_xlsx_not_a_workbook():
    with pytest.raises(InstrumentError) as caught:
        instrument_from_xlsx(b"bukan zip", filename="x.xlsx")
    assert caught.value.errors[0].message.startswith("bukan berkas XLSX yang sah")


def test_xlsx_orphan_level_rows_are_reported():
    # Arrange: Level rows for an owner that has no level answer
    data = instrument_to_xlsx(rich_instrument())
    row = _row_of(data, "Level", "skala")

    # Act / Assert
    assert _errors(_edit(data, {("Level", f"A{row}"): "1.b.1"}))[0] == (
        f"uji.xlsx: Level!A{row}: pemilik: '1.b.1' bukan indikator atau jenis jawaban yang "
        "memakai lembar Level"
    )
