"""The stage formset never deletes a stage the post left out; deleting is a ticked box."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kinerja.audit.models import AuditEvent
from kinerja.cycles import services

from .stage_posts import posted_plan, stage_url


def kinds(cycle) -> list[str]:
    return list(cycle.stages.order_by("order").values_list("kind", flat=True))


def test_negative_total_forms_deletes_nothing(organiser_client, cycle):
    before = kinds(cycle)
    data = posted_plan(organiser_client, cycle) | {"form-TOTAL_FORMS": "-1"}

    response = organiser_client.post(stage_url(cycle), data)

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Formulir tidak memuat semua tahapan siklus, jadi tidak ada yang diubah. Muat ulang "
        "halaman lalu coba lagi; hapus tahapan dengan kotak Hapus-nya."
    ]
    assert kinds(cycle) == before
    assert AuditEvent.objects.filter(action="cycle.stages").count() == 0


def test_fewer_rows_delete_nothing(organiser_client, cycle):
    before = kinds(cycle)
    data = posted_plan(organiser_client, cycle) | {"form-TOTAL_FORMS": "2"}

    response = organiser_client.post(stage_url(cycle), data)

    assert response.status_code == 200
    assert kinds(cycle) == before


def test_the_same_stage_posted_twice_changes_nothing(organiser_client, cycle):
    before = kinds(cycle)
    data = posted_plan(organiser_client, cycle)
    data["form-1-id"] = data["form-0-id"]

    response = organiser_client.post(stage_url(cycle), data)

    assert response.status_code == 200
    assert kinds(cycle) == before


def test_ticked_delete_box_removes_that_stage(organiser_client, cycle):
    before = kinds(cycle)
    data = posted_plan(organiser_client, cycle) | {"form-0-DELETE": "on"}

    response = organiser_client.post(stage_url(cycle), data)

    assert response.status_code == 302
    assert kinds(cycle) == before[1:]
    assert AuditEvent.objects.filter(action="cycle.stages").count() == 1


def test_deleting_every_stage_is_refused(organiser_client, cycle):
    before = kinds(cycle)
    data = posted_plan(organiser_client, cycle)
    for i in range(len(before)):
        data[f"form-{i}-DELETE"] = "on"

    response = organiser_client.post(stage_url(cycle), data)

    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Periode evaluasi memerlukan paling sedikit satu tahapan; tidak ada yang dihapus."
    ]
    assert kinds(cycle) == before


def test_save_stages_refuses_an_empty_plan(cycle, organiser):
    before = kinds(cycle)

    with pytest.raises(ValidationError) as caught:
        services.save_stages(cycle, [], by=organiser)

    assert caught.value.code == "no_stages"
    assert kinds(cycle) == before


def test_every_input_of_a_stage_row_is_named(organiser_client, cycle):
    response = organiser_client.get(stage_url(cycle))

    form = response.context["formset"].forms[0]
    names = {
        name: str(field.widget.attrs.get("aria-label"))
        for name, field in form.fields.items()
        if not field.widget.is_hidden
    }
    assert names["starts_at"] == "Mulai"
    assert names["DELETE"] == "Hapus"
    assert "None" not in names.values()
    assert f'aria-label="{names["ends_at"]}"' in response.content.decode()
