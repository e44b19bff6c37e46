"""Results pages: the team's ranking and rekap, the organiser's determination, the public
announcement with its report cards and documents."""

from kinerja.results.views.announcement import (
    AnnouncementView,
    ReportCardPdfView,
    ReportCardView,
)
from kinerja.results.views.determination import DeterminationView
from kinerja.results.views.ranking import RankingView, RekapView

__all__ = [
    "AnnouncementView",
    "DeterminationView",
    "RankingView",
    "RekapView",
    "ReportCardPdfView",
    "ReportCardView",
]
