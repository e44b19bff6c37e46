"""Assessment pages, one module per page group: the F01 form with submission and reopening
(``f01``), evidence uploads and files (``evidence``), the organiser's monitoring
(``monitoring``) and clarifications on both sides (``clarifications``)."""

from kinerja.assessments.views.clarifications import (
    AnswerView,
    ClarificationUploadView,
    ClarificationView,
    MessageView,
    RaiseClarificationView,
    ResolveView,
    UnitClarificationsView,
)
from kinerja.assessments.views.evidence import (
    EvidenceDownloadView,
    EvidencePreviewView,
    ReuseView,
    UploadView,
    WithdrawView,
)
from kinerja.assessments.views.f01 import F01View, ReopenView, SaveAnswerView, SubmitView
from kinerja.assessments.views.monitoring import MonitoringView, MonitoringXlsxView

__all__ = [
    "AnswerView",
    "ClarificationUploadView",
    "ClarificationView",
    "EvidenceDownloadView",
    "EvidencePreviewView",
    "F01View",
    "MessageView",
    "MonitoringView",
    "MonitoringXlsxView",
    "RaiseClarificationView",
    "ReopenView",
    "ResolveView",
    "ReuseView",
    "SaveAnswerView",
    "SubmitView",
    "UnitClarificationsView",
    "UploadView",
    "WithdrawView",
]
