"""The surveys' long work as jobs (named in ``settings.KINERJA_JOBS``): recounting a survey's
tallies, and so its IKM, from every counted answer (after a repair, or to check the running
tallies of a survey of a million answers)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kinerja.surveys import tally
from kinerja.surveys.models import Survey


def recount(job, progress) -> None:
    """The job's survey recounted in one transaction (``tally.rebuild``)."""
    survey = Survey.objects.get(pk=job.params["survey"])
    progress.step(0, 1, _("Recounting the answers of %(survey)s…") % {"survey": survey})
    with transaction.atomic():
        tally.rebuild([survey.pk])
    survey.refresh_from_db(fields=["respondents"])
    progress.step(
        1,
        1,
        _("Recounted: %(count)s respondents.") % {"count": survey.respondents},
    )
    progress.result(reverse("surveys:detail", kwargs={"survey_id": survey.pk}))
