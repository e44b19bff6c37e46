"""Review (F02) fixtures: the assessments world and its evaluation team (``team``, ``scoring``),
shared rather than copied (pytest registers imported fixtures)."""

from __future__ import annotations

from ..assessments.conftest import media, pdf_bytes, scoring, team, world  # noqa: F401
