"""The respondent's pages, without an account: the form behind the poster's link, the thank-you
page, and a unit's published IKM.

The form is a few kilobytes of HTML and one small stylesheet, with no script: it works on a
slow phone connection. Each browser gets a random device cookie on its first visit; the server
keeps only keyed hashes of it and of the address (``services.key_of``) to refuse a second answer
from one device and too many from one device or network. A kiosk (a tablet at the counter,
started by the unit's staff from the survey page) answers without a device key, and its
thank-you page returns to an empty form by itself.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View

from kinerja.common.middleware import client_ip
from kinerja.common.numbers import local_number
from kinerja.surveys import services
from kinerja.surveys.enums import Channel
from kinerja.surveys.forms import IkmFilterForm, ResponseForm
from kinerja.surveys.ikm import elements_of, ikm_many
from kinerja.surveys.models import Survey
from kinerja.surveys.queries import published_surveys
from kinerja.surveys.report import ikm_report

DEVICE_COOKIE = "kinerja_responden"
DEVICE_COOKIE_AGE = 2 * 365 * 24 * 3600
KIOSK_COOKIE = "kinerja_kiosk"
KIOSK_SALT = "kinerja.surveys.kiosk"
KIOSK_HOURS = 12
KIOSK_RESET_SECONDS = 5


def _survey(token: str) -> Survey:
    return get_object_or_404(
        Survey.objects.select_related("unit__region", "instrument_version__instrument"),
        token=token,
    )


def kiosk_of(request, survey: Survey) -> bool:
    """This browser is a kiosk of ``survey`` (a signed cookie set by ``kiosk.KioskView``)."""
    value = request.get_signed_cookie(
        KIOSK_COOKIE, default=None, salt=KIOSK_SALT, max_age=KIOSK_HOURS * 3600
    )
    return value == str(survey.pk)


def set_kiosk(response, survey: Survey | None, *, secure: bool) -> None:
    if survey is None:
        response.delete_cookie(KIOSK_COOKIE, samesite="Lax")
        return
    response.set_signed_cookie(
        KIOSK_COOKIE,
        str(survey.pk),
        salt=KIOSK_SALT,
        max_age=KIOSK_HOURS * 3600,
        httponly=True,
        samesite="Lax",
        secure=secure,
    )


FIELDS_CACHE_SECONDS = 3600


def _fields_html(survey: Survey, form: ResponseForm) -> str:
    """The form's questions as HTML. Unanswered, they are the same for every respondent of a
    survey version and language: rendered once per server process and kept (the 36 radio buttons
    are most of the page's cost)."""
    if form.is_bound:
        return render_to_string("surveys/_public_fields.html", {"form": form})
    key = ":".join(
        (
            "surveys.fields",
            str(survey.pk),
            str(survey.version),
            survey.instrument_version.sha256,
            get_language() or "",
        )
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string("surveys/_public_fields.html", {"form": form})
        cache.set(key, html, FIELDS_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 -- our own template's output


class ResponseFormView(View):
    template_name = "surveys/public_form.html"

    def _render(self, request, survey, form, *, status=200, refusal=""):
        response = render(
            request,
            self.template_name,
            {
                "survey": survey,
                "form": form,
                "fields": _fields_html(survey, form),
                "open": survey.is_open_on(timezone.localdate()),
                "kiosk": kiosk_of(request, survey),
                "refusal": refusal,
            },
            status=status,
        )
        if DEVICE_COOKIE not in request.COOKIES:
            response.set_cookie(
                DEVICE_COOKIE,
                secrets.token_urlsafe(16),
                max_age=DEVICE_COOKIE_AGE,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def _form(self, survey, data=None):
        return ResponseForm(
            data, survey=survey, elements=elements_of(survey.instrument_version.definition)
        )

    def get(self, request, token: str):
        survey = _survey(token)
        return self._render(request, survey, self._form(survey))

    def post(self, request, token: str):
        survey = _survey(token)
        form = self._form(survey, request.POST)
        if form.is_robot:
            return redirect("survey_public:thanks", token=survey.token)
        if not form.is_valid():
            return self._render(request, survey, form, status=400)
        kiosk = kiosk_of(request, survey)
        device = "" if kiosk else request.COOKIES.get(DEVICE_COOKIE, "")
        if not kiosk and not device:
            return self._render(
                request,
                survey,
                form,
                status=400,
                refusal=_("Your browser did not keep this page's cookie. Please send again."),
            )
        try:
            services.submit_response(
                survey,
                channel=Channel.KIOSK if kiosk else Channel.WEB,
                address="" if kiosk else services.key_of("address", client_ip(request)),
                device=services.key_of("device", device),
                batch=_("Kiosk") if kiosk else "",
                **form.submission(),
            )
        except ValidationError as error:
            return self._render(request, survey, form, status=400, refusal=" ".join(error.messages))
        return redirect("survey_public:thanks", token=survey.token)


class ThanksView(View):
    def get(self, request, token: str):
        survey = _survey(token)
        kiosk = kiosk_of(request, survey)
        return render(
            request,
            "surveys/public_thanks.html",
            {"survey": survey, "kiosk": kiosk, "reset_seconds": KIOSK_RESET_SECONDS},
        )


class KioskStopView(View):
    """Ends kiosk mode on this browser (anyone at the tablet may: it only stops the kiosk)."""

    def post(self, request, token: str):
        survey = _survey(token)
        response = redirect("survey_public:form", token=survey.token)
        set_kiosk(response, None, secure=request.is_secure())
        return response


PAGE_SIZE = 30


class IkmListView(View):
    """Every published IKM, searchable by unit or region and year; each row's IKM is read from
    its tallies (three queries a page, whatever the page)."""

    def get(self, request):
        form = IkmFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        found = published_surveys(q=filters.get("q") or "", year=filters.get("year"))
        page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("halaman"))
        ikms = ikm_many(list(page))
        rows = [(survey, ikms[survey.pk]) for survey in page]
        return render(request, "surveys/ikm_list.html", {"form": form, "page": page, "rows": rows})


class IkmView(View):
    """A unit's published IKM of one period: the index and its band, each element's NRR and
    respondents, the breakdowns by profile and service, the follow-up, the unit's other
    published periods, the report as PDF or XLSX."""

    def get(self, request, survey_id: int):
        survey = get_object_or_404(
            Survey.objects.select_related("unit__region", "instrument_version__instrument"),
            pk=survey_id,
        )
        if not survey.published:
            raise Http404
        report = ikm_report(survey)
        others = (
            Survey.objects.filter(unit=survey.unit, published_at__isnull=False)
            .exclude(pk=survey.pk)
            .order_by("-year", "-period")
        )
        return render(
            request,
            "surveys/ikm.html",
            {
                "survey": survey,
                "ikm": report.ikm,
                "chart": report.chart_svg(),
                "groups": report.groups,
                "others": others,
                "ikm_text": local_number(report.ikm.display),
            },
        )
