"""The field-visit timetable (jadwal verifikasi lapangan / tinjau lapang): who visits whom, when.

Pure Python, no Django import: the services layer turns the assignment rows into :class:`Visit`
objects, calls :func:`generate_timetable`, saves what comes back, and prints the itineraries
(:meth:`Timetable.by_evaluator`, :meth:`Timetable.by_participant`). A hand edit is checked with
:func:`clashes` before it is saved.

Rules
-----
Every participant gets one visit, attended by all the evaluators assigned to it, in one slot: a
day and a session (``pagi`` 09.00 or ``siang`` 13.00 by default). No evaluator is in two visits
of the same slot; no visit is put in a slot where one of its evaluators is unavailable; a fixed
(pre-agreed) visit stays where it was agreed, even outside the calendar; with
``max_visits_per_slot`` (the vehicles, say) a slot holds at most that many visits. A visit that
cannot be placed is reported with a reason code instead: nothing is ever double-booked.

How the timetable is made
-------------------------
Visits sharing an evaluator conflict; a timetable is a colouring of this conflict graph with the
slots as colours, each visit limited to the slots its whole team is available in.

1. Fixed visits are placed first, in input order; one that would clash with an earlier fixed
   visit (or overfill its slot, or meet an unavailable evaluator) is reported, not moved.
2. DSatur greedy: the visit with the fewest free slots left goes next (ties: more conflicts
   first, then a seeded shuffle); it takes the free slot on the least busy day, then the least
   busy slot, then the earliest.
3. Repair (PartialCol, a tabu search: Blöchliger & Zufferey 2008), when the greedy left
   visits out: the timetable stays legal throughout; each step puts one unplaced visit in the
   slot where it evicts the fewest visits (those sharing an evaluator, and the least connected
   others if the slot is full); the evicted ones become unplaced and may not go back to that
   slot for a few steps. Bounded by ``TABU_WORK`` moves looked at and a patience, and stopped
   as soon as it meets a lower bound (more visits than room in the slots they may use, or an
   evaluator with more visits than slots they can attend); the best state found is kept. It
   subsumes Kempe-chain swaps and short ejection chains, which it performs one move at a time.
4. Bounded backtracking, when visits are still left and the part of the instance holding them
   is small (their connected components of the conflict graph, or every movable visit when
   slots have a capacity; at most ``EXACT_SEARCH_LIMIT`` visits): an exhaustive DSatur search
   re-colours that part within ``EXACT_SEARCH_BUDGET`` nodes, and its result is kept only if
   it places every visit. On tiny instances it is complete: a visit is left out only when no
   timetable places them all.
5. Balance: visits move to free slots while that lowers the potential (sum of squared day loads,
   then sum of squared slot loads, then the sum of slot positions), so days are as even as the
   conflicts allow and, when balanced, earlier days and morning sessions fill first.

The number of slots needed may exceed the largest evaluator load: three visits pairwise
sharing an evaluator (A and B share e1, B and C share e2, A and C share e3) load each evaluator
twice and still need three slots.

Determinism: the same inputs (in the same order) and the same seed give the same timetable,
whatever the hash seed of the process; the seed only breaks ties between equally constrained
visits.

Modules: ``model`` (slots, visits, the reason codes), ``report`` (the :class:`Timetable` result
and :func:`clashes`), ``board`` (the working timetable and steps 1 to 5), ``solver``
(:func:`generate_timetable`). The names below are the public interface; callers import this
package, never a module's inner workings.
"""

from kinerja.visits.timetable.board import EXACT_SEARCH_LIMIT
from kinerja.visits.timetable.model import (
    DEFAULT_START_TIMES,
    DOUBLE_BOOKED,
    FIXED_CLASH,
    FIXED_FULL,
    FIXED_UNAVAILABLE,
    NO_FREE_SLOT,
    NOT_SCHEDULED,
    PLACED_AND_UNPLACED,
    SESSIONS,
    UNAVAILABLE,
    UNAVAILABLE_SLOT,
    UNKNOWN_PARTICIPANT,
    Clash,
    Slot,
    Visit,
)
from kinerja.visits.timetable.report import Timetable, clashes
from kinerja.visits.timetable.solver import generate_timetable

__all__ = [
    "DEFAULT_START_TIMES",
    "DOUBLE_BOOKED",
    "EXACT_SEARCH_LIMIT",
    "FIXED_CLASH",
    "FIXED_FULL",
    "FIXED_UNAVAILABLE",
    "NOT_SCHEDULED",
    "NO_FREE_SLOT",
    "PLACED_AND_UNPLACED",
    "SESSIONS",
    "UNAVAILABLE",
    "UNAVAILABLE_SLOT",
    "UNKNOWN_PARTICIPANT",
    "Clash",
    "Slot",
    "Timetable",
    "Visit",
    "clashes",
    "generate_timetable",
]
