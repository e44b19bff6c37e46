"""Django settings for Kinerja, read from ``KINERJA_*`` environment variables (see README)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from kinerja.common.env import env_int, env_str, load_config

CONFIG = load_config(os.environ)
PACKAGE_DIR = Path(__file__).resolve().parent

SECRET_KEY = CONFIG.secret_key
DEBUG = CONFIG.debug
ALLOWED_HOSTS = CONFIG.allowed_hosts
CSRF_TRUSTED_ORIGINS = CONFIG.csrf_trusted_origins

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Django's widget templates, for the project form renderer (FORM_RENDERER below).
    "django.forms",
    "django_htmx",
    "template_partials",
    "bootstrap",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "kinerja.common",
    "kinerja.accounts",
    "kinerja.notifications",
    "kinerja.audit",
    "kinerja.jobs",
    "kinerja.api",
    "kinerja.units",
    "kinerja.tenancy",
    "kinerja.directory",
    "kinerja.instruments",
    "kinerja.innovations",
    "kinerja.surveys",
    "kinerja.cycles",
    "kinerja.rounds",
    "kinerja.nominations",
    "kinerja.trail",
    "kinerja.assessments",
    "kinerja.reviews",
    "kinerja.visits",
    "kinerja.claims",
    "kinerja.minutes",
    "kinerja.reports",
    "kinerja.results",
    "kinerja.catalogue",
    "kinerja.appeals",
    "kinerja.tasks",
    "kinerja.guide",
    "kinerja.backups",
    "kinerja.demo",
]

MIDDLEWARE = [
    # First: refuses an oversized body (413) before anything reads it.
    "kinerja.common.limits.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "kinerja.common.middleware.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "kinerja.common.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "kinerja.accounts.middleware.PrivateCacheMiddleware",
    "kinerja.accounts.middleware.SessionRefreshMiddleware",
    "kinerja.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "kinerja.common.middleware.ContentSecurityPolicyMiddleware",
    # After CSRF (the body is read before BEGIN) and every other process_view hook: it runs the
    # view of a POST/PUT/PATCH/DELETE in one transaction; reads run in autocommit.
    "kinerja.common.transactions.WriteTransactionMiddleware",
    # Axes must be last: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

# The providers results read (results/sources.py): results imports none of the apps that
# produce scores, so the table is here, where the apps are composed. The surveys give the
# survey component (PEKPPP's F03) of the cycles that take one (surveys/feeds.py).
KINERJA_RESULT_SOURCES = {
    "inputs": ["kinerja.reviews.inputs.review_inputs", "kinerja.surveys.feeds.survey_inputs"],
    "evaluator_scores": "kinerja.reviews.inputs.evaluator_scores",
    "snapshot": {"recommendations": "kinerja.minutes.inputs.recommendations"},
}

# Long work runs as jobs (kinerja/jobs): the kinds and the functions that do them, named here
# where the apps are composed (jobs imports none of the apps whose work it runs).
KINERJA_JOBS = {
    "recompute": "kinerja.results.jobs.recompute",
    "determine": "kinerja.results.jobs.determine",
    "certificate_bundle": "kinerja.results.jobs.certificate_bundle",
    "rekap": "kinerja.results.jobs.rekap",
    "unit_import": "kinerja.directory.jobs.unit_import",
    "notification_mail": "kinerja.notifications.jobs.mail",
    "ikm_recount": "kinerja.surveys.jobs.recount",
}
# The XLSX rekap of a cycle of more participants is written by a worker (about 1 s per 1,000).
KINERJA_EXPORT_AS_JOB_ABOVE = env_int(os.environ, "KINERJA_EXPORT_AS_JOB_ABOVE", 2000)
# A cycle of more participants is determined by a worker (a job) rather than in the request.
KINERJA_DETERMINE_AS_JOB_ABOVE = env_int(os.environ, "KINERJA_DETERMINE_AS_JOB_ABOVE", 2000)
# Announcing a cycle of more participants prepares its certificate bundle as a job (about 0.17 s
# a certificate); the bundle's URL then serves the prepared file.
KINERJA_BUNDLE_AS_JOB_ABOVE = env_int(os.environ, "KINERJA_BUNDLE_AS_JOB_ABOVE", 100)
# Calls a minute one API token may make (429 beyond), counted in the cache: with several app
# servers, KINERJA_CACHE=database makes it one count for all of them.
KINERJA_API_RATE = env_int(os.environ, "KINERJA_API_RATE", 600)
# Jobs are kept in the database the app already has; `kinerja worker` runs them (the test suite
# runs each at once, in the request that started it).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

ROOT_URLCONF = "kinerja.urls"
WSGI_APPLICATION = "kinerja.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinerja.common.context_processors.navigation",
            ],
        },
    },
]

# Every form's fields through one template, common/field.html (common/forms.py).
FORM_RENDERER = "kinerja.common.forms.FormRenderer"

DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers and the one writer work at the same time; IMMEDIATE avoids
        # "database is locked" upgrades in the middle of a transaction. Only writing requests
        # open a transaction (kinerja.common.transactions); a writer waits up to 30 s for the
        # lock (longer than the slowest write, a national-scale determination) instead of failing.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;"
            " PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "kinerja.accounts.backends.PasswordBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "tasks:home"
LOGOUT_REDIRECT_URL = "common:home"

# Login throttling: 5 failures for the same username from the same address lock it for 30 minutes;
# 30 failures from one address, whatever the usernames, lock the address (kinerja.accounts.lockout).
KINERJA_LOGIN_FAILURE_LIMIT = 5
KINERJA_LOGIN_ADDRESS_FAILURE_LIMIT = 30
AXES_FAILURE_LIMIT = "kinerja.accounts.lockout.failure_limit"
AXES_HANDLER = "kinerja.accounts.lockout.AuditingAxesHandler"
AXES_CLIENT_IP_CALLABLE = "kinerja.accounts.lockout.client_address"
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# "Rabu, 16 Oktober 2024, 09.00" and a decimal comma in Indonesian (kinerja/formats/).
FORMAT_MODULE_PATH = ["kinerja.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = CONFIG.time_zone

STATIC_URL = "/static/"
STATIC_ROOT = CONFIG.static_root
MEDIA_ROOT = CONFIG.media_root


if CONFIG.storage == "s3":
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str(os.environ, "KINERJA_S3_BUCKET"),
            "endpoint_url": env_str(os.environ, "KINERJA_S3_ENDPOINT_URL") or None,
            "region_name": env_str(os.environ, "KINERJA_S3_REGION") or None,
            "access_key": env_str(os.environ, "KINERJA_S3_ACCESS_KEY") or None,
            "secret_key": env_str(os.environ, "KINERJA_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": "/unused/"},
    }
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# The cache holds short-lived counters (the API's calls a minute per token). The default is each
# process's memory; several app servers share one count through the database's cache table
# (KINERJA_CACHE=database, after `kinerja createcachetable`).
if CONFIG.cache == "database":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kinerja_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads stream to a temporary file
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
KINERJA_UPLOAD_MAX_BYTES = CONFIG.upload_max_bytes
# Answers one network address may send to the public surveys in an hour (a counter's shared
# connection sends many; a script thousands). Raised only for load benchmarks.
KINERJA_SURVEY_ADDRESS_LIMIT = CONFIG.survey_address_limit

# E-mail is optional: with no KINERJA_EMAIL_HOST nothing is sent and credentials are handed over
# from the printable list.
KINERJA_EMAIL_ENABLED = bool(CONFIG.email_host)
if KINERJA_EMAIL_ENABLED:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = CONFIG.email_host
    EMAIL_PORT = CONFIG.email_port
    EMAIL_HOST_USER = CONFIG.email_user
    EMAIL_HOST_PASSWORD = CONFIG.email_password
    EMAIL_USE_TLS = CONFIG.email_tls
else:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
DEFAULT_FROM_EMAIL = CONFIG.email_from
# The address people reach Kinerja at, for the links in notification e-mails.
KINERJA_SITE_URL = env_str(os.environ, "KINERJA_SITE_URL").rstrip("/")

# An idle timeout of 8 hours (a working day), refreshed at most every 5 minutes of activity
# (kinerja.accounts.middleware.SessionRefreshMiddleware; docs/architecture.md).
SESSION_COOKIE_AGE = 8 * 60 * 60
KINERJA_SESSION_REFRESH_SECONDS = 5 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CONFIG.secure_cookies
CSRF_COOKIE_SECURE = CONFIG.secure_cookies
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = CONFIG.ssl_redirect
SECURE_HSTS_SECONDS = CONFIG.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = CONFIG.hsts_seconds > 0
SECURE_HSTS_PRELOAD = CONFIG.hsts_seconds > 0
# X-Forwarded-Proto is anybody's to send: trust it only behind a proxy that sets it.
KINERJA_BEHIND_PROXY = CONFIG.behind_proxy
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if CONFIG.behind_proxy else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
