from django.urls import reverse

from kinerja.cycles.services.cycle import copy_cycle
from kinerja.minutes.models import Recommendation


def test_f01_shows_last_cycles_recommendations_for_follow_up(client, world):
    Recommendation.objects.create(
        participant=world.mantrijeron,
        aspect_ref="1",
        text="Publikasikan hasil SKM.",
        created_by=world.organiser,
    )
    Recommendation.objects.create(
        participant=world.kraton,
        aspect_ref="1",
        text="Rekomendasi untuk Kraton.",
        created_by=world.organiser,
    )
    next_year = copy_cycle(world.cycle, by=world.organiser)
    participant = next_year.participants.get(unit=world.mantrijeron.unit)
    client.force_login(world.operator_a)

    response = client.get(reverse("assessments:f01", args=[participant.pk]))

    shown = response.context["earlier_recommendations"]
    assert [r.text for r in shown] == ["Publikasikan hasil SKM."]
    assert b'data-testid="earlier-recommendations"' in response.content
    # The link leads to the earlier berita acara page, where the follow-up form is (the
    # follow-up URL itself only takes the form's POST).
    page = reverse("minutes:detail", args=[world.mantrijeron.pk])
    assert f"{page}#recommendation-{shown[0].pk}".encode() in response.content
    earlier = client.get(page)
    assert earlier.status_code == 200
    follow_up = reverse(
        "minutes:recommendation_follow_up", args=[world.mantrijeron.pk, shown[0].pk]
    )
    assert f'action="{follow_up}"'.encode() in earlier.content


def test_f01_of_first_cycle_has_no_earlier_recommendations(client, world):
    client.force_login(world.operator_a)

    response = client.get(reverse("assessments:f01", args=[world.mantrijeron.pk]))

    assert response.context["earlier_recommendations"] == []
