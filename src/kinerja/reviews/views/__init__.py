"""Verification and scoring (F02) pages, one module per page: the evaluator's worklist
(``worklist``), the review page with its save and submission (``review``) and the plenary
(``plenary``)."""

from kinerja.reviews.views.plenary import (
    ClearConsensusView,
    ClosePlenaryView,
    PlenaryView,
    ReopenPlenaryView,
    SetConsensusView,
)
from kinerja.reviews.views.review import ReviewView, SaveReviewView, SubmitView
from kinerja.reviews.views.worklist import WorklistView

__all__ = [
    "ClearConsensusView",
    "ClosePlenaryView",
    "PlenaryView",
    "ReopenPlenaryView",
    "ReviewView",
    "SaveReviewView",
    "SetConsensusView",
    "SubmitView",
    "WorklistView",
]
