"""The claims pages: the unit's list (add with line-numbered errors, remove), the on-site
section where a juror marks each claim, the F02 card that shows the score read-only; 404 for
who may not see; query counts that do not grow with the claims; generated values never a 500."""

from __future__ import annotations

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kinerja.claims import services
from kinerja.claims.models import Claim, ClaimCheck
from kinerja.reviews.models import Review

from ..common.test_fuzz import VALUES

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def client_as(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def list_url(participant):
    return reverse("claims:list", kwargs={"participant_id": participant.pk})


def onsite_url(participant):
    return reverse("visits:onsite", kwargs={"participant_id": participant.pk})


def add(world, text, participant=None):
    participant = participant or world.junrejo
    with world.during("pengisian"):
        return services.add_claims(participant, text, by=world.operator)


def many_claims(count: int) -> str:
    return "\n".join(f"{1 + n % 7}; Inovasi {n}" for n in range(count))


def test_the_unit_adds_claims_on_its_page(claims_world):
    w = claims_world
    with w.during("pengisian"):
        client = client_as(w.operator)  # logged in at the frozen time: the session is fresh
        page = client.get(list_url(w.junrejo)).content.decode()
        added = client.post(
            reverse("claims:add", kwargs={"participant_id": w.junrejo.pk}),
            {"indicator": "LAP1", "lines": "ADM4; WA BANG\n2; PATEN"},
        )
        after = client.get(list_url(w.junrejo)).content.decode()

    assert 'data-testid="claims-form"' in page
    assert "Penyelenggaraan tugas atributif" in page  # ADM4's name heads its claims
    assert added.status_code == 302
    assert after.count('data-testid="claim"') == 2
    assert "Warung Aspirasi Bang Junrejo (WA BANG)" in after  # linked innovation record
    assert "2 klaim ditambahkan." in after


def test_wrong_lines_are_shown_beside_the_field_and_kept(claims_world):
    w = claims_world
    with w.during("pengisian"):
        client = client_as(w.operator)
        refused = client.post(
            reverse("claims:add", kwargs={"participant_id": w.junrejo.pk}),
            {"indicator": "LAP1", "lines": "ADM4; WA BANG\nADM9; PATEN"},
        )

    body = refused.content.decode()
    assert refused.status_code == 400
    assert "Baris 2: &#x27;ADM9&#x27; bukan kriteria" in body
    assert "ADM9; PATEN</textarea>" in body
    assert not Claim.objects.exists()


def test_after_the_filling_stage_the_list_is_read_only(claims_world):
    w = claims_world
    add(w, "ADM4; WA BANG")

    with w.during("penilaian"):
        page = client_as(w.operator).get(list_url(w.junrejo)).content.decode()
        removed = client_as(w.operator).post(
            reverse(
                "claims:remove",
                kwargs={"participant_id": w.junrejo.pk, "claim_id": Claim.objects.get().pk},
            ),
            follow=True,
        )

    assert 'data-testid="claims-form"' not in page
    assert 'data-testid="claims-closed"' in page
    assert Claim.objects.count() == 1
    assert removed.status_code == 200


def test_who_may_not_see_the_claims_gets_404(claims_world, make_user):
    w = claims_world
    (wa_bang,) = add(w, "ADM4; WA BANG")
    remove = reverse(
        "claims:remove", kwargs={"participant_id": w.junrejo.pk, "claim_id": wa_bang.pk}
    )

    with w.during("pengisian"):
        seen = {
            name: client_as(user).get(list_url(w.junrejo)).status_code
            for name, user in {
                "operator": w.operator,
                "head": w.head,
                "organiser": w.organiser,
                "other operator": w.other_operator,
                "juror before release": w.juror.user,
                "stranger": make_user("orang.lain"),
            }.items()
        }
        removed_by_other = client_as(w.other_operator).post(remove).status_code
        # Another participant's claim through this participant's URL.
        (paten,) = services.add_claims(w.bumiaji, "ADM2; PATEN", by=w.other_operator)
        crossed = client_as(w.operator).post(
            reverse("claims:remove", kwargs={"participant_id": w.junrejo.pk, "claim_id": paten.pk})
        )

    assert seen == {
        "operator": 200,
        "head": 200,
        "organiser": 200,
        "other operator": 404,
        "juror before release": 404,
        "stranger": 404,
    }
    assert removed_by_other == 404
    assert crossed.status_code == 404
    assert Claim.objects.count() == 2


def test_an_instrument_without_claims_has_no_claims_page(claims_world, organiser, pemkot):
    from ..assessments.conftest import make_cycle

    other = make_cycle(organiser, pemkot, [pemkot], name="EKK tanpa klaim")
    participant = other.participants.get()

    assert client_as(organiser).get(list_url(participant)).status_code == 404


def test_a_juror_marks_claims_on_site_and_sees_the_tally(claims_world):
    w = claims_world
    _sicandapol, wa_bang = add(w, "1; SICANDAPOL\n4; WA BANG")
    with w.during("verifikasi_lapangan"):
        client = client_as(w.juror.user)
        before = client.get(onsite_url(w.junrejo)).content.decode()
        marked = client.post(
            reverse(
                "claims:check", kwargs={"participant_id": w.junrejo.pk, "claim_id": wa_bang.pk}
            ),
            {"found": "1", "note": "Posko ada di balai desa", "version": "0"},
        )
        after = client.get(onsite_url(w.junrejo)).content.decode()
        stale = client.post(
            reverse(
                "claims:check", kwargs={"participant_id": w.junrejo.pk, "claim_id": wa_bang.pk}
            ),
            {"found": "0", "version": "0"},
        )

    assert f'data-testid="found-{wa_bang.pk}"' in before
    assert 'data-testid="confirm-LAP1"' not in before  # no typed score for LAP1
    assert marked.status_code == 302 and marked["Location"].endswith("#claims-LAP1")
    assert "Ditemukan 1 dari 2 klaim; 1 sudah diperiksa." in after
    assert "Posko ada di balai desa" in after
    assert stale.status_code == 409
    assert ClaimCheck.objects.get().found is True
    review = Review.objects.get(evaluator=w.juror, indicator_ref="LAP1")
    assert review.value == {"target": "2", "actual": "1"}


def test_a_juror_marks_every_unchecked_claim_found_with_one_button(claims_world):
    w = claims_world
    sicandapol, wa_bang, tangguh = add(w, "1; SICANDAPOL\n4; WA BANG\n7; Desa Tangguh")
    url = reverse("claims:remaining_found", kwargs={"participant_id": w.junrejo.pk})
    with w.during("verifikasi_lapangan"):
        client = client_as(w.juror.user)
        client.post(
            reverse(
                "claims:check", kwargs={"participant_id": w.junrejo.pk, "claim_id": wa_bang.pk}
            ),
            {"found": "0", "version": "0"},
        )
        before = client.get(onsite_url(w.junrejo)).content.decode()
        marked = client.post(url, {"indicator": "LAP1"}, follow=True)
        unknown = client.post(url, {"indicator": "ADM1"})
        stranger = client_as(w.outsider.user).post(url, {"indicator": "LAP1"})

    assert 'data-testid="remaining-found"' in before
    assert "Tandai 2 klaim yang belum diperiksa ditemukan" in before
    assert marked.status_code == 200
    page = marked.content.decode()
    assert "2 klaim ditandai ditemukan." in page
    assert "Ditemukan 2 dari 3 klaim; 3 sudah diperiksa." in page
    assert 'data-testid="remaining-found"' not in page
    assert (unknown.status_code, stranger.status_code) == (404, 404)
    assert set(ClaimCheck.objects.values_list("claim_id", "found")) == {
        (sicandapol.pk, True),
        (wa_bang.pk, False),
        (tangguh.pk, True),
    }


def test_a_refused_check_is_shown_on_the_onsite_page(claims_world):
    w = claims_world
    (wa_bang,) = add(w, "4; WA BANG")

    with w.during("pengisian"):  # no stage lets evaluators score yet
        refused = client_as(w.juror.user).post(
            reverse(
                "claims:check", kwargs={"participant_id": w.junrejo.pk, "claim_id": wa_bang.pk}
            ),
            {"found": "1", "version": "0"},
        )
    with w.during("verifikasi_lapangan"):
        nonsense = client_as(w.juror.user).post(
            reverse(
                "claims:check", kwargs={"participant_id": w.junrejo.pk, "claim_id": wa_bang.pk}
            ),
            {"found": "maybe", "version": "x"},
        )

    assert refused.status_code == 400
    assert 'role="alert"' in refused.content.decode()
    assert not ClaimCheck.objects.exists()
    assert nonsense.status_code == 400
    assert "Pilih ditemukan atau tidak ditemukan." in nonsense.content.decode()


def test_only_assigned_jurors_check_claims(claims_world):
    w = claims_world
    (wa_bang,) = add(w, "4; WA BANG")
    url = reverse("claims:check", kwargs={"participant_id": w.junrejo.pk, "claim_id": wa_bang.pk})

    with w.during("verifikasi_lapangan"):
        codes = [
            client_as(user).post(url, {"found": "1", "version": "0"}).status_code
            for user in (w.outsider.user, w.operator, w.organiser, None)
        ]

    assert codes[:3] == [404, 404, 404]
    assert codes[3] == 302 and not ClaimCheck.objects.exists()


def test_with_nothing_claimed_the_juror_records_zero(claims_world):
    w = claims_world
    w.visit.participant = w.batu
    w.visit.save()

    with w.during("verifikasi_lapangan"):
        page = client_as(w.juror.user).get(onsite_url(w.batu)).content.decode()
        recorded = client_as(w.juror.user).post(
            reverse("claims:nothing_claimed", kwargs={"participant_id": w.batu.pk}),
            {"indicator": "LAP1"},
        )

    assert 'data-testid="nothing-claimed"' in page
    assert recorded.status_code == 302
    assert Review.objects.get(participant=w.batu, indicator_ref="LAP1").value == {
        "target": "1",
        "actual": "0",
    }


def test_the_review_card_shows_the_claims_score_read_only(claims_world):
    w = claims_world
    (wa_bang,) = add(w, "4; WA BANG")
    with w.during("verifikasi_lapangan"):
        services.check_claim(
            wa_bang, evaluator=w.juror, found=True, note="", expected_version=0, by=w.juror.user
        )
        page = (
            client_as(w.juror.user)
            .get(
                reverse("reviews:participant", kwargs={"participant_id": w.junrejo.pk}),
                {"aspek": "semua"},
            )
            .content.decode()
        )

    assert 'data-testid="claims-score-LAP1"' in page
    assert 'data-testid="review-LAP1"' not in page
    assert 'data-testid="review-LAP2"' in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_read_the_same_number_of_queries_for_3_or_40_claims(claims_world):
    w = claims_world
    (first, *_rest) = add(w, many_claims(3))
    with w.during("verifikasi_lapangan"):
        services.check_claim(
            first, evaluator=w.juror, found=True, note="", expected_version=0, by=w.juror.user
        )
        few = (
            _queries(client_as(w.organiser), list_url(w.junrejo)),
            _queries(client_as(w.juror.user), onsite_url(w.junrejo)),
        )
    add(w, many_claims(40).replace("Inovasi", "Lain"))
    with w.during("verifikasi_lapangan"):
        many = (
            _queries(client_as(w.organiser), list_url(w.junrejo)),
            _queries(client_as(w.juror.user), onsite_url(w.junrejo)),
        )

    assert few == many


@FUZZ
@given(data=st.data())
def test_the_claims_forms_never_answer_500(claims_world, data):
    w = claims_world
    (wa_bang,) = add(w, "4; WA BANG") if not Claim.objects.exists() else Claim.objects.all()[:1]
    stage = data.draw(st.sampled_from(["pengisian", "verifikasi_lapangan"]))
    user = data.draw(st.sampled_from([w.operator, w.juror.user, w.organiser]))
    claim_id = data.draw(st.one_of(st.just(wa_bang.pk), st.integers(0, 2**40)))
    url, fields = data.draw(
        st.sampled_from(
            [
                (
                    reverse("claims:add", kwargs={"participant_id": w.junrejo.pk}),
                    ("indicator", "lines"),
                ),
                (
                    reverse(
                        "claims:check",
                        kwargs={"participant_id": w.junrejo.pk, "claim_id": claim_id},
                    ),
                    ("found", "note", "version"),
                ),
                (
                    reverse(
                        "claims:remove",
                        kwargs={"participant_id": w.junrejo.pk, "claim_id": claim_id},
                    ),
                    (),
                ),
                (
                    reverse("claims:nothing_claimed", kwargs={"participant_id": w.junrejo.pk}),
                    ("indicator",),
                ),
                (
                    reverse("claims:remaining_found", kwargs={"participant_id": w.junrejo.pk}),
                    ("indicator",),
                ),
            ]
        )
    )
    posted = {name: data.draw(VALUES) for name in fields}

    with w.during(stage):
        response = client_as(user).post(url, posted)

    assert response.status_code in (200, 302, 400, 404, 409)
