"""Results pages: the team's ranking and rekap, the organiser's determination, the public
announcement with its report cards and documents."""

from kinerja.results.views.announcement import (
    AnnouncementView,
    ReportCardPdfView,
    ReportCardView,
)
from kinerja.results.views.awards import AwardSchemeView
from kinerja.results.views.determination import DeterminationView
from kinerja.results.views.documents import (
    CertificateBundlePdfView,
    CertificatePdfView,
    RankingPdfView,
    ReportCardBundlePdfView,
)
from kinerja.results.views.fairness import FairnessView
from kinerja.results.views.history import UnitHistoryView
from kinerja.results.views.ranking import RankingView
from kinerja.results.views.rekap import AnnouncementRekapView, RekapFileView, RekapView
from kinerja.results.views.rounds import RoundsView

__all__ = [
    "AnnouncementRekapView",
    "AnnouncementView",
    "AwardSchemeView",
    "CertificateBundlePdfView",
    "CertificatePdfView",
    "DeterminationView",
    "FairnessView",
    "RankingPdfView",
    "RankingView",
    "RekapFileView",
    "RekapView",
    "ReportCardBundlePdfView",
    "ReportCardPdfView",
    "ReportCardView",
    "RoundsView",
    "UnitHistoryView",
]
