import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from kinerja.audit.models import AuditEvent
from kinerja.instruments.models import InstrumentVersion
from kinerja.instruments.services import ensure_library, import_instrument, lock_version
from kinerja.scoring.formats.library import library_dir, load_library
from kinerja.scoring.formats.xlsx import instrument_from_xlsx
from kinerja.scoring.formats.yaml_file import load_instrument_file

PEKPPP_YAML = (library_dir() / "pekppp.yaml").read_text(encoding="utf-8")


@pytest.fixture
def library(db):
    return {version.instrument.code: version for version, _ in ensure_library()}


def test_ensure_library_imports_twelve_versions_of_eight_instruments_once(library):
    again = ensure_library()

    assert sorted(library) == [
        "ekk-yogyakarta",
        "inovasi",
        "pekppp",
        "pekppp-skm",
        "sakip",
        "skk-jabar",
        "skk-jatim",
        "skm",
    ]
    assert sorted(v.label for v, _ in again if v.instrument.code == "skk-jatim") == [
        "skk-jatim@2023.1",
        "skk-jatim@2027.1",
    ]
    assert sorted(v.label for v, _ in again if v.instrument.code == "inovasi") == [
        "inovasi@2024.1",
        "inovasi@2025.1",
    ]
    assert sorted(v.label for v, _ in again if v.instrument.code == "sakip") == [
        "sakip@2024.1",
        "sakip@2026.1",
    ]
    assert {outcome for _, outcome in again} == {"unchanged"}
    assert AuditEvent.objects.filter(action="instrument.import").count() == 12


def test_import_changed_content_same_version_replaces_until_locked(library, organiser):
    pekppp = library["pekppp"]
    changed = load_library("pekppp").model_copy(update={"title": "PEKPPP (judul baru)"})

    version, outcome = import_instrument(changed, by=organiser)

    assert (version.pk, outcome) == (pekppp.pk, "replaced")
    assert version.definition.title == "PEKPPP (judul baru)"
    lock_version(version, by=organiser, reason="dipakai siklus uji")
    again = load_library("pekppp").model_copy(update={"title": "Judul lain"})
    with pytest.raises(ValidationError, match=r"already used by a cycle|sudah dipakai"):
        import_instrument(again, by=organiser)
    version.refresh_from_db()
    assert version.definition.title == "PEKPPP (judul baru)"


def test_import_new_version_is_a_new_record(library, organiser):
    newer = load_library("sakip").model_copy(update={"version": "2025.1"})

    version, outcome = import_instrument(newer, by=organiser)

    assert outcome == "created"
    assert InstrumentVersion.objects.filter(instrument__code="sakip").count() == 3  # 2 shipped
    assert version.pk != library["sakip"].pk


INSTRUMENT_URLS = [
    ("instruments:list", []),
    ("instruments:import", []),
    ("instruments:version", ["pekppp", "2023.1"]),
    ("instruments:compare", ["pekppp"]),
    ("instruments:download", ["pekppp", "2023.1", "yaml"]),
    ("instruments:download", ["pekppp", "2023.1", "xlsx"]),
]


@pytest.mark.parametrize(("name", "args"), INSTRUMENT_URLS)
def test_instrument_pages_permission_matrix(client, library, organiser, plain_user, name, args):
    url = reverse(name, args=args)

    anonymous = client.get(url)
    client.force_login(plain_user)
    other = client.get(url)
    client.force_login(organiser)
    allowed = client.get(url)

    assert anonymous.status_code == 302
    assert other.status_code == 404
    assert allowed.status_code == 200


def test_version_page_shows_tree_levels_and_bands(organiser_client, library):
    response = organiser_client.get(reverse("instruments:version", args=["pekppp", "2023.1"]))

    html = response.content.decode()
    assert 'data-ref="30"' in html
    assert "Pelayanan Prima" in html
    assert html.count('<li><span class="badge text-bg-light border me-1">') >= 30 * 6


def test_pages_query_count_constant(
    organiser_client, library, organiser, django_assert_max_num_queries
):
    def counts():
        result = []
        for url in (
            reverse("instruments:list"),
            reverse("instruments:version", args=["sakip", "2026.1"]),
        ):
            with django_assert_max_num_queries(10) as captured:
                organiser_client.get(url)
            result.append(len(captured.captured_queries))
        return result

    before = counts()
    for year in range(2025, 2030):
        import_instrument(
            load_library("sakip").model_copy(update={"version": f"{year}.9"}), by=organiser
        )
    after = counts()

    assert after == before


def test_download_yaml_and_xlsx_round_trip(organiser_client, library):
    yaml_response = organiser_client.get(
        reverse("instruments:download", args=["sakip", "2026.1", "yaml"])
    )
    xlsx_response = organiser_client.get(
        reverse("instruments:download", args=["sakip", "2026.1", "xlsx"])
    )

    assert yaml_response.content.decode() == library["sakip"].source
    assert instrument_from_xlsx(xlsx_response.content, filename="sakip.xlsx") == load_library(
        "sakip"
    )
    assert xlsx_response["Content-Disposition"] == 'attachment; filename="sakip@2026.1.xlsx"'


def test_import_page_bad_yaml_lists_every_error_with_line(organiser_client, library):
    broken = PEKPPP_YAML.replace("weight: 24", "weight: 25", 1).replace(
        "decimals: 2", "decimals: -1"
    )
    upload = SimpleUploadedFile("pekppp-rusak.yaml", broken.encode())

    response = organiser_client.post(reverse("instruments:import"), {"file": upload})

    errors = [str(e) for e in response.context["located_errors"]]
    assert len(errors) >= 2
    assert all(e.startswith("pekppp-rusak.yaml:") for e in errors)
    assert any("decimals" in e for e in errors)
    assert InstrumentVersion.objects.count() == 12


def test_import_page_good_xlsx_creates_version(organiser_client, library, organiser):
    xlsx = organiser_client.get(
        reverse("instruments:download", args=["skm", "2017.1", "xlsx"])
    ).content
    definition = instrument_from_xlsx(xlsx, filename="skm.xlsx")
    assert definition.version == "2017.1"
    from kinerja.scoring.formats.xlsx import instrument_to_xlsx

    newer = instrument_to_xlsx(definition.model_copy(update={"version": "2026.1"}))
    upload = SimpleUploadedFile("skm-2026.xlsx", newer)

    response = organiser_client.post(reverse("instruments:import"), {"file": upload})

    assert response.status_code == 302
    assert response.url == reverse("instruments:version", args=["skm", "2026.1"])
    event = AuditEvent.objects.filter(action="instrument.import", actor=organiser).get()
    assert event.after["version"] == "2026.1"


def test_import_page_refuses_binary(organiser_client, library):
    upload = SimpleUploadedFile("x.yaml", b"\xff\xfe\x00\x01binary")

    response = organiser_client.post(reverse("instruments:import"), {"file": upload})

    assert response.context["form"].errors["file"]


def test_compare_lists_changed_weight_by_ref(organiser_client, library, organiser):
    data = load_library("pekppp")
    aspects = list(data.aspects)
    first = aspects[0]
    indicators = list(first.indicators)
    indicators[0] = indicators[0].model_copy(update={"name": "Standar pelayanan (diubah)"})
    aspects[0] = first.model_copy(update={"indicators": tuple(indicators)})
    newer = data.model_copy(update={"version": "2024.1", "aspects": tuple(aspects)})
    import_instrument(newer, by=organiser)

    response = organiser_client.get(
        reverse("instruments:compare", args=["pekppp"]), {"a": "2023.1", "b": "2024.1"}
    )

    changes = response.context["changes"]
    assert [(c.path, c.kind, c.after) for c in changes] == [
        ("aspects / a / indicators / 1 / name", "changed", "Standar pelayanan (diubah)")
    ]


def test_command_validate_reports_every_error_and_exits_nonzero(tmp_path, db):
    broken = tmp_path / "rusak.yaml"
    broken.write_text(PEKPPP_YAML.replace("weight: 24", "weight: 99", 1), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("instrument", "validate", str(broken), stderr=err)

    assert "rusak.yaml:" in err.getvalue()
    assert "error(s)" in err.getvalue()


def test_command_import_and_export_round_trip(tmp_path, db):
    # The shipped version is already in every test database, so a new version is imported.
    source = (library_dir() / "skm.yaml").read_text(encoding="utf-8")
    new = tmp_path / "skm.yaml"
    new.write_text(source.replace('version: "2017.1"', 'version: "2017.9"', 1), encoding="utf-8")
    out = io.StringIO()
    call_command("instrument", "import", str(new), stdout=out)
    target = tmp_path / "skm.xlsx"

    call_command("instrument", "export", "skm@2017.9", "--format", "xlsx", "-o", str(target))

    assert "skm@2017.9 created" in out.getvalue()
    exported = instrument_from_xlsx(target.read_bytes(), filename="skm.xlsx")
    assert exported == load_instrument_file(new)


def test_command_score_json_matches_hand_computation(tmp_path, db):
    # Aspect a (24%): (5/5*17 + 4/5*14)/100 = 0.282; IPP = 0.282*0.24*5 = 0.3384 -> "0.34", band F.
    answers = tmp_path / "jawaban.json"
    answers.write_text(json.dumps({"answers": {"1": 5, "2": 4}}), encoding="utf-8")
    out = io.StringIO()

    call_command("score", "--instrument", "pekppp", "--input", str(answers), stdout=out)

    result = json.loads(out.getvalue())
    assert result["instrument"] == "pekppp@2023.1"
    assert result["total"] == "0.34"
    assert result["grade"] == {"code": "F", "label": "Gagal"}
    assert result["aspects"][0]["ref"] == "a"
    assert result["aspects"][0]["score"] == "1.41"


def test_command_score_bad_input_names_the_ref(tmp_path, db):
    answers = tmp_path / "salah.json"
    answers.write_text(json.dumps({"answers": {"99": 5, "1": 9}}), encoding="utf-8")

    with pytest.raises(CommandError) as raised:
        call_command("score", "--instrument", "pekppp", "--input", str(answers))

    assert "99" in str(raised.value)
    assert "1" in str(raised.value)


@pytest.mark.parametrize(
    ("code", "value", "expected"),
    [
        ("sakip", "80.00", "80.00 BB Sangat Baik"),
        ("sakip", "80.01", "80.01 A Memuaskan"),
        ("sakip", "90.00", "90.00 A Memuaskan"),
        ("sakip", "90.01", "90.01 AA Sangat Memuaskan"),
        ("sakip", "30.00", "30.00 D Sangat Kurang"),
        ("pekppp", "4.50", "4.50 A- Sangat Baik"),
        ("pekppp", "4.51", "4.51 A Pelayanan Prima"),
    ],
)
def test_command_grade_band_boundaries(db, code, value, expected):
    out = io.StringIO()

    call_command("grade", "--instrument", code, "--value", value, stdout=out)

    assert out.getvalue().strip() == expected


def test_command_grade_outside_scale_fails(db):
    with pytest.raises(CommandError, match="outside the scale"):
        call_command("grade", "--instrument", "pekppp", "--value", "7")
