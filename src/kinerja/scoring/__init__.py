"""Pure scoring core of Kinerja: instruments as data, exact scores, grades and rankings.

This package never imports Django; the web app, the bulk recompute, the ``kinerja score``
command and the tests all call the same functions.
"""

from __future__ import annotations

from .engine import NodeScore, ParticipantInput, Raw, Result, score, score_answers, score_many
from .errors import (
    AnswerError,
    InstrumentError,
    InstrumentNotFoundError,
    LocatedError,
    ScoreInputError,
)
from .loader import (
    dump_instrument_yaml,
    library_dir,
    library_instruments,
    load_instrument_file,
    load_instrument_text,
    load_library,
    validate_instrument_data,
)
from .numbers import present
from .rounding import grade_for
from .schema import (
    Aggregation,
    Aspect,
    Award,
    Band,
    Component,
    EvidenceSlot,
    Indicator,
    Instrument,
    Ranking,
    Round,
    Scale,
    Stage,
    TieBreaker,
)

__all__ = [
    "Aggregation",
    "AnswerError",
    "Aspect",
    "Award",
    "Band",
    "Component",
    "EvidenceSlot",
    "Indicator",
    "Instrument",
    "InstrumentError",
    "InstrumentNotFoundError",
    "LocatedError",
    "NodeScore",
    "ParticipantInput",
    "Ranking",
    "Raw",
    "Result",
    "Round",
    "Scale",
    "ScoreInputError",
    "Stage",
    "TieBreaker",
    "dump_instrument_yaml",
    "grade_for",
    "library_dir",
    "library_instruments",
    "load_instrument_file",
    "load_instrument_text",
    "load_library",
    "present",
    "score",
    "score_answers",
    "score_many",
    "validate_instrument_data",
]
