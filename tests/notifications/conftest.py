from ..assessments.conftest import media, pdf_bytes, scoring, team, world  # noqa: F401
