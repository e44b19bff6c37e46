"""Settings for the test suite: the real settings module with test-only environment defaults.

KINERJA_DATABASE_URL is left alone, so `scripts/with-postgres.sh` runs the same suite on PostgreSQL.
"""

import os
import tempfile

os.environ.setdefault("KINERJA_SECRET_KEY", "test-only-secret-key-not-for-production-0123456789")
os.environ.setdefault("KINERJA_VAR_DIR", tempfile.mkdtemp(prefix="kinerja-test-"))
os.environ.setdefault("KINERJA_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
os.environ.setdefault("KINERJA_SECURE_COOKIES", "false")
os.environ.setdefault("KINERJA_SSL_REDIRECT", "false")
os.environ.setdefault("KINERJA_HSTS_SECONDS", "0")

from kinerja.settings import *  # noqa: F403

# Hashing with argon2 on every test login would dominate the run; production keeps argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise looks for collected files at start-up; tests serve static files through the finders.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405

# Jobs run at once, in the request that starts them (no worker in the test run); the worker's
# own behaviour is tested with the database backend in tests/jobs.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
