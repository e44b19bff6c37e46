"""X-Forwarded-Proto is believed only when KINERJA_BEHIND_PROXY says a proxy sets it."""

import os
import subprocess
import sys

import pytest
from django.test import RequestFactory

from kinerja.common.env import ConfigError, load_config


def probe(tmp_path, **extra):
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "kinerja.settings",
        "KINERJA_SECRET_KEY": "a-production-secret-that-is-long-enough-and-random-1234567890",
        "KINERJA_ALLOWED_HOSTS": "kinerja.example.go.id",
        "KINERJA_VAR_DIR": str(tmp_path),
        **extra,
    }
    # Whether a request that claims HTTPS in X-Forwarded-Proto is taken as secure, under the real
    # settings module read from that environment.
    completed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.test import RequestFactory;"
            " print(RequestFactory().get('/', HTTP_X_FORWARDED_PROTO='https').is_secure())",
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return completed.stdout.strip()


def test_forwarded_proto_is_ignored_without_a_proxy():
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")

    assert request.is_secure() is False


def test_forwarded_proto_is_ignored_in_production_without_the_setting(tmp_path):
    assert probe(tmp_path) == "False"


def test_forwarded_proto_is_honoured_behind_a_proxy(tmp_path):
    assert probe(tmp_path, KINERJA_BEHIND_PROXY="true") == "True"


def test_behind_proxy_defaults_off_and_parses_a_boolean(tmp_path):
    base = {"KINERJA_DEMO": "true", "KINERJA_VAR_DIR": str(tmp_path)}

    assert load_config(base).behind_proxy is False
    assert load_config({**base, "KINERJA_BEHIND_PROXY": "ya"}).behind_proxy is True
    assert load_config({**base, "KINERJA_BEHIND_PROXY": "false"}).behind_proxy is False


def test_behind_proxy_bad_value_names_the_variable(tmp_path):
    environ = {
        "KINERJA_DEMO": "true",
        "KINERJA_VAR_DIR": str(tmp_path),
        "KINERJA_BEHIND_PROXY": "mungkin",
    }

    with pytest.raises(ConfigError, match="KINERJA_BEHIND_PROXY must be a boolean"):
        load_config(environ)
