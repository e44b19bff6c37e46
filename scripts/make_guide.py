"""Regenerate the user guide's screenshots (``make guide``) from the demo world.

Builds a fresh demo world in a temporary directory, serves it, signs in as each role's demo
login in Debian's chromium (never a downloaded browser) and saves the screens the guide's pages
show (src/kinerja/guide/static/guide/img/). Run it after a change of the pages the guide shows;
the guide's test fails when a picture the pages name is missing.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
OUT = ROOT / "src" / "kinerja" / "guide" / "static" / "guide" / "img"
PASSWORD = "kinerja-demo"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ids(env: dict) -> dict:
    """The demo objects the shots open, looked up by name."""
    code = (
        "from kinerja.cycles.models import Assignment, Cycle, Participant;"
        "c = Cycle.objects.get(name='EKK 2025 Kota Yogyakarta');"
        "old = Cycle.objects.get(name='EKK 2024 Kota Yogyakarta');"
        "p = Participant.objects.get(cycle=c, unit__name='Kemantren Mantrijeron');"
        "q = Assignment.objects.filter(cycle=old, evaluator__user__username='penilai.02')"
        ".order_by('participant__unit__name').first().participant_id;"
        "from kinerja.surveys.models import Survey;"
        "s = Survey.objects.get(unit__short_name='Sudin Sosial', year=2023);"
        "o = Survey.objects.filter(published_at=None).first();"
        "print(c.pk, old.pk, p.pk, q, s.pk, o.token)"
    )
    out = subprocess.run(
        [BIN / "kinerja", "shell", "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-6:]
    names = ("cycle", "old", "participant", "old_participant", "survey")
    ids = dict(zip(names, map(int, out[:5]), strict=True))
    ids["token"] = out[5]
    return ids


def _shots(ids: dict) -> list[tuple[str, str, str]]:
    """(file name, login or "-" for the public, path)."""
    c, old, p, q = ids["cycle"], ids["old"], ids["participant"], ids["old_participant"]
    return [
        ("masuk", "-", "/akun/masuk/"),
        ("publik-hasil", "-", "/"),
        ("publik-peringkat", "-", f"/hasil/pengumuman/{old}/"),
        ("publik-rapor", "-", f"/hasil/pengumuman/{old}/rapor/{q}/"),
        ("publik-inovasi", "-", "/inovasi/"),
        ("penyelenggara-tugas", "penyelenggara", "/tugas/"),
        ("penyelenggara-siklus", "penyelenggara", f"/siklus/{c}/"),
        ("penyelenggara-tahapan", "penyelenggara", f"/siklus/{c}/tahapan/"),
        ("penyelenggara-monitoring", "penyelenggara", f"/f01/siklus/{c}/monitoring/"),
        ("penyelenggara-peringkat", "penyelenggara", f"/hasil/siklus/{old}/peringkat/"),
        ("penyelenggara-penetapan", "penyelenggara", f"/hasil/siklus/{old}/penetapan/"),
        ("penyelenggara-audit", "penyelenggara", "/audit/"),
        ("operator-tugas", "op.mantrijeron", "/tugas/"),
        ("operator-f01", "op.mantrijeron", f"/f01/{p}/"),
        ("kepala-f01", "mantri.mantrijeron", f"/f01/{p}/"),
        ("penilai-tugas", "penilai.02", "/tugas/"),
        ("penilai-daftar", "penilai.02", f"/penilaian/siklus/{old}/"),
        ("penilai-nilai", "penilai.02", f"/penilaian/{q}/"),
        ("ketua-pleno", "ketua.tim", f"/penilaian/siklus/{old}/pleno/"),
        ("survei-kelola", "penyelenggara.jakpus", f"/survei/kelola/{ids['survey']}/"),
        ("survei-formulir", "-", f"/survei/isi/{ids['token']}/"),
        ("survei-ikm", "-", f"/survei/ikm/{ids['survey']}/"),
    ]


def _capture(base: str, shots: list[tuple[str, str, str]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pages = {}
        for name, login, path in shots:
            if login not in pages:
                context = browser.new_context(viewport={"width": 1280, "height": 800})
                context.add_cookies([{"name": "django_language", "value": "id", "url": base}])
                page = context.new_page()
                if login != "-":
                    page.goto(base + "/akun/masuk/")
                    page.fill("input[name=username]", login)
                    page.fill("input[name=password]", PASSWORD)
                    page.locator("main button[type=submit]").click()
                    page.wait_for_load_state()
                pages[login] = page
            page = pages[login]
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / f"{name}.png"))
            print(f"  {name}.png  {path}")
        browser.close()


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="kinerja-guide-") as var:
        env = {**os.environ, "KINERJA_DEMO": "true", "KINERJA_VAR_DIR": var}
        kinerja = str(BIN / "kinerja")
        subprocess.run([kinerja, "migrate", "--verbosity", "0"], env=env, check=True)
        subprocess.run([kinerja, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
        subprocess.run([kinerja, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = _free_port()
        server = subprocess.Popen(
            [kinerja, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310 -- our own server
                    break
                except OSError:
                    time.sleep(0.2)
            _capture(base, _shots(_ids(env)))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
