"""Which indicators evaluators score (F02), read from the instrument definition alone.

Evaluators score the indicators of the components whose ``source`` is ``evaluator`` or ``jury``
(the default source is ``evaluator``, so most instruments say so without writing it). An
instrument with none of those (only ``self`` and ``survey`` components) is verified on its
``self`` components: the evaluator scores what the unit answered. Survey components are never
scored by evaluators; their answers come from respondents.

Rounds: a review belongs to a round when the instrument has rounds. An indicator is scored in
the rounds that list its component; the page uses the first of them (``default_round``), the
service accepts any of them. Without rounds the round is "".
"""

from __future__ import annotations

from dataclasses import dataclass

from kinerja.reviews.enums import REVIEWED_SOURCES
from kinerja.scoring.schema import Aspect, Component, Indicator, Instrument


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
        for aspect in self.aspects:
            for indicator in aspect.indicators:
                if indicator.ref == ref:
                    return indicator
        return None

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


_CACHE: dict[int, ReviewScope] = {}
_CACHE_SIZE = 64


def review_scope(instrument: Instrument) -> ReviewScope:
    """The review scope of ``instrument`` (cached per definition object, which is immutable)."""
    cached = _CACHE.get(id(instrument))
    if cached is not None and cached.instrument is instrument:
        return cached
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
    scope = ReviewScope(
        instrument=instrument, components=components, aspects=aspects, dom_ids=dom_ids
    )
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(instrument)] = scope
    return scope
