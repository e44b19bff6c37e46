"""Which part of an instrument a self-assessment (F01) covers, read from the definition alone.

The F01 is what the unit fills in itself. An instrument says so with components whose
``source`` is ``self``; most shipped instruments (EKK, PEKPPP, SAKIP) have none and let the unit
fill in the first component, the one the evaluators later verify (EKK "Data Dukung", PEKPPP F02).
So: the components with ``source: self``, or else the first component.

Every indicator of those components is shown. Progress counts the *scored* ones (not text
answers, which weigh 0 and are only recorded); required evidence slots of every shown indicator
count as documents that must be there.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kinerja.scoring.schema import Aspect, EvidenceSlot, Indicator, Instrument


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
        for scope in self.aspects:
            for indicator in scope.indicators:
                if indicator.ref == ref:
                    return indicator
        return None

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


# Keyed by the definition object (parsed once per version and kept by the instruments app); the
# entry holds the object, so its id cannot be reused while cached. Bounded like that cache.
_CACHE: dict[int, F01Scope] = {}
_CACHE_SIZE = 64


def f01_scope(instrument: Instrument) -> F01Scope:
    """The F01 scope of ``instrument`` (cached per definition object, which is immutable)."""
    cached = _CACHE.get(id(instrument))
    if cached is not None and cached.instrument is instrument:
        return cached
    dom_ids = {node.ref: f"n{index}" for index, node in enumerate(instrument.iter_nodes())}
    components = f01_components(instrument)
    aspects = tuple(
        AspectScope(aspect=a, dom_id=dom_ids[a.ref], indicators=tuple(a.iter_indicators()))
        for code in components
        for a in instrument.top_aspects(code)
    )
    scope = F01Scope(instrument=instrument, components=components, aspects=aspects, dom_ids=dom_ids)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[id(instrument)] = scope
    return scope
