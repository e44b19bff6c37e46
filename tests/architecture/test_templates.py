"""The templates' shape, read from the files: one breadcrumb component, no over-long lines."""

from __future__ import annotations

from pathlib import Path

import kinerja

ROOT = Path(kinerja.__file__).parent
TEMPLATES = sorted(ROOT.rglob("templates/**/*.html"))
BREADCRUMB_PARTIAL = ROOT / "common" / "templates" / "common" / "_breadcrumbs.html"


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_templates_are_found():
    assert BREADCRUMB_PARTIAL in TEMPLATES
    assert len(TEMPLATES) > 50


def test_breadcrumbs_are_written_only_by_the_component():
    """A trail is ``{% breadcrumbs %}…{% endbreadcrumbs %}`` (common/templatetags/breadcrumbs.py);
    only its partial writes Bootstrap's breadcrumb markup."""
    by_hand = [
        relative(path)
        for path in TEMPLATES
        if path != BREADCRUMB_PARTIAL and 'class="breadcrumb' in path.read_text(encoding="utf-8")
    ]

    assert by_hand == []
