"""A person's API tokens: create one (shown once), see when each was last used, revoke."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.api import services
from kinerja.api.forms import TokenForm
from kinerja.api.models import ApiToken
from kinerja.common.ids import parse_id


class TokensView(LoginRequiredMixin, TemplateView):
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tokens=ApiToken.objects.filter(user=self.request.user),
            form=kwargs.pop("form", None) or TokenForm(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            token_id = parse_id(request.POST.get("token"))
            if token_id is None:
                raise Http404
            token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
            services.revoke_token(token, by=request.user)
            messages.success(request, _("The token %(token)s is revoked.") % {"token": token})
            return redirect("api_tokens:list")
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        token, raw = services.create_token(by=request.user, **form.cleaned_data)
        return self.render_to_response(self.get_context_data(created=token, raw=raw))
