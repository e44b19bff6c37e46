"""The scoring engine: answers in, exact totals, grades and an explanation out.

``scorer`` holds the entry points (``score``, ``score_many``), ``inputs`` checks the answers,
``general`` is the exact path every result can take and ``types`` the leaf all of them share
(results, node scores, inputs); ``plans`` what one instrument
needs, computed once; ``fastpath``/``fastnodes`` the integer shortcut of the bulk recompute;
``aggregate``, ``rounding``, ``ranking``, ``agreement`` and ``explain`` the pieces around them.
"""

from __future__ import annotations

from .scorer import score, score_answers, score_many
from .types import NodeScore, ParticipantInput, Raw, Result, Tally

__all__ = [
    "NodeScore",
    "ParticipantInput",
    "Raw",
    "Result",
    "Tally",
    "score",
    "score_answers",
    "score_many",
]
