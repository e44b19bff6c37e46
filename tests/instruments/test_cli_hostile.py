"""The command line on malformed files: a clear message and a non-zero exit, no traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .test_yaml_limits import alias_bomb


def validate(path) -> tuple[str, str]:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("instrument", "validate", str(path), stderr=err)
    return str(caught.value), err.getvalue()


def test_validate_alias_bomb_names_the_problem(tmp_path):
    bomb = tmp_path / "bom.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")

    error, stderr = validate(bomb)

    assert error == "some files have errors"
    assert stderr.splitlines() == [
        "bom.yaml: berkas mengembang menjadi lebih dari 200000 simpul (alias bertumpuk); "
        "tulis isinya tanpa alias",
        f"{bomb}: 1 error(s)",
    ]


def test_validate_nul_character_names_its_line(tmp_path):
    broken = tmp_path / "nul.yaml"
    broken.write_bytes(b"code: a\ntitle: x\x00y\n")

    _error, stderr = validate(broken)

    assert stderr.splitlines()[0] == "nul.yaml:2: karakter tidak diperbolehkan #x0000"


def test_import_deeply_nested_file_is_refused(tmp_path, db):
    deep = tmp_path / "dalam.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("instrument", "import", str(deep), stderr=err)

    assert err.getvalue().splitlines()[0] == (
        "dalam.yaml:1: bertingkat terlalu dalam, paling banyak 40 tingkat"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[" * 100_000, "jawaban.json: JSON bertingkat terlalu dalam (paling banyak 16 tingkat)"),
        (
            b'{"answers": {"1": 1e10000000}}',
            "jawaban.json: 1: nilai 1E+10000000 bukan level; harus level 0-5",
        ),
        (b'{"answers": {"1": "\\u00b2"}}', "jawaban.json: 1: nilai '²' bukan level; harus level"),
    ],
    ids=["deep", "huge-exponent", "superscript"],
)
def test_score_malformed_input_is_a_clear_message(tmp_path, db, content, message):
    answers = tmp_path / "jawaban.json"
    answers.write_bytes(content)

    with pytest.raises(CommandError) as caught:
        call_command("score", "--instrument", "pekppp", "--input", str(answers))

    assert str(caught.value).startswith(message)


def test_grade_nan_is_refused(db):
    with pytest.raises(CommandError) as caught:
        call_command("grade", "--instrument", "pekppp", "--value", "NaN")

    assert str(caught.value) == "--value 'NaN' is not a finite number"


def test_validate_as_a_process_exits_1_without_traceback(tmp_path):
    bomb = tmp_path / "bom.yaml"
    bomb.write_text(alias_bomb(), encoding="utf-8")
    env = os.environ | {"KINERJA_DEMO": "true", "DJANGO_SETTINGS_MODULE": "tests.settings"}

    done = subprocess.run(  # noqa: S603 — fixed arguments: our own command on our own file
        [sys.executable, "-m", "kinerja", "instrument", "validate", str(bomb)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "simpul (alias bertumpuk)" in done.stderr
