"""YAML loading: exact decimals, every error located at its line, stable dumps, the library."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest

from kinerja.scoring import (
    InstrumentError,
    InstrumentNotFoundError,
    LocatedError,
    dump_instrument_yaml,
    library_dir,
    load_instrument_file,
    load_instrument_text,
    load_library,
)
from kinerja.scoring.formats import library as library_module

GOOD = textwrap.dedent(
    """\
    code: uji
    version: 2024.10
    title: Instrumen uji
    scale: {min: 0, max: 100}
    decimals: 2
    components:
      - {code: lke, name: LKE, weight: 100}
    aspects:
      - ref: 010
        name: Perencanaan
        weight: 100
        indicators:
          - ref: 1.10
            name: Kualitas
            weight: 0.66
            answer:
              type: choice
              options:
                - {key: A, value: 1}
                - {key: B, value: 0.66}
                - {key: C, value: 0.33}
                - {key: "no", label: yes, value: 0}
          - {ref: "1.2", name: Sisa, weight: 99.34, answer: {type: yes_no}}
    bands:
      - {code: B, label: Baik, min: 50.01, max: 100}
      - {code: K, label: Kurang, min: 0, max: 50}
    """
)


def test_load_numbers_are_decimals_from_source_text():
    # Act
    instrument = load_instrument_text(GOOD, filename="uji.yaml")

    # Assert
    quality = instrument.indicator("1.10")
    assert quality.weight == Decimal("0.66")
    assert str(quality.weight) == "0.66"
    assert [o.value for o in quality.answer.options] == [
        Decimal(1),
        Decimal("0.66"),
        Decimal("0.33"),
        Decimal(0),
    ]
    # 0.66 + 99.34 is exactly 100 only without binary floats
    assert instrument.aspects[0].indicators[1].weight == Decimal("99.34")


def test_load_keeps_yaml11_lookalikes_as_text():
    # Act
    instrument = load_instrument_text(GOOD, filename="uji.yaml")

    # Assert: no octal 010, no 2024.1 from 2024.10, "no"/"yes" stay words
    assert instrument.version == "2024.10"
    assert instrument.aspects[0].ref == "010"
    assert instrument.aspects[0].indicators[0].ref == "1.10"
    last = instrument.indicator("1.10").answer.options[3]
    assert (last.key, last.label) == ("no", "yes")


CORRUPT = textwrap.dedent(
    """\
    code: Uji Rusak
    version: "1"
    title: Instrumen rusak
    scale: {min: 0, max: 5}
    decimals: 2
    tags: {K: Keadilan}
    components:
      - {code: f02, name: Penilai, weight: 100, source: publik}
    aspects:
      - ref: a
        name: Aspek A
        weight: 60
        indicators:
          - ref: a1
            name: Satu
            weight: 70
            tag: Zz
            answer:
              type: level
              levels:
                - {value: 0, descriptor: Nol}
                - {value: 2, descriptor: Dua}
          - ref: a2
            name: Dua
            weight: 20
            answer: {type: text}
      - ref: b
        name: Aspek B
        weight: 40
        component: f09
        indicators:
          - ref: a1
            name: Ganda
            weight: tiga
            answer: {type: yes_no}
    bands:
      - {code: A, label: Atas, min: 2.51, max: 5}
      - {code: B, label: Bawah, min: 0, max: 2.49}
    """
)


def test_load_corrupt_file_reports_every_error_with_its_line():
    # Act
    with pytest.raises(InstrumentError) as caught:
        load_instrument_text(CORRUPT, filename="rusak.yaml")

    # Assert
    found = [(e.line, e.field, e.message) for e in caught.value.errors]
    assert found == [
        (1, "code", "format tidak sah (harus cocok dengan pola ^[a-z0-9][a-z0-9-]*$)"),
        (
            8,
            "components[0].source",
            "harus salah satu dari: 'self', 'evaluator', 'jury' or 'survey'",
        ),
        (17, "aspects[0].indicators[0].tag", "tag 'Zz' tidak dikenal; yang ada: K"),
        (
            22,
            "aspects[0].indicators[0].answer.levels[1].value",
            "nilai level harus berurutan naik satu per satu: setelah 0 seharusnya 1, bukan 2",
        ),
        (
            25,
            "aspects[0].indicators[1].weight",
            "indikator jawaban teks tidak dinilai; bobot harus 0, bukan 20",
        ),
        (30, "aspects[1].component", "komponen 'f09' tidak dikenal; yang ada: f02"),
        (32, "aspects[1].indicators[0].ref", "ref 'a1' sudah dipakai di aspects[0].indicators[0]"),
        (34, "aspects[1].indicators[0].weight", "harus angka"),
        (
            37,
            "bands[0].min",
            "celah antara 'B' (sampai 2.49) dan 'A' (mulai 2.51): nilai 2.50-2.50 "
            "tidak berpredikat",
        ),
    ]


def test_instrument_error_text_lists_file_line_field_message():
    # Act
    with pytest.raises(InstrumentError) as caught:
        load_instrument_text(CORRUPT, filename="rusak.yaml")

    # Assert
    lines = str(caught.value).splitlines()
    assert len(lines) == 9
    assert lines[7] == "rusak.yaml:34: aspects[1].indicators[0].weight: harus angka"


def test_load_missing_key_points_at_enclosing_mapping():
    # Arrange
    text = GOOD.replace("name: Sisa, weight: 99.34,", "name: Sisa,")

    # Act
    with pytest.raises(InstrumentError) as caught:
        load_instrument_text(text, filename="uji.yaml")

    # Assert
    first = caught.value.errors[0]
    assert (first.line, first.column, first.field, first.message) == (
        23,
        9,
        "aspects[0].indicators[1].weight",
        "wajib diisi",
    )


def test_load_syntax_error_is_located():
    # Arrange
    text = "code: uji\naspects:\n  - ref: a\n   name: [tidak ditutup\n"

    # Act
    with pytest.raises(InstrumentError) as caught:
        load_instrument_text(text, filename="sintaks.yaml")

    # Assert
    (error,) = caught.value.errors
    assert (error.file, error.line) == ("sintaks.yaml", 4)
    assert error.message.startswith("sintaks YAML salah:")


def test_load_duplicate_key_is_an_error():
    # Arrange
    text = GOOD.replace("title: Instrumen uji\n", "title: Instrumen uji\ntitle: Lagi\n")

    # Act
    with pytest.raises(InstrumentError) as caught:
        load_instrument_text(text, filename="uji.yaml")

    # Assert
    assert [(e.line, e.message) for e in caught.value.errors] == [
        (4, "kunci 'title' ditulis dua kali (pertama di baris 3)")
    ]


def test_load_unquoted_comma_in_flow_mapping_gets_a_hint():
    # Arrange: "SOP, dan" splits the name into a stray key
    text = GOOD.replace("{code: B, label: Baik,", "{code: B, label: Baik, sangat baik,")

    # Act
    with pytest.raises(InstrumentError) as caught:
        load_instrument_text(text, filename="uji.yaml")

    # Assert
    assert [(e.line, e.field, e.message) for e in caught.value.errors] == [
        (
            25,
            "bands[0].sangat baik",
            "kunci tidak dikenal (tanpa nilai): teks yang memuat koma harus diberi tanda kutip",
        )
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "berkas kosong"),
        ("- a\n- b\n", "isi berkas harus pemetaan (code, version, title, ...)"),
    ],
)
def test_load_empty_or_non_mapping(text, message):
    with pytest.raises(InstrumentError) as caught:
        load_instrument_text(text, filename="x.yaml")
    assert [e.message for e in caught.value.errors] == [message]


def test_load_file_not_utf8(tmp_path):
    # Arrange
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: Penilaian \xe9".encode("latin-1"))

    # Act
    with pytest.raises(InstrumentError) as caught:
        load_instrument_file(path)

    # Assert
    assert caught.value.errors[0].message.startswith("berkas bukan UTF-8")


def test_located_error_text_for_workbook_cells():
    error = LocatedError("x.xlsx", None, None, "bobot", "harus angka", "Indikator", "E12")

    assert str(error) == "x.xlsx: Indikator!E12: bobot: harus angka"


def test_dump_round_trips_and_is_stable():
    # Arrange
    instrument = load_instrument_text(GOOD, filename="uji.yaml")

    # Act
    text = dump_instrument_yaml(instrument)
    again = load_instrument_text(text, filename="dump.yaml")

    # Assert
    assert again == instrument
    assert dump_instrument_yaml(again) == text
    assert "version: '2024.10'" in text
    assert "weight: 0.66" in text


LIBRARY = sorted(library_dir().glob("*.yaml"))


@pytest.mark.parametrize("path", LIBRARY, ids=[p.stem for p in LIBRARY])
def test_dump_round_trips_library_instrument(path):
    # Arrange
    instrument = load_instrument_file(path)

    # Act
    again = load_instrument_text(dump_instrument_yaml(instrument), filename=path.name)

    # Assert
    assert again == instrument


def test_library_dir_is_instruments_library():
    expected = Path(library_module.__file__).resolve().parents[2] / "instruments" / "library"

    assert library_dir() == expected


def _write_version(folder: Path, name: str, version: str) -> None:
    (folder / name).write_text(GOOD.replace("version: 2024.10", f"version: '{version}'"))


def test_load_library_picks_newest_version(tmp_path, monkeypatch):
    # Arrange: 2024.9 < 2024.10 as people read versions
    _write_version(tmp_path, "uji.yaml", "2024.9")
    _write_version(tmp_path, "uji@2024.10.yaml", "2024.10")
    _write_version(tmp_path, "uji@2023.1.yaml", "2023.1")
    monkeypatch.setattr(library_module, "library_dir", lambda: tmp_path)

    # Act / Assert
    assert load_library("uji").version == "2024.10"
    assert load_library("uji", "2023.1").version == "2023.1"


def test_load_library_unknown_code_or_version(tmp_path, monkeypatch):
    # Arrange
    _write_version(tmp_path, "uji.yaml", "1")
    monkeypatch.setattr(library_module, "library_dir", lambda: tmp_path)

    # Act / Assert
    with pytest.raises(InstrumentNotFoundError):
        load_library("tidak-ada")
    with pytest.raises(InstrumentNotFoundError):
        load_library("uji", "9")


def test_scoring_package_never_imports_django():
    # Arrange: a child interpreter where importing django fails loudly
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys

        class Refuse:
            def find_spec(self, name, path=None, target=None):
                if name == "django" or name.startswith("django."):
                    raise ImportError("django is not allowed in kinerja.scoring")
                return None

        sys.meta_path.insert(0, Refuse())
        import kinerja.scoring
        for module in pkgutil.walk_packages(kinerja.scoring.__path__, "kinerja.scoring."):
            importlib.import_module(module.name)
        wanted = [
            "cli",
            "engine.scorer",
            "engine.ranking",
            "formats.yaml_file",
            "formats.xlsx.build",
            "formats.xlsx.write",
            "model.schema",
        ]
        print("imported:", all(f"kinerja.scoring.{name}" in sys.modules for name in wanted))
        loaded = sorted(name for name in sys.modules if name.split(".")[0] == "django")
        print("django modules:", loaded)
        """
    )

    # Act
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own script
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )

    # Assert
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["imported: True", "django modules: []"]
