import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.units.models import Unit

from ..conftest import PASSWORD


def unit_urls(unit):
    return [
        reverse("units:regions"),
        reverse("units:region", args=[unit.region.code]),
        reverse("units:detail", args=[unit.pk]),
        reverse("units:edit", args=[unit.pk]),
        reverse("units:create"),
        reverse("units:import"),
        reverse("units:import_template"),
    ]


@pytest.mark.django_db
def test_unit_pages_anonymous_is_sent_to_login(client, kemantren):
    for url in unit_urls(kemantren):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response.url.startswith(reverse("accounts:login") + "?next="), url


@pytest.mark.django_db
def test_unit_pages_non_organiser_gets_404(client, plain_user, kemantren):
    client.force_login(plain_user)

    for url in unit_urls(kemantren):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("units:edit", args=[kemantren.pk]), {"name": "Hacked"})
    assert response.status_code == 404
    kemantren.refresh_from_db()
    assert kemantren.name == "Kemantren Mantrijeron"


@pytest.mark.django_db
def test_unit_pages_organiser_sees_each(organiser_client, kemantren):
    for url in unit_urls(kemantren):
        assert organiser_client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_region_tree_lists_units_indented(organiser_client, kemantren):
    response = organiser_client.get(reverse("units:region", args=["34.71"]))

    nodes = response.context["nodes"]
    assert [(n.unit.name, n.depth) for n in nodes] == [
        ("Pemerintah Kota Yogyakarta", 0),
        ("Kemantren Mantrijeron", 1),
    ]
    assert b"tree-indent-1" in response.content


@pytest.mark.django_db
def test_region_tree_query_count_constant(organiser_client, pemkot, django_assert_max_num_queries):
    def count_queries():
        with django_assert_max_num_queries(12) as captured:
            organiser_client.get(reverse("units:region", args=["34.71"]))
        return len(captured.captured_queries)

    few = count_queries()
    Unit.objects.bulk_create(
        Unit(kind="kelurahan", name=f"Kelurahan {i}", region=pemkot.region, parent=pemkot)
        for i in range(150)
    )
    many = count_queries()

    assert many == few


@pytest.mark.django_db
def test_unit_edit_records_before_and_after(organiser_client, organiser, kemantren):
    url = reverse("units:edit", args=[kemantren.pk])
    data = {
        "kind": "kemantren",
        "name": "Kemantren Mantrijeron",
        "short_name": "MJ",
        "code": "34.71.01",
        "region": kemantren.region_id,
        "parent": kemantren.parent_id,
        "active": "",
    }

    response = organiser_client.post(url, data)

    assert response.status_code == 302
    kemantren.refresh_from_db()
    assert kemantren.short_name == "MJ"
    assert kemantren.active is False
    event = AuditEvent.objects.for_object(kemantren).get(action="unit.update")
    assert event.actor == organiser
    assert event.before == {"short_name": "Mantrijeron", "active": True}
    assert event.after == {"short_name": "MJ", "active": False}
    assert len(event.request_id) == 32
    assert event.ip == "127.0.0.1"
    detail = organiser_client.get(reverse("units:detail", args=[kemantren.pk]))
    assert b"unit.update" in detail.content


@pytest.mark.django_db
def test_unit_edit_refuses_own_descendant_as_parent(organiser_client, kemantren, pemkot):
    data = {
        "kind": "pemda",
        "name": pemkot.name,
        "region": pemkot.region_id,
        "parent": kemantren.pk,
        "active": "on",
    }

    response = organiser_client.post(reverse("units:edit", args=[pemkot.pk]), data)

    assert response.status_code == 200
    pemkot.refresh_from_db()
    assert pemkot.parent is None
    assert not AuditEvent.objects.filter(action="unit.update").exists()


@pytest.mark.django_db
def test_unit_create_audits(organiser_client, pemkot):
    data = {
        "kind": "dinas",
        "name": "Dinas Kesehatan",
        "region": pemkot.region_id,
        "parent": pemkot.pk,
        "active": "on",
        "short_name": "Dinkes",
        "code": "",
    }

    response = organiser_client.post(reverse("units:create"), data)

    unit = Unit.objects.get(name="Dinas Kesehatan")
    assert response.url == reverse("units:detail", args=[unit.pk])
    assert AuditEvent.objects.for_object(unit).get().action == "unit.create"


@pytest.mark.django_db
def test_unit_import_dry_run_then_confirm(organiser_client, region_jogja):
    csv = b"kode,nama,jenis,wilayah\n34.71.01,Kemantren Mantrijeron,kemantren,34.71\n"
    upload = SimpleUploadedFile("units.csv", csv, content_type="text/csv")

    preview = organiser_client.post(reverse("units:import"), {"file": upload})

    assert preview.status_code == 200
    assert preview.context["plan"].count_create == 1
    assert Unit.objects.filter(region__code="34.71").count() == 0  # a dry run writes nothing
    done = organiser_client.post(reverse("units:import"), {"confirm": "1"})
    assert done.status_code == 302
    assert Unit.objects.get(region__code="34.71").code == "34.71.01"


@pytest.mark.django_db
def test_unit_import_bad_file_shows_rows_and_cannot_confirm(organiser_client, region_jogja):
    csv = b"kode,nama,jenis,wilayah\n1,,kemantren,34.71\n2,B,kemantren,00\n"
    upload = SimpleUploadedFile("units.csv", csv, content_type="text/csv")

    preview = organiser_client.post(reverse("units:import"), {"file": upload})
    confirm = organiser_client.post(reverse("units:import"), {"confirm": "1"})

    assert [r.number for r in preview.context["plan"].error_rows] == [2, 3]
    assert confirm.status_code == 302
    assert Unit.objects.filter(region__code="34.71").count() == 0


@pytest.mark.django_db
def test_unit_import_binary_file_is_refused(organiser_client, region_jogja):
    upload = SimpleUploadedFile("units.csv", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00")

    response = organiser_client.post(reverse("units:import"), {"file": upload})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert Unit.objects.filter(region__code="34.71").count() == 0


@pytest.mark.django_db
def test_login_with_password_then_units_page(client, organiser):
    response = client.post(
        reverse("accounts:login"), {"username": "organiser", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert client.get(reverse("units:regions")).status_code == 200


@pytest.mark.django_db
def test_unit_import_template_imports_cleanly(organiser_client, region_jogja):
    template = organiser_client.get(reverse("units:import_template"))
    upload = SimpleUploadedFile("contoh.csv", template.content, content_type="text/csv")

    preview = organiser_client.post(reverse("units:import"), {"file": upload})

    assert template["Content-Type"] == "text/csv; charset=utf-8"
    assert preview.context["plan"].ok
    assert preview.context["plan"].count_create == 2


@pytest.mark.django_db
def test_unit_import_oversize_file_is_refused_in_indonesian(organiser_client, region_jogja):
    big = b"kode,nama,jenis,wilayah\n" + b"x" * (10 * 1024 * 1024 + 1)
    upload = SimpleUploadedFile("besar.csv", big, content_type="text/csv")

    response = organiser_client.post(reverse("units:import"), {"file": upload})

    assert response.context["form"].errors["file"] == [
        "Ukuran berkas 10,0\xa0MB melebihi batas 10,0\xa0MB."
    ]
    assert Unit.objects.filter(region__code="34.71").count() == 0
