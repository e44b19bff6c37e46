"""Check the Indonesian catalogue: every string marked for translation in the code is in it and
translated (no empty or fuzzy entry), and it compiles. Run by `make test`.

It runs makemessages on a temporary copy of the source, so the working tree is never touched.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "kinerja"
CATALOGUE = SOURCE / "locale" / "id" / "LC_MESSAGES" / "django.po"
KINERJA = ROOT / ".venv" / "bin" / "kinerja"


def entries(path: Path) -> dict[tuple[str, str], tuple[str, bool]]:
    """(msgctxt, msgid) -> (msgstr, fuzzy) for a .po file, enough for our own catalogues."""
    result: dict[tuple[str, str], tuple[str, bool]] = {}
    text = path.read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", text):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            match = re.match(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if match:
                current = match.group(1)
                fields[current] = eval(match.group(2))  # noqa: S307 — a .po string literal
            elif line.startswith('"') and current:
                fields[current] += eval(line)  # noqa: S307
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        translations = [v for k, v in fields.items() if k.startswith("msgstr")]
        translated = all(translations) and bool(translations)
        result[(fields.get("msgctxt", ""), fields["msgid"])] = (
            "x" if translated else "",
            fuzzy,
        )
    return result


def main() -> int:
    if not CATALOGUE.is_file():
        print(f"missing catalogue {CATALOGUE}")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "kinerja"
        shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        env = {**os.environ, "KINERJA_DEMO": "true", "KINERJA_VAR_DIR": tmp}
        subprocess.run(  # noqa: S603 — our own entry point
            [str(KINERJA), "makemessages", "-l", "id", "--no-obsolete", "--no-location"],
            cwd=copy,
            env=env,
            check=True,
            capture_output=True,
        )
        fresh = entries(copy / "locale" / "id" / "LC_MESSAGES" / "django.po")
    committed = entries(CATALOGUE)
    missing = sorted(set(fresh) - set(committed))
    untranslated = sorted(
        k for k, (msgstr, fuzzy) in committed.items() if k in fresh and (not msgstr or fuzzy)
    )
    stale = sorted(set(committed) - set(fresh))
    for _ctx, msgid in missing:
        print(f"not in the Indonesian catalogue: {msgid!r}")
    for _ctx, msgid in untranslated:
        print(f"untranslated or fuzzy: {msgid!r}")
    for _ctx, msgid in stale:
        # Harmless (the next makemessages run drops them), so reported but not fatal.
        print(f"note: no longer used (run makemessages): {msgid!r}")
    if missing or untranslated:
        print(
            "Update with: cd src/kinerja && ../../.venv/bin/kinerja makemessages -l id "
            "--no-obsolete --no-location, then translate."
        )
        return 1
    print(f"Indonesian catalogue complete: {len(committed)} messages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
