"""A cycle's survey feed: which period's satisfaction surveys its survey component (PEKPPP's
F03) is taken from, and each participant's survey of that period with its IKM now. The team
reads it; the cycle's organiser chooses the period (``surveys.feeds``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.cycles.loaders import CycleMixin
from kinerja.results.queries import current_determination
from kinerja.surveys import feeds
from kinerja.surveys.forms import FeedForm
from kinerja.surveys.ikm import survey_component
from kinerja.tenancy.rules import is_cycle_organiser


class FeedView(CycleMixin, TemplateView):
    permission_required = "surveys.view_feed"
    template_name = "surveys/feed.html"

    def get_cycle(self):
        cycle = super().get_cycle()
        if not feeds.takes_surveys(cycle):
            raise Http404
        return cycle

    def _form(self, feed, data=None) -> FeedForm:
        initial = {"version": feed.version if feed else 0, "year": self.cycle.year}
        if feed is not None:
            initial.update(year=feed.year, period=feed.period)
        return FeedForm(data, initial=initial)

    def get_context_data(self, **kwargs):
        kwargs.pop("cycle_id", None)
        feed = feeds.feed_of(self.cycle)
        component = survey_component(self.cycle.instrument_version.definition)
        lines = feeds.fed_units(self.cycle, feed)
        return super().get_context_data(
            cycle=self.cycle,
            feed=feed,
            component=component,
            lines=lines,
            missing=sum(1 for line in lines if line.ikm is None or line.ikm.result is None),
            organises=is_cycle_organiser(self.request.user, self.cycle),
            determined=current_determination(self.cycle, snapshot=False) is not None,
            form=kwargs.pop("form", None) or self._form(feed),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not is_cycle_organiser(request.user, self.cycle):
            raise Http404
        feed = feeds.feed_of(self.cycle)
        form = self._form(feed, request.POST)
        if form.is_valid():
            try:
                feed = feeds.choose_period(
                    self.cycle,
                    year=form.cleaned_data["year"],
                    period=form.cleaned_data["period"],
                    expected_version=form.cleaned_data["version"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The evaluation takes its survey scores from %(period)s %(year)s.")
                    % {"period": feed.get_period_display(), "year": feed.year},
                )
                return redirect("surveys:feed", cycle_id=self.cycle.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
