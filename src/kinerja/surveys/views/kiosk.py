"""Kiosk mode: the unit's staff turn this browser (a tablet at the counter) into a kiosk for one
survey. They are signed out first, so the tablet opens nothing but the form; its answers carry
no device key, and each thank-you page returns to an empty form by itself."""

from __future__ import annotations

from django.contrib.auth import logout
from django.shortcuts import redirect
from django.views import View

from kinerja.surveys.views.manage import SurveyChangeMixin
from kinerja.surveys.views.public import set_kiosk


class KioskView(SurveyChangeMixin, View):
    def post(self, request, survey_id: int):
        survey = self.survey
        logout(request)
        response = redirect("survey_public:form", token=survey.token)
        set_kiosk(response, survey, secure=request.is_secure())
        return response
