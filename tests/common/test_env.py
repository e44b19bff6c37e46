from pathlib import Path

import pytest

from kinerja.common.env import ConfigError, load_config


def test_load_config_production_without_secret_refuses(tmp_path):
    with pytest.raises(ConfigError, match="KINERJA_SECRET_KEY is required"):
        load_config({"KINERJA_VAR_DIR": str(tmp_path)})


def test_load_config_production_short_secret_refuses(tmp_path):
    with pytest.raises(ConfigError, match="too short"):
        load_config({"KINERJA_SECRET_KEY": "short", "KINERJA_VAR_DIR": str(tmp_path)})


def test_load_config_demo_generates_and_keeps_secret(tmp_path):
    first = load_config({"KINERJA_DEMO": "true", "KINERJA_VAR_DIR": str(tmp_path)})
    second = load_config({"KINERJA_DEMO": "1", "KINERJA_VAR_DIR": str(tmp_path)})

    assert len(first.secret_key) >= 50
    assert first.secret_key == second.secret_key
    assert (tmp_path / "secret_key").read_text().strip() == first.secret_key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_load_config_defaults_are_sqlite_under_var_and_jakarta_time(tmp_path):
    config = load_config({"KINERJA_DEMO": "true", "KINERJA_VAR_DIR": str(tmp_path)})

    assert config.database_url == f"sqlite:///{tmp_path / 'kinerja.sqlite3'}"
    assert config.time_zone == "Asia/Jakarta"
    assert config.allowed_hosts == ["127.0.0.1", "localhost", "[::1]"]
    assert config.media_root == tmp_path / "media"
    assert config.upload_max_bytes == 20 * 1024 * 1024
    assert config.secure_cookies is False
    assert (config.storage, config.cache) == ("local", "local")


def test_load_config_production_reads_every_variable(tmp_path):
    config = load_config(
        {
            "KINERJA_SECRET_KEY": "k" * 40,
            "KINERJA_DEBUG": "false",
            "KINERJA_ALLOWED_HOSTS": "kinerja.jogjakota.go.id, www.kinerja.id",
            "KINERJA_DATABASE_URL": "postgres://u:p@db:5432/kinerja",
            "KINERJA_MEDIA_ROOT": str(tmp_path / "files"),
            "KINERJA_VAR_DIR": str(tmp_path),
            "KINERJA_STORAGE": "s3",
            "KINERJA_CACHE": "Database",
            "KINERJA_UPLOAD_MAX_MB": "50",
            "KINERJA_TIME_ZONE": "Asia/Makassar",
        }
    )

    assert config.debug is False
    assert config.allowed_hosts == ["kinerja.jogjakota.go.id", "www.kinerja.id"]
    assert config.database_url == "postgres://u:p@db:5432/kinerja"
    assert config.cache == "database"
    assert config.media_root == Path(tmp_path / "files")
    assert config.storage == "s3"
    assert config.upload_max_bytes == 50 * 1024 * 1024
    assert config.time_zone == "Asia/Makassar"
    assert config.secure_cookies is True
    assert config.ssl_redirect is True
    assert config.hsts_seconds == 31536000


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("KINERJA_DEBUG", "maybe", "KINERJA_DEBUG must be a boolean"),
        ("KINERJA_UPLOAD_MAX_MB", "twenty", "KINERJA_UPLOAD_MAX_MB must be a whole number"),
        ("KINERJA_STORAGE", "ftp", "KINERJA_STORAGE must be 'local' or 's3'"),
        ("KINERJA_CACHE", "redis", "KINERJA_CACHE must be 'local' or 'database'"),
    ],
)
def test_load_config_bad_value_names_the_variable(tmp_path, name, value, message):
    environ = {"KINERJA_DEMO": "true", "KINERJA_VAR_DIR": str(tmp_path), name: value}

    with pytest.raises(ConfigError, match=message):
        load_config(environ)


def test_settings_use_argon2_indonesian_and_jakarta():
    import kinerja.settings as production_settings

    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert production_settings.LANGUAGE_CODE == "id"
    assert production_settings.TIME_ZONE == "Asia/Jakarta"


def test_load_config_email_off_by_default_and_read_when_set(tmp_path):
    off = load_config({"KINERJA_DEMO": "true", "KINERJA_VAR_DIR": str(tmp_path)})
    on = load_config(
        {
            "KINERJA_DEMO": "true",
            "KINERJA_VAR_DIR": str(tmp_path),
            "KINERJA_EMAIL_HOST": "smtp.jogjakota.go.id",
            "KINERJA_EMAIL_PORT": "465",
            "KINERJA_EMAIL_TLS": "false",
            "KINERJA_EMAIL_FROM": "kinerja@jogjakota.go.id",
        }
    )

    assert off.email_host == ""
    assert (on.email_host, on.email_port, on.email_tls, on.email_from) == (
        "smtp.jogjakota.go.id",
        465,
        False,
        "kinerja@jogjakota.go.id",
    )
