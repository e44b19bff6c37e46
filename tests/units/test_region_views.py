"""The platform administrator's page for adding a region (``units:region_create``)."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.audit.models import AuditEvent
from kinerja.directory.forms import RegionForm
from kinerja.units.enums import RegionKind
from kinerja.units.models import Region

URL = reverse("units:region_create")


@pytest.fixture
def admin(make_user):
    user = make_user("admin", full_name="Admin Platform")
    user.is_superuser = True
    user.save(update_fields=["is_superuser"])
    return user


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def regency(db):
    province = Region.objects.create(code="35", name="Provinsi Jawa Timur", kind="provinsi")
    return Region.objects.create(
        code="35.07", name="Kabupaten Malang", kind=RegionKind.KABUPATEN, parent=province
    )


def post_data(**changes):
    return {"kind": "kecamatan", "name": "Uji", "time_zone": "Asia/Jakarta"} | changes


@pytest.mark.django_db
def test_region_create_anonymous_is_sent_to_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == reverse("accounts:login") + "?next=" + URL


@pytest.mark.django_db
def test_region_create_organiser_and_plain_user_get_404(client, organiser, plain_user, regency):
    for user in (organiser, plain_user):
        client.force_login(user)

        assert client.get(URL).status_code == 404
        response = client.post(URL, post_data(code="35.07.40", parent=regency.pk))
        assert response.status_code == 404
    assert not Region.objects.filter(code="35.07.40").exists()


@pytest.mark.django_db
def test_region_create_admin_sees_the_form(admin_client, regency, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = admin_client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="code"' in content
    assert "35.07 · Kabupaten Malang" in content
    assert 'class="form-label" for="id_code"' in content  # the shared field partial


@pytest.mark.django_db
def test_region_create_admin_creates_and_is_audited(admin_client, admin, regency):
    response = admin_client.post(
        URL, post_data(code="35.07.40", name="Kecamatan Baru", parent=regency.pk)
    )

    assert response.status_code == 302
    assert response.url == reverse("units:region", args=["35.07.40"])
    region = Region.objects.get(code="35.07.40")
    assert (region.name, region.kind, region.parent) == ("Kecamatan Baru", "kecamatan", regency)
    event = AuditEvent.objects.for_object(region).get()
    assert (event.action, event.actor, event.by_platform_admin) == ("region.create", admin, True)
    assert admin_client.get(response.url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"code": "35.07.4"}, "code"),
        ({"code": "35074"}, "code"),
        ({"code": "34.71.40"}, "code"),
        ({"code": "35.07.40", "parent": ""}, "parent"),
        ({"code": "35.80", "kind": "kota"}, "parent"),
        ({"code": "35.80", "kind": "kabupaten", "parent": "province"}, "code"),
        ({"code": "35.50", "kind": "kota", "parent": "province"}, "code"),
        ({"code": "35", "kind": "provinsi"}, "code"),  # taken
        ({"code": "36", "kind": "provinsi"}, "parent"),
        ({"code": "35.07.40", "kind": "desa"}, "kind"),
        ({"code": "x" * 40}, "code"),
    ],
)
def test_region_create_bad_code_gives_form_errors(admin_client, regency, data, field):
    parents = {"province": regency.parent_id}
    data = {"parent": regency.pk} | data
    data["parent"] = parents.get(data["parent"], data["parent"])
    count = Region.objects.count()

    response = admin_client.post(URL, post_data(**data))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Region.objects.count() == count
    assert not AuditEvent.objects.filter(action="region.create").exists()


@pytest.mark.django_db
def test_region_list_links_the_new_region_page_for_superusers_only(
    client, admin_client, organiser, regency
):
    assert URL.encode() in admin_client.get(reverse("units:regions")).content
    client.force_login(organiser)
    page = client.get(reverse("units:regions"))
    assert page.status_code == 200
    assert URL.encode() not in page.content


@pytest.mark.django_db
def test_region_list_leaves_kecamatan_to_their_regency_page(admin_client, regency):
    Region.objects.create(code="35.07.12", name="Sumberpucung", kind="kecamatan", parent=regency)

    listed = admin_client.get(reverse("units:regions")).context["regions"]
    tree = admin_client.get(reverse("units:region", args=["35.07"]))

    assert [r.code for r in listed] == ["35", "35.07"]
    assert [r.code for r in tree.context["subregions"]] == ["35.07.12"]
    assert "Sumberpucung" in tree.content.decode()


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    code=st.text(alphabet="0123456789.x -", max_size=12) | st.text(max_size=25),
    kind=st.sampled_from([*RegionKind.values, "", "desa"]),
    parent=st.sampled_from(["", "province", "regency", "999999", "x"]),
    name=st.text(max_size=30),
)
def test_region_form_any_input_is_valid_or_has_errors(regency, code, kind, parent, name):
    """Fuzz: whatever is posted, the form answers with errors or with a valid region; it never
    raises."""
    parents = {"province": regency.parent_id, "regency": regency.pk}
    form = RegionForm(
        data={
            "code": code,
            "name": name,
            "kind": kind,
            "parent": parents.get(parent, parent),
            "time_zone": "Asia/Jakarta",
        }
    )

    if form.is_valid():
        assert form.cleaned_data["code"].count(".") in (0, 1, 2)
    else:
        assert form.errors
