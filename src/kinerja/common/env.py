"""Typed reading of the ``KINERJA_*`` environment variables.

Settings are plain data parsed from a mapping, so they can be tested without reloading Django.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

TRUE_WORDS = frozenset({"1", "true", "yes", "on", "ya"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", "tidak", ""})
DEFAULT_TIME_ZONE = "Asia/Jakarta"


class ConfigError(ValueError):
    """A KINERJA_* variable has a value we cannot use; the message names the variable."""


def env_str(environ: Mapping[str, str], name: str, default: str = "") -> str:
    return environ.get(name, default).strip()


def env_bool(environ: Mapping[str, str], name: str, default: bool = False) -> bool:
    raw = environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def env_list(environ: Mapping[str, str], name: str, default: tuple[str, ...] = ()) -> list[str]:
    raw = environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(environ: Mapping[str, str], name: str, default: Path) -> Path:
    raw = env_str(environ, name)
    return Path(raw).expanduser().resolve() if raw else default


@dataclass(frozen=True)
class Config:
    """Everything the settings module needs from the environment."""

    debug: bool
    demo: bool
    secret_key: str
    allowed_hosts: list[str]
    csrf_trusted_origins: list[str]
    database_url: str
    var_dir: Path
    media_root: Path
    static_root: Path
    storage: str
    cache: str
    time_zone: str
    upload_max_bytes: int
    survey_address_limit: int
    secure_cookies: bool
    ssl_redirect: bool
    hsts_seconds: int
    behind_proxy: bool
    email_host: str
    email_port: int
    email_user: str
    email_password: str
    email_from: str
    email_tls: bool


def default_var_dir() -> Path:
    """``var/`` beside the source checkout, or in the working directory for an installed package."""
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "pyproject.toml").is_file():
        return checkout / "var"
    return Path.cwd() / "var"


def demo_secret_key(var_dir: Path) -> str:
    """Generate once and keep the demo's secret key under ``var/`` (never in the repository)."""
    path = var_dir / "secret_key"
    if path.is_file():
        key = path.read_text(encoding="utf-8").strip()
        if key:
            return key
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key


def load_config(environ: Mapping[str, str]) -> Config:
    """Parse the environment. Production (neither debug nor demo) refuses to run unless a secret
    is set."""
    debug = env_bool(environ, "KINERJA_DEBUG", False)
    demo = env_bool(environ, "KINERJA_DEMO", False)
    var_dir = env_path(environ, "KINERJA_VAR_DIR", default_var_dir())
    secret_key = env_str(environ, "KINERJA_SECRET_KEY")
    if not secret_key:
        if not (debug or demo):
            raise ConfigError(
                "KINERJA_SECRET_KEY is required in production: set it to a long random value "
                "(for the demo, set KINERJA_DEMO=true to have one generated under var/)"
            )
        secret_key = demo_secret_key(var_dir)
    elif len(secret_key) < 32 and not (debug or demo):
        raise ConfigError("KINERJA_SECRET_KEY is too short for production (at least 32 characters)")

    local_hosts = ("127.0.0.1", "localhost", "[::1]")
    allowed_hosts = env_list(
        environ, "KINERJA_ALLOWED_HOSTS", local_hosts if (debug or demo) else ()
    )
    database_url = (
        env_str(environ, "KINERJA_DATABASE_URL") or f"sqlite:///{var_dir / 'kinerja.sqlite3'}"
    )
    storage = env_str(environ, "KINERJA_STORAGE", "local").lower()
    if storage not in {"local", "s3"}:
        raise ConfigError(f"KINERJA_STORAGE must be 'local' or 's3', got {storage!r}")
    cache = env_str(environ, "KINERJA_CACHE", "local").lower()
    if cache not in {"local", "database"}:
        raise ConfigError(f"KINERJA_CACHE must be 'local' or 'database', got {cache!r}")
    production = not (debug or demo)
    return Config(
        debug=debug,
        demo=demo,
        secret_key=secret_key,
        allowed_hosts=allowed_hosts,
        csrf_trusted_origins=env_list(environ, "KINERJA_CSRF_TRUSTED_ORIGINS"),
        database_url=database_url,
        var_dir=var_dir,
        media_root=env_path(environ, "KINERJA_MEDIA_ROOT", var_dir / "media"),
        static_root=env_path(environ, "KINERJA_STATIC_ROOT", var_dir / "static"),
        storage=storage,
        cache=cache,
        time_zone=env_str(environ, "KINERJA_TIME_ZONE", DEFAULT_TIME_ZONE) or DEFAULT_TIME_ZONE,
        upload_max_bytes=env_int(environ, "KINERJA_UPLOAD_MAX_MB", 20) * 1024 * 1024,
        survey_address_limit=env_int(environ, "KINERJA_SURVEY_ADDRESS_LIMIT", 30),
        secure_cookies=env_bool(environ, "KINERJA_SECURE_COOKIES", production),
        ssl_redirect=env_bool(environ, "KINERJA_SSL_REDIRECT", production),
        hsts_seconds=env_int(environ, "KINERJA_HSTS_SECONDS", 31536000 if production else 0),
        # Only a proxy that sets X-Forwarded-Proto itself makes the header worth believing.
        behind_proxy=env_bool(environ, "KINERJA_BEHIND_PROXY", False),
        email_host=env_str(environ, "KINERJA_EMAIL_HOST"),
        email_port=env_int(environ, "KINERJA_EMAIL_PORT", 587),
        email_user=env_str(environ, "KINERJA_EMAIL_USER"),
        email_password=env_str(environ, "KINERJA_EMAIL_PASSWORD"),
        email_from=env_str(environ, "KINERJA_EMAIL_FROM", "kinerja@localhost"),
        email_tls=env_bool(environ, "KINERJA_EMAIL_TLS", True),
    )
