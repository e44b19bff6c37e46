"""A kiosk's answers through the API: a read-write token of someone who may run the survey's
kiosk (its unit's head or an organiser of its government) posts one respondent's answers; the
same checks as the form (open survey, answers 1–4, at least one), counted at once."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Status
from pydantic import ValidationError as PydanticValidationError

from kinerja.api.auth import require_write
from kinerja.api.problems import problem
from kinerja.api.schemas import ERRORS, Id, Problem, SurveyAnswerIn, SurveyAnswerOut
from kinerja.surveys import services
from kinerja.surveys.enums import Channel
from kinerja.surveys.models import Survey

router = Router(tags=["surveys"])

PROFILE = ("age", "sex", "education", "occupation", "service", "visited_on", "suggestion")


@router.post(
    "/surveys/{survey_id}/responses",
    response={201: SurveyAnswerOut, 403: Problem, 409: Problem, **ERRORS},
    url_name="survey_responses",
    # The body is read after the rights are checked (404 before anything about the body).
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": SurveyAnswerIn.model_json_schema()}},
        }
    },
)
def post_response(request, survey_id: Id):
    survey = get_object_or_404(Survey.objects.select_related("unit"), pk=survey_id)
    if not request.auth.has_perm("surveys.change_survey", survey):
        raise Http404
    require_write(request)
    try:
        data = SurveyAnswerIn.model_validate_json(request.body).model_dump()
    except PydanticValidationError as invalid:
        errors = [{"loc": list(e["loc"]), "msg": e["msg"]} for e in invalid.errors()]
        return problem(422, "Unprocessable Content", "The body does not fit.", errors=errors)
    try:
        response = services.submit_response(
            survey,
            answers={int(k): v for k, v in data["answers"].items()},
            channel=Channel.KIOSK,
            batch="API",
            **{name: data[name] for name in PROFILE},
        )
    except ValidationError as refusal:
        return problem(409, "Conflict", " ".join(refusal.messages))
    survey.refresh_from_db(fields=["respondents"])
    return Status(
        201, {"id": response.pk, "survey_id": survey.pk, "respondents": survey.respondents}
    )
