"""The plenary picker and the minutes dates refuse odd input without a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kinerja.common.ids import parse_id


@pytest.mark.parametrize("picked", ["²", "٣", "9" * 5000, "12345678901234567890", "-1"])
def test_plenary_picker_ignores_an_id_it_cannot_read(client, world, team, picked):
    client.force_login(world.organiser)

    response = client.get(reverse("reviews:plenary", args=[world.cycle.pk]), {"peserta": picked})

    assert response.status_code == 200
    # As without a pick: the first participant of the picker, in its alphabetical order.
    assert response.context["participant"] == world.kraton


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", 12), (" 7 ", 7), ("²", None), ("٣", None), ("", None), ("1" * 19, None), (None, None)],
)
def test_parse_id(text, expected):
    assert parse_id(text) == expected
