"""The claims pages: the unit's list (``lists``) and the checks on the field visit (``onsite``)."""

from kinerja.claims.views.lists import ClaimAddView, ClaimRemoveView, ClaimsView
from kinerja.claims.views.onsite import ClaimCheckView, ClaimsRemainingFoundView, NothingClaimedView

__all__ = [
    "ClaimAddView",
    "ClaimCheckView",
    "ClaimRemoveView",
    "ClaimsRemainingFoundView",
    "ClaimsView",
    "NothingClaimedView",
]
