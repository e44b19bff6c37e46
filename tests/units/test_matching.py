"""The unit matcher over units in memory (no database: the matcher never queries)."""

import pytest
from django.utils import translation

from kinerja.units.enums import RegionKind, UnitKind
from kinerja.units.matching import Problem, UnitMatcher, explain, qualified_name
from kinerja.units.models import Region, Unit
from kinerja.units.queries import unit_label


@pytest.fixture
def regions():
    return {
        "malang": Region(pk=1, code="35.07", name="Kabupaten Malang", kind=RegionKind.KABUPATEN),
        "batu": Region(pk=2, code="35.79", name="Kota Batu", kind=RegionKind.KOTA),
        "bandung": Region(pk=3, code="32.04", name="Kabupaten Bandung", kind=RegionKind.KABUPATEN),
    }


def unit(name, code, region, short_name=""):
    return Unit(kind=UnitKind.KECAMATAN, name=name, code=code, region=region, short_name=short_name)


@pytest.fixture
def units(regions):
    # Deliberately out of order: candidates are sorted by region code, then unit code.
    return {
        "batu_batu": unit("Kecamatan Batu", "35.79.01", regions["batu"]),
        "batu_malang": unit("Kecamatan Batu", "35.07.33", regions["malang"]),
        "junrejo": unit("Kecamatan Junrejo", "35.79.03", regions["batu"]),
        "margahayu": unit("Kecamatan Margahayu", "32.04.10", regions["bandung"]),
        "dinkes": unit("Dinas Kesehatan", "", regions["batu"], short_name="Dinkes"),
        "pu": unit("Dinas PU - Bina Marga", "", regions["batu"]),
        "hyphen": unit("Kecamatan Gondo-Manan", "", regions["malang"]),
    }


@pytest.fixture
def matcher(units):
    return UnitMatcher(units.values())


def test_resolve_by_code_case_insensitive(matcher, units):
    assert matcher.resolve(" 35.79.03 ").target is units["junrejo"]


def test_resolve_by_exact_name_ignores_case_and_whitespace(matcher, units):
    assert matcher.resolve("kecamatan   JUNREJO").target is units["junrejo"]


@pytest.mark.parametrize(
    "reference",
    [
        "Kecamatan Batu — Kota Batu",
        "Kecamatan Batu—Kota Batu",
        "Kecamatan Batu – Kota Batu",
        "Kecamatan Batu - Kota Batu",
        "kecamatan batu  —  KOTA BATU",
        "Kecamatan Batu (Kota Batu)",
        "Kecamatan Batu (35.79)",
        "Kecamatan Batu(kota batu)",
        "Kecamatan Batu — 35.79",
    ],
)
def test_resolve_name_with_region_qualifier(matcher, units, reference):
    match = matcher.resolve(reference)

    assert (match.target, match.problem) == (units["batu_batu"], None)


def test_resolve_qualifier_picks_the_other_region_too(matcher, units):
    assert matcher.resolve("Kecamatan Batu (35.07)").target is units["batu_malang"]
    assert matcher.resolve("Kecamatan Batu - Kabupaten Malang").target is units["batu_malang"]


def test_resolve_every_picker_label_reads_back(matcher, units):
    assert {key: matcher.resolve(unit_label(u)).target for key, u in units.items()} == units


def test_resolve_exact_name_with_a_spaced_hyphen_wins_over_a_qualifier(matcher, units):
    assert matcher.resolve("Dinas PU - Bina Marga").target is units["pu"]
    assert matcher.resolve("Dinas PU - Bina Marga — Kota Batu").target is units["pu"]


def test_resolve_hyphen_without_spaces_never_splits(matcher, units):
    assert matcher.resolve("Kecamatan Gondo-Manan").target is units["hyphen"]
    assert matcher.resolve("Kecamatan Gondo-Kabupaten Malang").problem is Problem.NOT_FOUND


def test_resolve_shared_name_is_ambiguous_with_candidates_in_stable_order(matcher, units):
    match = matcher.resolve("kecamatan batu")

    assert match.target is None
    assert match.problem is Problem.AMBIGUOUS
    assert [c.target for c in match.candidates] == [units["batu_malang"], units["batu_batu"]]
    assert [c.label for c in match.candidates] == [
        "Kecamatan Batu — Kabupaten Malang (35.07.33)",
        "Kecamatan Batu — Kota Batu (35.79.01)",
    ]


def test_explain_ambiguous_lists_candidates_and_an_example(matcher):
    with translation.override("en"):
        message = explain(matcher.resolve("Kecamatan Batu"))

    assert message == (
        '"Kecamatan Batu" matches several units: Kecamatan Batu — Kabupaten Malang (35.07.33), '
        "Kecamatan Batu — Kota Batu (35.79.01); write its code or add the region, "
        'e.g. "Kecamatan Batu — Kabupaten Malang"'
    )


def test_explain_ambiguous_in_one_region_suggests_the_code(regions):
    twins = [
        unit("Sekretariat", "35.79.01.9", regions["batu"]),
        unit("Sekretariat", "35.79.02.9", regions["batu"]),
    ]

    with translation.override("en"):
        message = explain(UnitMatcher(twins).resolve("Sekretariat — Kota Batu"))

    assert message.endswith('write its code or add the region, e.g. "35.79.01.9"')


def test_explain_ambiguous_lists_ten_then_counts_the_rest(regions):
    many = [unit("Sekretariat", f"35.79.{i:02}", regions["batu"]) for i in range(12)]

    with translation.override("en"):
        message = explain(UnitMatcher(many).resolve("Sekretariat"))

    assert message.startswith(
        '"Sekretariat" matches several units: Sekretariat — Kota Batu (35.79.00), '
    )
    assert "Sekretariat — Kota Batu (35.79.09), and 2 more; write its code" in message
    assert "35.79.10" not in message


def test_resolve_unknown_region_says_so_with_where_the_name_is(matcher, units):
    match = matcher.resolve("Kecamatan Batu — Kota Batuu")

    assert (match.problem, match.region, match.name) == (
        Problem.UNKNOWN_REGION,
        "Kota Batuu",
        "Kecamatan Batu",
    )
    with translation.override("en"):
        assert explain(match) == (
            '"Kecamatan Batu — Kota Batuu" not found: the region "Kota Batuu" is not known; '
            'units named "Kecamatan Batu": Kecamatan Batu — Kabupaten Malang (35.07.33), '
            "Kecamatan Batu — Kota Batu (35.79.01)"
        )


def test_resolve_unknown_region_by_code(matcher):
    match = matcher.resolve("Kecamatan Junrejo (99.99)")

    assert (match.problem, match.region) == (Problem.UNKNOWN_REGION, "99.99")


def test_resolve_known_region_without_that_name_is_not_found(matcher):
    assert matcher.resolve("Kecamatan Junrejo — Kabupaten Malang").problem is Problem.NOT_FOUND


@pytest.mark.parametrize("reference", ["Tidak Ada", "Tidak Ada — Antah", "", "   "])
def test_resolve_unknown_name_is_not_found(matcher, reference):
    match = matcher.resolve(reference)

    assert (match.target, match.problem, match.candidates) == (None, Problem.NOT_FOUND, ())


def test_explain_refuses_a_match_that_is_only_not_found(matcher):
    with pytest.raises(ValueError, match="nothing to explain"):
        explain(matcher.resolve("Tidak Ada"))


def test_resolve_within_a_region_looks_for_bare_names_there_only(matcher, units, regions):
    assert matcher.resolve("Kecamatan Batu", within=regions["batu"]).target is units["batu_batu"]
    assert matcher.resolve("Kecamatan Junrejo", within=regions["malang"]).problem is (
        Problem.NOT_FOUND
    )
    # A code or a qualifier still points anywhere.
    assert matcher.resolve("35.79.03", within=regions["malang"]).target is units["junrejo"]
    assert (
        matcher.resolve("Kecamatan Batu — Kota Batu", within=regions["malang"]).target
        is units["batu_batu"]
    )


def test_resolve_short_names_only_when_asked(units):
    assert UnitMatcher(units.values()).resolve("dinkes").problem is Problem.NOT_FOUND
    with_short = UnitMatcher(units.values(), short_names=True)
    assert with_short.resolve("dinkes").target is units["dinkes"]
    assert with_short.resolve("Dinkes (35.79)").target is units["dinkes"]


def test_add_other_targets_and_one_candidate_per_target(units, regions):
    matcher = UnitMatcher([units["batu_batu"]], regions=[regions["malang"]])
    row = object()
    matcher.add(row, name="Kecamatan Baru", code="", region=regions["malang"])
    # The same unit again under a new name (an import row renaming it): once per target.
    matcher.add(units["batu_batu"], name="Kecamatan Batu", code="", region=regions["batu"])
    matcher.add(units["batu_batu"], name="Kecamatan Batu Kota", code="", region=regions["batu"])

    assert matcher.resolve("Kecamatan Baru (35.07)").target is row
    assert matcher.resolve("Kecamatan Batu").target is units["batu_batu"]
    assert matcher.resolve("Kecamatan Batu Kota").target is units["batu_batu"]


def test_add_without_region_is_found_by_code_only(regions):
    matcher = UnitMatcher(regions=regions.values())
    row = object()
    matcher.add(row, name="Kecamatan Baru", code="X1", region=None)

    assert matcher.resolve("x1").target is row
    assert matcher.resolve("Kecamatan Baru").problem is Problem.NOT_FOUND


def test_qualified_name_is_the_picker_label(units):
    assert qualified_name("Kecamatan Batu", units["batu_batu"].region) == (
        "Kecamatan Batu — Kota Batu"
    )
    assert unit_label(units["batu_batu"]) == "Kecamatan Batu — Kota Batu"
