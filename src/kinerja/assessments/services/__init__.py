"""Every change to a self-assessment (F01), its evidence and the clarifications on it.

One module per noun: ``f01`` (answers, submission, reopening), ``evidence`` (uploads, reuse,
withdrawal), ``clarifications`` (questions, threads, resolution). New code imports from those;
the names below are re-exported for the callers that use the package as a namespace
(``services.save_answer(...)``).
"""

from kinerja.assessments.services.clarifications import (
    MAX_MESSAGE,
    add_message,
    answer_clarification,
    raise_clarification,
    resolve_clarification,
)
from kinerja.assessments.services.evidence import (
    MAX_TITLE,
    reuse_evidence,
    upload_evidence,
    withdraw_evidence,
)
from kinerja.assessments.services.f01 import (
    AnswerConflict,
    answer_text,
    clean_value,
    reopen_self_assessment,
    save_answer,
    submit_self_assessment,
)

__all__ = [
    "MAX_MESSAGE",
    "MAX_TITLE",
    "AnswerConflict",
    "add_message",
    "answer_clarification",
    "answer_text",
    "clean_value",
    "raise_clarification",
    "reopen_self_assessment",
    "resolve_clarification",
    "reuse_evidence",
    "save_answer",
    "submit_self_assessment",
    "upload_evidence",
    "withdraw_evidence",
]
