import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.units.services import update_unit


@pytest.mark.django_db
def test_update_unit_writes_one_event_with_changed_fields_only(organiser, kemantren):
    update_unit(kemantren, by=organiser, name="Kemantren Mantrijeron Baru", active=True)

    event = AuditEvent.objects.get(action="unit.update")
    assert event.before == {"name": "Kemantren Mantrijeron"}
    assert event.after == {"name": "Kemantren Mantrijeron Baru"}
    assert event.object_type == "units.unit"
    assert event.object_id == str(kemantren.pk)
    assert event.actor_repr == "Penyelenggara Uji"


@pytest.mark.django_db
def test_update_unit_without_change_writes_nothing(organiser, kemantren):
    update_unit(kemantren, by=organiser, name=kemantren.name)

    assert not AuditEvent.objects.filter(action="unit.update").exists()


@pytest.mark.django_db
def test_audit_events_are_append_only(organiser, kemantren):
    update_unit(kemantren, by=organiser, short_name="MJ")
    event = AuditEvent.objects.get(action="unit.update")

    with pytest.raises(PermissionDenied):
        event.save()
    with pytest.raises(PermissionDenied):
        event.delete()
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.filter(pk=event.pk).update(action="x")
    with pytest.raises(PermissionDenied):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "unit.update"


@pytest.mark.django_db
def test_audit_pages_permissions(client, organiser, plain_user, kemantren):
    url = reverse("audit:object", args=["units.unit", kemantren.pk])

    assert client.get(url).status_code == 302
    client.force_login(plain_user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("audit:events")).status_code == 404
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    assert client.get(reverse("audit:events")).status_code == 200


@pytest.mark.django_db
def test_audit_object_page_lists_only_that_object(organiser_client, organiser, kemantren, pemkot):
    update_unit(kemantren, by=organiser, short_name="MJ")
    update_unit(pemkot, by=organiser, short_name="Pemkot")

    response = organiser_client.get(reverse("audit:object", args=["units.unit", kemantren.pk]))

    assert [e.object_id for e in response.context["events"]] == [str(kemantren.pk)]


@pytest.mark.django_db
def test_audit_list_query_count_constant(
    organiser_client, organiser, kemantren, django_assert_max_num_queries
):
    for i in range(60):
        update_unit(kemantren, by=organiser, short_name=f"MJ{i}")

    with django_assert_max_num_queries(10):
        response = organiser_client.get(reverse("audit:events"))

    assert len(response.context["events"]) == 61  # 60 updates + the organiser account creation
