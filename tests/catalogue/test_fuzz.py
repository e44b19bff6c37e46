"""The innovation forms (with its file upload) and the catalogue's filters under generated
values: never a 500."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.innovations.models import Innovation
from kinerja.units.models import Unit

from ..common.test_fuzz import VALUES

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FIELDS = (
    "title",
    "acronym",
    "started_on",
    "status",
    "replicated_from",
    "serves",
    "description",
    "video_url",
    "figures",
)


@FUZZ
@given(data=st.data())
def test_the_innovation_forms_never_answer_500(organiser_client, pemkot, data):
    owner = Unit.objects.get_or_create(kind="dinas", name="Dinas Uji", region=pemkot.region)[0]
    innovation = Innovation.objects.get_or_create(owner=owner, title="Uji fuzz")[0]
    fields = {name: data.draw(VALUES) for name in FIELDS}
    fields["owner"] = data.draw(st.one_of(st.just(str(owner.pk)), VALUES))
    fields["version"] = data.draw(st.one_of(st.just("1"), VALUES))
    edit = reverse("innovations:edit", kwargs={"innovation_id": innovation.pk})

    created = organiser_client.post(reverse("innovations:manage"), fields)
    edited = organiser_client.post(edit, fields)
    listed = organiser_client.get(
        reverse("catalogue:list"),
        {k: data.draw(VALUES) for k in ("q", "region", "kind", "year", "awarded", "halaman")},
    )

    assert created.status_code in (200, 302, 400)
    assert edited.status_code in (200, 302, 400)
    assert listed.status_code in (200, 400)  # 400: the request guard refuses NUL and the like


@FUZZ
@given(data=st.data())
def test_the_file_form_never_answers_500(organiser_client, pemkot, data):
    owner = Unit.objects.get_or_create(kind="dinas", name="Dinas Uji", region=pemkot.region)[0]
    innovation = Innovation.objects.get_or_create(owner=owner, title="Uji fuzz")[0]
    name = data.draw(st.one_of(VALUES, st.sampled_from(["a.pdf", "b.png", ".", "x" * 300])))
    content = data.draw(
        st.one_of(
            st.binary(max_size=64),
            st.sampled_from([b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"MZ\x90\x00"]),
        )
    )
    fields = {"caption": data.draw(VALUES)}
    if data.draw(st.booleans()):
        # What a browser can send as a name (no NUL, no folder); the content is anything.
        safe = name.replace("\x00", "").replace("/", "").replace("\\", "").strip(". ")
        fields["file"] = SimpleUploadedFile(safe or "berkas", content)
    else:
        fields["file"] = data.draw(VALUES)

    posted = organiser_client.post(
        reverse("innovations:file_upload", kwargs={"innovation_id": innovation.pk}), fields
    )

    assert posted.status_code in (302, 400)
