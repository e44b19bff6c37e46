"""Pure scoring core of Kinerja: instruments as data, exact scores, grades and rankings.

This package never imports Django; the web app, the bulk recompute, the ``kinerja score``
command and the tests all call the same functions.
"""

from __future__ import annotations

from .engine import NodeScore, ParticipantInput, Raw, Result, score, score_answers, score_many
from .engine.rounding import grade_for
from .formats.library import library_dir, library_instruments, load_library
from .formats.yaml_file import (
    dump_instrument_yaml,
    load_instrument_file,
    load_instrument_text,
    validate_instrument_data,
)
from .model.errors import (
    AnswerError,
    InstrumentError,
    InstrumentNotFoundError,
    LocatedError,
    ScoreInputError,
)
from .model.numbers import present
from .model.schema import (
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
