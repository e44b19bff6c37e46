"""Which indicators the evaluators score (the review scope), read from the instrument alone."""

from __future__ import annotations

from kinerja.scoring import load_library
from kinerja.scoring.model.scope import review_scope


def test_review_scope_covers_evaluator_and_jury_components_not_surveys():
    pekppp = review_scope(load_library("pekppp"))
    skm = review_scope(load_library("skm"))
    jatim = review_scope(load_library("skk-jatim"))

    assert [c.code for c in pekppp.components] == ["f02"]
    assert skm.components == ()
    assert [c.code for c in jatim.components] == ["administrasi", "paparan", "lapangan"]
    first = jatim.aspects[0].indicators[0].ref
    assert jatim.default_round(first) == "tahap-1"
