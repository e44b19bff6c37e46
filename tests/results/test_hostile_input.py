"""Award lines with Unicode digits are a form error, never a 500."""

from __future__ import annotations

import pytest
from django.utils import translation

from kinerja.results.forms import AwardSchemeForm


@pytest.mark.parametrize("line", ["Juara; ²", "Juara; ٣", "Juara; top ²", "Juara; 99999999999"])
def test_award_line_with_odd_digits_is_a_form_error(line):
    form = AwardSchemeForm(data={"choice": "custom", "lines": line})

    with translation.override("en"):
        valid = form.is_valid()

    assert valid is False
    assert form.errors["lines"] == [
        "Line 1: write the label, a semicolon, then a rank, “top N” "
        "or a range of ranks such as “6-10”."
    ]


def test_award_line_with_ascii_rank_is_read():
    form = AwardSchemeForm(data={"choice": "custom", "lines": "Juara; 1"})

    assert form.is_valid() is True
    assert form.cleaned_data["awards"] == [{"code": "juara", "label": "Juara", "rank": 1}]
