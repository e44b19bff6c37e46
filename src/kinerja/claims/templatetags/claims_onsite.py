"""The claims section inside the on-site checklist card of a claims indicator."""

from django import template

from kinerja.claims.queries import claims_board

register = template.Library()


@register.inclusion_tag("claims/_onsite.html")
def claims_onsite(item, participant, seat, can_score):
    """``item`` is the checklist item of the claims indicator (its refusal shown, if any)."""
    return {
        "board": claims_board(participant, item.indicator, seat=seat),
        "item": item,
        "participant": participant,
        "seat": seat,
        "can_score": can_score,
    }
