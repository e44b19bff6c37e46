import os
import subprocess
import sys


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "KINERJA_SECRET_KEY": "a-production-secret-that-is-long-enough-and-random-1234567890",
        "KINERJA_ALLOWED_HOSTS": "kinerja.example.go.id",
        "KINERJA_VAR_DIR": str(tmp_path),
    }

    completed = subprocess.run(
        [sys.executable, "-m", "kinerja", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "no issues" in completed.stdout


def test_production_without_secret_refuses_to_start(tmp_path):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "KINERJA_VAR_DIR": str(tmp_path),
    }

    completed = subprocess.run(
        [sys.executable, "-m", "kinerja", "check"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode != 0
    assert "KINERJA_SECRET_KEY is required in production" in completed.stderr
