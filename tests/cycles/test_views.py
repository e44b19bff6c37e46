import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from kinerja.accounts.models import User
from kinerja.audit.models import AuditEvent
from kinerja.cycles.models import Assignment, ConflictDeclaration, Cycle, TeamMember

from .stage_posts import posted_plan

ORGANISER_ONLY = ["edit", "stages", "participants", "credentials", "assignments"]
TEAM_VISIBLE = ["team", "conflicts"]


def url(name, cycle):
    return reverse(f"cycles:{name}", kwargs={"cycle_id": cycle.pk})


def test_cycle_pages_permission_matrix(client, cycle, people):
    expectations = {
        # persona: (detail, team pages, organiser pages)
        "organiser": (200, 200, 200),
        "evaluator": (200, 200, 404),
        "outsider": (200, 200, 404),  # on the team but not assigned: still a team member
        "operator_a": (200, 404, 404),
        "head_a": (200, 404, 404),
    }
    for persona, (detail, team, organiser_pages) in expectations.items():
        client.force_login(people[persona])
        assert client.get(url("detail", cycle)).status_code == detail, persona
        for name in TEAM_VISIBLE:
            assert client.get(url(name, cycle)).status_code == team, (persona, name)
        for name in ORGANISER_ONLY:
            assert client.get(url(name, cycle)).status_code == organiser_pages, (persona, name)


def test_cycle_pages_stranger_gets_404_and_anonymous_login(client, cycle, make_user):
    client.force_login(make_user("stranger"))
    for name in ["detail", *TEAM_VISIBLE, *ORGANISER_ONLY]:
        assert client.get(url(name, cycle)).status_code == 404, name
    assert client.post(url("copy", cycle)).status_code == 404
    client.logout()
    for name in ["detail", *TEAM_VISIBLE, *ORGANISER_ONLY]:
        response = client.get(url(name, cycle))
        assert response.status_code == 302 and "/akun/masuk/" in response.url, name
    assert Cycle.objects.count() == 1


def test_cycle_list_shows_only_own_cycles(client, cycle, people, make_user):
    client.force_login(people["operator_b"])
    assert [c.name for c in client.get(reverse("cycles:list")).context["cycles"]] == ["EKK 2025"]
    client.force_login(make_user("stranger"))
    assert list(client.get(reverse("cycles:list")).context["cycles"]) == []


def test_create_cycle_view(organiser_client, ekk_version, yogya_units):
    response = organiser_client.post(
        reverse("cycles:create"),
        {
            "version": ekk_version.pk,
            "name": "EKK 2026",
            "year": 2026,
            "organiser_unit": yogya_units["tapem"].pk,
            "starts_on": "2026-08-03",
            "principles": "transparansi, akuntabilitas",
        },
    )

    cycle = Cycle.objects.get(name="EKK 2026")
    assert response.url == reverse("cycles:detail", kwargs={"cycle_id": cycle.pk})
    assert cycle.stages.count() == len(ekk_version.definition.stages)


def test_detail_timeline_marks_current_stage(organiser_client, cycle):
    import time_machine

    f01 = cycle.stages.get(kind="pengisian")
    with time_machine.travel(f01.starts_at):
        response = organiser_client.get(url("detail", cycle))

    states = [item["state"] for item in response.context["timeline"]]
    assert states[f01.order - 1] == "current"
    assert states[: f01.order - 1] == ["past"] * (f01.order - 1)
    assert set(states[f01.order :]) == {"future"}


def test_stages_view_edits_times_in_wib(organiser_client, cycle):
    data = posted_plan(organiser_client, cycle)
    data["form-0-ends_at"] = "2025-09-10T23:59"

    response = organiser_client.post(url("stages", cycle), data)

    assert response.status_code == 302, (
        [e for e in response.context["formset"].errors if e],
        [str(m) for m in response.context["messages"]],
    )
    first = cycle.stages.order_by("order").first()
    assert first.ends_at.isoformat() == "2025-09-10T16:59:00+00:00"
    assert AuditEvent.objects.filter(action="cycle.stages").count() == 1


def test_participants_bulk_add_all_kemantren_of_region(
    organiser_client, cycle, yogya_units, region_jogja
):
    response = organiser_client.post(
        url("participants", cycle), {"region": region_jogja.pk, "kind": "kemantren"}
    )

    assert response.status_code == 302
    assert cycle.participants.count() == 3  # all three kemantren already in: nothing duplicated


def test_accounts_then_credentials_csv_once(organiser_client, cycle):
    organiser_client.post(url("accounts", cycle))
    page = organiser_client.get(url("credentials", cycle))
    csv_response = organiser_client.get(url("credentials", cycle), {"format": "csv"})
    organiser_client.post(url("credentials", cycle))
    cleared = organiser_client.get(url("credentials", cycle))

    rows = page.context["rows"]
    assert len(rows) == 6
    user = User.objects.get(username=rows[0]["username"])
    assert user.check_password(rows[0]["password"])
    assert csv_response.content.decode().splitlines()[0] == "username,kata sandi,nama,peran,unit"
    assert len(csv_response.content.decode().splitlines()) == 7
    assert cleared.context["rows"] == []


def team_file(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["username", "nama", "nip", "jabatan", "instansi", "peran", "panel"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("tim.xlsx", buffer.getvalue())


def test_team_import_creates_accounts_members_and_panels(organiser_client, cycle):
    upload = team_file(
        [
            ["asisten", "Asisten Pemerintahan", "1970", "Asisten", "Tapem", "ketua", "A"],
            ["dinkes.1", "Penilai Dinkes", "", "Kepala Bidang", "Dinkes", "anggota", "A"],
        ]
    )

    response = organiser_client.post(url("team", cycle), {"import": "1", "file": upload})

    assert response.url == url("credentials", cycle)
    team = {
        m.user.username: m
        for m in TeamMember.objects.filter(cycle=cycle).select_related("user", "agency", "panel")
    }
    assert team["asisten"].role == "chair"
    assert team["dinkes.1"].agency.short_name == "Dinkes"
    assert team["dinkes.1"].panel.name == "A"
    assert AuditEvent.objects.filter(action="team.import").count() == 2


def test_team_import_bad_rows_import_nothing(organiser_client, cycle):
    upload = team_file(
        [
            ["", "Tanpa nama", "", "", "Tapem", "anggota", ""],
            ["x1", "X", "", "", "Dinas Antah", "anggota", ""],
            ["x2", "Y", "", "", "Tapem", "bos", ""],
        ]
    )

    response = organiser_client.post(url("team", cycle), {"import": "1", "file": upload})

    assert [r.number for r in response.context["plan"].error_rows] == [2, 3, 4]
    assert TeamMember.objects.filter(cycle=cycle).count() == 0


def test_auto_assign_view_and_manual_conflict_refusal(organiser_client, cycle, people, yogya_units):
    response = organiser_client.post(
        url("assignments", cycle), {"auto": "1", "k": "2", "min_agencies": "0"}
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(cycle=cycle).count() == 6

    pemkot_member = TeamMember.objects.create(
        cycle=cycle, user=User.objects.create(username="pemkot"), agency=yogya_units["tapem"].parent
    )
    refused = organiser_client.post(
        url("assignments", cycle),
        {"evaluator": pemkot_member.pk, "participant": people["participant_a"].pk},
    )
    assert refused.status_code == 200
    assert refused.context["manual_form"].non_field_errors()
    assert not Assignment.objects.filter(evaluator=pemkot_member).exists()


def test_evaluator_declares_conflict_organiser_resolves(client, cycle, people):
    client.force_login(people["evaluator"])
    client.post(
        url("conflicts", cycle),
        {"participant": people["participant_a"].pk, "reason": "Suami lurah"},
    )
    conflict = ConflictDeclaration.objects.get()
    client.force_login(people["operator_a"])
    assert (
        client.post(url("conflicts", cycle), {"resolve": conflict.pk, "accept": "1"}).status_code
        == 404
    )
    client.force_login(people["organiser"])

    client.post(url("conflicts", cycle), {"resolve": conflict.pk, "accept": "1", "note": "Sah"})

    conflict.refresh_from_db()
    assert conflict.status == "accepted"
    assert not Assignment.objects.filter(
        participant=people["participant_a"], evaluator__user=people["evaluator"]
    ).exists()


def test_copy_view(organiser_client, cycle):
    response = organiser_client.post(url("copy", cycle))

    copy = Cycle.objects.get(year=2026)
    assert response.url == url("detail", copy)


@pytest.mark.parametrize("name", ["assignments", "participants", "team"])
def test_pages_query_count_constant_in_participants(
    organiser_client, cycle, people, organiser, yogya_units, django_assert_max_num_queries, name
):
    from kinerja.cycles import services
    from kinerja.units.models import Unit

    def count():
        with django_assert_max_num_queries(25) as captured:
            organiser_client.get(url(name, cycle))
        return len(captured.captured_queries)

    few = count()
    units = Unit.objects.bulk_create(
        Unit(kind="kelurahan", name=f"Kelurahan {i}", region=yogya_units["tapem"].region)
        for i in range(30)
    )
    services.add_participants(cycle, units, by=organiser)
    for i in range(10):
        services.add_team_member(
            cycle,
            user=User.objects.create(username=f"t{i}"),
            agency=yogya_units["dinkes"],
            by=organiser,
        )
    services.assign_automatically(cycle, k=2, by=organiser)
    many = count()

    assert many == few


def test_participant_status_and_panel_set_on_participants_page(organiser_client, cycle, people):
    from kinerja.cycles.models import Panel

    panel = Panel.objects.create(cycle=cycle, name="Selatan")
    participant = people["participant_b"]

    organiser_client.post(
        url("participants", cycle),
        {"update": participant.pk, "status": "withdrawn", "panel": panel.pk},
    )

    participant.refresh_from_db()
    assert (participant.status, participant.panel) == ("withdrawn", panel)


def test_team_import_emails_credentials_when_email_is_configured(
    organiser_client, cycle, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.KINERJA_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["username", "nama", "instansi", "peran", "email"])
    sheet.append(["baru", "Penilai Baru", "Dinkes", "anggota", "penilai@example.go.id"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            url("team", cycle),
            {"import": "1", "file": SimpleUploadedFile("t.xlsx", buffer.getvalue())},
        )

    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["penilai@example.go.id"]
    assert "baru" in mailoutbox[0].body
    assert User.objects.get(username="baru").email == "penilai@example.go.id"


def test_team_import_bad_email_is_a_row_error(organiser_client, cycle):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["username", "email"])
    sheet.append(["x", "bukan-surel"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = organiser_client.post(
        url("team", cycle), {"import": "1", "file": SimpleUploadedFile("t.xlsx", buffer.getvalue())}
    )

    assert [r.number for r in response.context["plan"].error_rows] == [2]


def test_participants_added_by_code_or_name_all_or_nothing(organiser_client, cycle, yogya_units):
    bad = organiser_client.post(
        url("participants", cycle), {"by_name": "1", "units": "Dinas Kesehatan\nTidak Ada"}
    )
    good = organiser_client.post(
        url("participants", cycle), {"by_name": "1", "units": "Dinas Kesehatan\n\n34.71.01"}
    )

    assert bad.status_code == 200
    assert bad.context["by_name_form"].errors["units"] == ["baris 2: tidak ada unit Tidak Ada"]
    assert good.status_code == 302
    assert cycle.participants.filter(unit=yogya_units["dinkes"]).exists()
    assert cycle.participants.count() == 4


def test_participant_named_on_two_lines_is_added_once(organiser_client, cycle, yogya_units):
    # An OPD entering two innovations was once an HTTP 500 (a UNIQUE constraint failed).
    response = organiser_client.post(
        url("participants", cycle), {"by_name": "1", "units": "Dinas Kesehatan\nDinas Kesehatan"}
    )

    assert response.status_code == 302
    assert cycle.participants.filter(unit=yogya_units["dinkes"]).count() == 1


def test_unit_typeahead_offers_the_governments_units_with_their_region(
    organiser_client, cycle, yogya_units, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        found = organiser_client.get(url("unit_options", cycle), {"q": "dinas kes"})
    short = organiser_client.get(url("unit_options", cycle), {"q": "d"})
    by_code = organiser_client.get(url("unit_options", cycle), {"q": "34.71.01"})

    dinkes = yogya_units["dinkes"]
    assert found.context["options"] == [f"{dinkes.name} — {dinkes.region.name}"]
    assert short.context["options"] == []
    assert len(by_code.context["options"]) == 1
    # What the typeahead offers is what the name list reads back.
    added = organiser_client.post(
        url("participants", cycle), {"by_name": "1", "units": found.context["options"][0]}
    )
    assert added.status_code == 302
    assert cycle.participants.filter(unit=dinkes).exists()


def test_unit_typeahead_of_another_government_is_404(client, cycle, make_user):
    client.force_login(make_user("orang.lain"))

    assert client.get(url("unit_options", cycle), {"q": "dinas"}).status_code == 404


def test_people_typeahead_offers_the_governments_people_only(
    organiser_client, cycle, people, make_user, yogya_units, django_assert_max_num_queries
):
    make_user("evaluator.lain", full_name="Evaluator Kota Lain")  # known to no government here
    with django_assert_max_num_queries(12):
        found = organiser_client.get(url("people_options", cycle), {"username": "evalua"})
    short = organiser_client.get(url("people_options", cycle), {"username": "e"})
    unit_people = organiser_client.get(url("people_options", cycle), {"username": "operator"})

    body = found.content.decode()
    assert [p.username for p in found.context["people"]] == ["evaluator"]
    assert '<option value="evaluator">' in body and yogya_units["dinkes"].label in body
    assert short.context["people"] == []
    assert {p.username for p in unit_people.context["people"]} == {"operator_a", "operator_b"}
    # The team form's username input asks for it as one types.
    team = organiser_client.get(url("team", cycle)).content.decode()
    assert 'list="people-options"' in team and url("people_options", cycle) in team


def test_people_typeahead_is_404_for_a_team_member(client, cycle, people):
    client.force_login(people["evaluator"])

    assert client.get(url("people_options", cycle), {"username": "oper"}).status_code == 404


def test_typeaheads_take_no_post(organiser_client, cycle, yogya_units):
    # They extend the pages they serve; the page's own POST (adding) is not theirs.
    for name in ("unit_options", "people_options"):
        response = organiser_client.post(
            url(name, cycle), {"by_name": "1", "units": "Dinas Kesehatan"}
        )
        assert response.status_code == 405
    assert not cycle.participants.filter(unit=yogya_units["dinkes"]).exists()
