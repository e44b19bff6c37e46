"""Which part of an instrument the unit fills in (F01) and which the evaluators score (F02), read
from the definition alone. Both belong to the instrument model (they read nothing but the
instrument), so the assessments (F01, clarifications on either form) and the reviews (F02) share
them from here.

**F01.** The F01 is what the unit fills in itself. An instrument says so with components whose
``source`` is ``self``; most shipped instruments (EKK, PEKPPP, SAKIP) have none and let the unit
fill in the first component, the one the evaluators later verify (EKK "Data Dukung", PEKPPP F02).
So: the components with ``source: self``, or else the first component. Every indicator of those
components is shown. Progress counts the *scored* ones (not text answers, which weigh 0 and are
only recorded); required evidence slots of every shown indicator count as documents that must be
there.

**F02.** Evaluators score the indicators of the components whose ``source`` is ``evaluator`` or
``jury`` (the default source is ``evaluator``, so most instruments say so without writing it). An
instrument with none of those (only ``self`` and ``survey`` components) is verified on its
``self`` components: the evaluator scores what the unit answered. Survey components are never
scored by evaluators; their answers come from respondents.

Rounds: a review belongs to a round when the instrument has rounds. An indicator is scored in
the rounds that list its component; the page uses the first of them (``default_round``), the
service accepts any of them. Without rounds the round is "".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from .schema import Aspect, Component, EvidenceSlot, Indicator, Instrument

# Components an evaluator scores, by their ``source`` in the instrument.
REVIEWED_SOURCES = frozenset({"evaluator", "jury"})


def _find(indicators: Iterable[Indicator], ref: str) -> Indicator | None:
    return next((i for i in indicators if i.ref == ref), None)


# --- F01 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AspectScope:
    """A top-level aspect of the F01 with its indicators (depth-first, in file order)."""

    aspect: Aspect
    dom_id: str
    indicators: tuple[Indicator, ...]

    @property
    def ref(self) -> str:
        return self.aspect.ref

    @property
    def counted_refs(self) -> tuple[str, ...]:
        return tuple(i.ref for i in self.indicators if i.scored)

    @property
    def required_slots(self) -> tuple[tuple[str, str], ...]:
        return tuple(
            (i.ref, slot.code) for i in self.indicators for slot in i.evidence if slot.required
        )


@dataclass(frozen=True)
class F01Scope:
    """The F01 part of an instrument: its components and top-level aspects."""

    instrument: Instrument
    components: tuple[str, ...]
    aspects: tuple[AspectScope, ...]
    dom_ids: dict[str, str] = field(default_factory=dict)

    def indicator(self, ref: str) -> Indicator | None:
        """The F01 indicator with ``ref``, or None when it is not part of the F01."""
        return _find((i for a in self.aspects for i in a.indicators), ref)

    def slot(self, ref: str, code: str) -> EvidenceSlot | None:
        indicator = self.indicator(ref)
        if indicator is None:
            return None
        return next((s for s in indicator.evidence if s.code == code), None)

    @property
    def counted_refs(self) -> tuple[str, ...]:
        return tuple(ref for a in self.aspects for ref in a.counted_refs)

    @property
    def required_slots(self) -> tuple[tuple[str, str], ...]:
        return tuple(pair for a in self.aspects for pair in a.required_slots)

    def aspect_of(self) -> dict[str, str]:
        """Indicator ref → its top-level aspect ref."""
        return {i.ref: a.ref for a in self.aspects for i in a.indicators}


def f01_components(instrument: Instrument) -> tuple[str, ...]:
    own = tuple(c.code for c in instrument.components if c.source == "self")
    return own or (instrument.components[0].code,)


def _build_f01_scope(instrument: Instrument) -> F01Scope:
    dom_ids = {node.ref: f"n{index}" for index, node in enumerate(instrument.iter_nodes())}
    components = f01_components(instrument)
    aspects = tuple(
        AspectScope(aspect=a, dom_id=dom_ids[a.ref], indicators=tuple(a.iter_indicators()))
        for code in components
        for a in instrument.top_aspects(code)
    )
    return F01Scope(instrument=instrument, components=components, aspects=aspects, dom_ids=dom_ids)


# --- F02 ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewAspect:
    aspect: Aspect
    component: Component
    dom_id: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class ReviewScope:
    instrument: Instrument
    components: tuple[Component, ...]
    aspects: tuple[ReviewAspect, ...]
    dom_ids: dict[str, str]

    def indicator(self, ref: str) -> Indicator | None:
        return _find(self.indicators, ref)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        return tuple(i for a in self.aspects for i in a.indicators)

    @property
    def counted_refs(self) -> tuple[str, ...]:
        """Scored indicators (text answers are recorded, never counted)."""
        return tuple(i.ref for i in self.indicators if i.scored)

    def component_of(self, ref: str) -> str:
        return self.instrument.component_of(ref)

    def rounds_of(self, ref: str) -> tuple[str, ...]:
        """The rounds an indicator is scored in: () when the instrument has no rounds."""
        component = self.component_of(ref)
        return tuple(r.code for r in self.instrument.rounds if component in r.components)

    def default_round(self, ref: str) -> str:
        rounds = self.rounds_of(ref)
        return rounds[0] if rounds else ""

    def next_ref(self, ref: str) -> str | None:
        refs = [i.ref for i in self.indicators]
        try:
            index = refs.index(ref)
        except ValueError:
            return None
        return refs[index + 1] if index + 1 < len(refs) else None


def reviewed_components(instrument: Instrument) -> tuple[Component, ...]:
    scored = tuple(c for c in instrument.components if c.source in REVIEWED_SOURCES)
    return scored or tuple(c for c in instrument.components if c.source == "self")


def _build_review_scope(instrument: Instrument) -> ReviewScope:
    dom_ids = {node.ref: f"r{index}" for index, node in enumerate(instrument.iter_nodes())}
    components = reviewed_components(instrument)
    aspects = tuple(
        ReviewAspect(
            aspect=aspect,
            component=component,
            dom_id=dom_ids[aspect.ref],
            indicators=tuple(aspect.iter_indicators()),
        )
        for component in components
        for aspect in instrument.top_aspects(component.code)
    )
    return ReviewScope(
        instrument=instrument, components=components, aspects=aspects, dom_ids=dom_ids
    )


# --- the caches ---------------------------------------------------------------------------------


class _OfInstrument(Protocol):
    instrument: Instrument


S = TypeVar("S", bound=_OfInstrument)

# Keyed by the definition object (parsed once per version and kept by the instruments app); an
# entry holds the object, so its id cannot be reused while cached. Bounded like that cache.
_CACHE_SIZE = 64
_F01_CACHE: dict[int, F01Scope] = {}
_REVIEW_CACHE: dict[int, ReviewScope] = {}


def _cached(cache: dict[int, S], instrument: Instrument, build: Callable[[Instrument], S]) -> S:
    cached = cache.get(id(instrument))
    if cached is not None and cached.instrument is instrument:
        return cached
    scope = build(instrument)
    if len(cache) >= _CACHE_SIZE:
        cache.pop(next(iter(cache)))
    cache[id(instrument)] = scope
    return scope


def f01_scope(instrument: Instrument) -> F01Scope:
    """The F01 scope of ``instrument`` (cached per definition object, which is immutable)."""
    return _cached(_F01_CACHE, instrument, _build_f01_scope)


def review_scope(instrument: Instrument) -> ReviewScope:
    """The review scope of ``instrument`` (cached per definition object, which is immutable)."""
    return _cached(_REVIEW_CACHE, instrument, _build_review_scope)
