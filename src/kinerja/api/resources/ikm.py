"""Published IKM per unit and period (as the public IKM pages)."""

from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import CursorPagination, paginate

from kinerja.api.schemas import ERRORS, Id, IkmDetailOut, IkmOut, Year
from kinerja.surveys.ikm import ikm_many, ikm_of
from kinerja.surveys.models import Survey
from kinerja.surveys.queries import published_surveys

router = Router(tags=["ikm"])


def _out(survey, ikm) -> dict:
    return {
        "id": survey.pk,
        "unit": survey.unit.name,
        "region": survey.unit.region.name,
        "year": survey.year,
        "period": survey.period,
        "respondents": ikm.responses,
        "ikm": ikm.display,
        "band": ikm.band.code if ikm.band else "",
        "published_at": survey.published_at,
    }


class IkmCursor(CursorPagination):
    """Cursor pages of surveys, each page's IKM read from its tallies in one query."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        page = super().paginate_queryset(queryset, pagination, request, **params)
        surveys = list(page[self.items_attribute])
        ikms = ikm_many(surveys)
        page[self.items_attribute] = [_out(s, ikms[s.pk]) for s in surveys]
        return page


@router.get("/ikm", response={200: list[IkmOut], **ERRORS}, url_name="ikm_list")
@paginate(IkmCursor, ordering=("-id",), page_size=50)
def list_ikm(request, year: Year = None, q: str = ""):
    return published_surveys(q=q, year=year)


@router.get("/ikm/{survey_id}", response={200: IkmDetailOut, **ERRORS}, url_name="ikm")
def get_ikm(request, survey_id: Id):
    survey = get_object_or_404(
        Survey.objects.select_related("unit__region", "instrument_version__instrument"),
        pk=survey_id,
        published_at__isnull=False,
    )
    ikm = ikm_of(survey)
    return {
        **_out(survey, ikm),
        "elements": [
            {"ref": e.ref, "name": e.name, "respondents": e.respondents, "nrr": e.nrr_display}
            for e in ikm.elements
        ],
        "follow_up": survey.follow_up,
    }
