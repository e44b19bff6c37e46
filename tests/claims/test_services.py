"""Claims checked on site feed the score (issue 13): the unit lists its innovations per
criterion while it may edit, each field juror marks each found or not, and the juror's LAP1 is
found / claimed, through the one review path with its gates."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kinerja.assessments.enums import AssessmentStatus
from kinerja.assessments.models import SelfAssessment
from kinerja.audit.models import AuditEvent
from kinerja.claims import services
from kinerja.claims.models import Claim, ClaimCheck
from kinerja.cycles.gates import StageClosed
from kinerja.results.models import Result
from kinerja.reviews.models import Review
from kinerja.reviews.services import record_review

JUNREJO = "ADM1; SICANDAPOL\n1; Kampung Kerukunan\nadm4; WA BANG\n\nADM7; Desa Tangguh\n"


@pytest.fixture
def listed(claims_world):
    """Junrejo's four claims, entered during the filling stage."""
    w = claims_world
    with w.during("pengisian"):
        services.add_claims(w.junrejo, JUNREJO, by=w.operator)
    return {c.title: c for c in Claim.objects.filter(participant=w.junrejo)}


def check(world, claim, seat, found, version=0):
    return services.check_claim(
        claim, evaluator=seat, found=found, note="", expected_version=version, by=seat.user
    )


def lap1(world, seat):
    return Review.objects.get(participant=world.junrejo, evaluator=seat, indicator_ref="LAP1")


def test_the_unit_lists_its_claims_by_criterion_code_or_number(claims_world, listed):
    w = claims_world

    assert sorted((c.criterion_ref, c.title) for c in listed.values()) == [
        ("ADM1", "Kampung Kerukunan"),
        ("ADM1", "SICANDAPOL"),
        ("ADM4", "WA BANG"),
        ("ADM7", "Desa Tangguh"),
    ]
    assert {c.indicator_ref for c in listed.values()} == {"LAP1"}
    # The acronym names the unit's innovation record, so the claim is linked to it.
    assert listed["WA BANG"].innovation == w.wa_bang
    assert listed["SICANDAPOL"].innovation is None
    assert AuditEvent.objects.filter(action="claim.add").count() == 4


def test_wrong_lines_are_all_named_and_nothing_is_added(claims_world):
    w = claims_world
    text = "ADM1; SICANDAPOL\nADM9; PATEN\nSIPMAS\n8; Renlap\n"

    with w.during("pengisian"), pytest.raises(ValidationError) as refused:
        services.add_claims(w.junrejo, text, by=w.operator)

    assert refused.value.messages == [
        "Baris 2: 'ADM9' bukan kriteria; gunakan salah satu dari ADM1, ADM2, ADM3, ADM4, ADM5, "
        "ADM6, ADM7.",
        "Baris 3: tulis kriteria, titik koma, lalu judul.",
        "Baris 4: '8' bukan kriteria; gunakan salah satu dari ADM1, ADM2, ADM3, ADM4, ADM5, ADM6, "
        "ADM7.",
    ]
    assert not Claim.objects.exists()


def test_a_claim_already_listed_is_refused_naming_its_line(claims_world, listed):
    w = claims_world

    with w.during("pengisian"), pytest.raises(ValidationError) as refused:
        services.add_claims(w.junrejo, "ADM2; PATEN\nadm1; sicandapol", by=w.operator)

    assert [e.code for e in refused.value.error_list] == ["duplicate"]
    assert refused.value.messages == ["Baris 2: sicandapol sudah diklaim pada ADM1."]
    assert Claim.objects.count() == 4


def test_claims_change_only_while_the_unit_may_edit(claims_world, listed):
    w = claims_world
    sicandapol = listed["SICANDAPOL"]

    with w.during("penilaian"), pytest.raises(StageClosed):
        services.add_claims(w.junrejo, "ADM2; PATEN", by=w.operator)
    with w.during("penilaian"), pytest.raises(StageClosed):
        services.remove_claim(sicandapol, by=w.operator)
    SelfAssessment.objects.filter(participant=w.junrejo).update(status=AssessmentStatus.SUBMITTED)
    with w.during("pengisian"), pytest.raises(ValidationError) as submitted:
        services.add_claims(w.junrejo, "ADM2; PATEN", by=w.operator)

    assert submitted.value.code == "submitted"
    assert Claim.objects.count() == 4


def test_only_the_units_own_people_list_its_claims(claims_world):
    w = claims_world

    with w.during("pengisian"):
        for outsider in (w.other_operator, w.juror.user, None):
            with pytest.raises(PermissionDenied):
                services.add_claims(w.junrejo, "ADM2; PATEN", by=outsider)

    assert not Claim.objects.exists()


def test_a_claim_is_removed_until_it_is_checked(claims_world, listed):
    w = claims_world
    with w.during("pengisian"):
        services.remove_claim(listed["Desa Tangguh"], by=w.head)
    with w.during("verifikasi_lapangan"):
        check(w, listed["SICANDAPOL"], w.juror, True)
    SelfAssessment.objects.filter(participant=w.junrejo).update(status=AssessmentStatus.REOPENED)

    with w.during("pengisian"), pytest.raises(ValidationError) as checked:
        services.remove_claim(listed["SICANDAPOL"], by=w.operator)

    assert checked.value.code == "checked"
    assert set(Claim.objects.values_list("title", flat=True)) == {
        "SICANDAPOL",
        "Kampung Kerukunan",
        "WA BANG",
    }
    assert AuditEvent.objects.filter(action="claim.remove").count() == 1


def test_each_check_stores_found_over_claimed_and_the_result_follows(claims_world, listed):
    w = claims_world

    with w.during("verifikasi_lapangan"):
        check(w, listed["SICANDAPOL"], w.juror, True)
        first = lap1(w, w.juror)
        check(w, listed["Kampung Kerukunan"], w.juror, True)
        check(w, listed["WA BANG"], w.juror, False)
        check(w, listed["Desa Tangguh"], w.juror, True)
        for claim in listed.values():
            check(w, claim, w.second, True)

    # A claim not marked yet counts as not found: after one check, 1 of 4.
    assert first.value == {"target": "4", "actual": "1"}
    assert lap1(w, w.juror).value == {"target": "4", "actual": "3"}
    assert lap1(w, w.juror).note == ("3 dari 4 klaim ditemukan di lokasi; 0 belum diperiksa.")
    assert lap1(w, w.second).value == {"target": "4", "actual": "4"}
    result = Result.objects.get(participant=w.junrejo)
    # LAP1 is 100 points: the mean of 3/4 and 4/4 of it, and nothing else was scored.
    assert Fraction(result.total) == Fraction(175, 2)
    assert ClaimCheck.objects.count() == 8
    assert AuditEvent.objects.filter(action="claim.check").count() == 8
    assert AuditEvent.objects.filter(action="review.save").count() == 8


def test_a_changed_mark_changes_the_score_and_a_stale_page_is_refused(claims_world, listed):
    w = claims_world
    wa_bang = listed["WA BANG"]

    with w.during("verifikasi_lapangan"):
        first = check(w, wa_bang, w.juror, False)
        changed = check(w, wa_bang, w.juror, True, version=first.version)
        with pytest.raises(services.CheckConflict):
            check(w, wa_bang, w.juror, False, version=first.version)

    assert changed.version == 2 and changed.found
    assert ClaimCheck.objects.get().found is True
    assert lap1(w, w.juror).value == {"target": "4", "actual": "1"}


def test_a_check_is_refused_with_its_score_and_nothing_is_kept(claims_world, listed, make_user):
    w = claims_world
    sicandapol = listed["SICANDAPOL"]

    # Scoring closed (the filling stage), and a juror on the team not assigned to Junrejo.
    with w.during("pengisian"), pytest.raises(StageClosed):
        check(w, sicandapol, w.juror, True)
    with w.during("verifikasi_lapangan"), pytest.raises(PermissionDenied):
        check(w, sicandapol, w.outsider, True)

    assert not ClaimCheck.objects.exists()
    assert not Review.objects.filter(indicator_ref="LAP1").exists()


def test_a_non_finalists_claims_take_no_check(claims_world):
    w = claims_world
    with w.during("pengisian"):
        (paten,) = services.add_claims(w.bumiaji, "ADM2; PATEN", by=w.other_operator)

    with w.during("verifikasi_lapangan"), pytest.raises(ValidationError) as refused:
        check(w, paten, w.juror, True)

    assert refused.value.code == "not_finalist"
    assert not ClaimCheck.objects.exists()


def test_the_claims_indicator_is_not_typed_by_hand(claims_world, listed):
    w = claims_world

    with w.during("verifikasi_lapangan"), pytest.raises(ValidationError) as refused:
        record_review(
            w.junrejo,
            "LAP1",
            evaluator=w.juror,
            value={"target": 4, "actual": 4},
            expected_version=0,
            by=w.juror.user,
        )

    assert refused.value.code == "claims_indicator"
    assert not Review.objects.exists()


def test_nothing_claimed_is_recorded_as_zero_and_only_then(claims_world, listed):
    w = claims_world

    with w.during("verifikasi_lapangan"):
        review = services.record_nothing_claimed(w.batu, "LAP1", evaluator=w.juror, by=w.juror.user)
        with pytest.raises(ValidationError) as listed_claims:
            services.record_nothing_claimed(w.junrejo, "LAP1", evaluator=w.juror, by=w.juror.user)

    assert review.value == {"target": "1", "actual": "0"}
    assert listed_claims.value.code == "claims_listed"
    assert Result.objects.get(participant=w.batu).total == 0


def test_the_rest_is_marked_found_at_once_keeping_what_was_checked(claims_world, listed):
    w = claims_world

    with w.during("verifikasi_lapangan"):
        check(w, listed["WA BANG"], w.juror, False)
        marked = services.check_remaining_found(
            w.junrejo, "LAP1", evaluator=w.juror, by=w.juror.user
        )
        again = services.check_remaining_found(
            w.junrejo, "LAP1", evaluator=w.juror, by=w.juror.user
        )

    assert (marked, again) == (3, 0)
    marks = dict(ClaimCheck.objects.filter(evaluator=w.juror).values_list("claim__title", "found"))
    assert marks == {
        "SICANDAPOL": True,
        "Kampung Kerukunan": True,
        "WA BANG": False,  # checked before: kept
        "Desa Tangguh": True,
    }
    assert lap1(w, w.juror).value == {"target": "4", "actual": "3"}
    assert not ClaimCheck.objects.filter(evaluator=w.second).exists()
    events = AuditEvent.objects.filter(action="claim.check")
    assert events.count() == 4
    # Every check is on the cycle's own trail (scoped through its claim).
    assert set(events.values_list("scope_cycle", flat=True)) == {w.cycle.pk}


def test_marking_the_rest_found_is_refused_whole_with_its_score(claims_world, listed):
    w = claims_world

    with w.during("pengisian"), pytest.raises(StageClosed):
        services.check_remaining_found(w.junrejo, "LAP1", evaluator=w.juror, by=w.juror.user)
    with w.during("verifikasi_lapangan"), pytest.raises(PermissionDenied):
        services.check_remaining_found(w.junrejo, "LAP1", evaluator=w.outsider, by=w.outsider.user)

    assert not ClaimCheck.objects.exists()
    assert not AuditEvent.objects.filter(action="claim.check").exists()
