"""The scoring engine: answers in, exact totals, grades and an explanation out.

``scorer`` holds the entry points (``score``, ``score_many``); ``plans`` what one instrument
needs, computed once; ``fastpath``/``fastnodes`` the integer shortcut of the bulk recompute;
``aggregate``, ``rounding``, ``ranking``, ``agreement`` and ``explain`` the pieces around them.
"""

from __future__ import annotations

from .scorer import NodeScore, ParticipantInput, Raw, Result, score, score_answers, score_many

__all__ = [
    "NodeScore",
    "ParticipantInput",
    "Raw",
    "Result",
    "score",
    "score_answers",
    "score_many",
]
