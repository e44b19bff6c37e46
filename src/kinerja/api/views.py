"""API tokens: a person's own, and their government's service tokens (``ServiceTokensView``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from kinerja.api import services
from kinerja.api.forms import ServiceTokenForm, TokenForm
from kinerja.api.models import ApiToken
from kinerja.common.ids import parse_id
from kinerja.tenancy.scope import scope_of


class TokensView(LoginRequiredMixin, TemplateView):
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tokens=ApiToken.objects.filter(user=self.request.user),
            keeps_service=bool(scope_of(self.request.user).seated),
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


class ServiceTokensView(LoginRequiredMixin, TemplateView):
    """A government's service tokens, kept by the organisers seated at its body (404 for
    everybody else): create one (shown once), see who made it and when it was last used,
    revoke."""

    template_name = "api/service_tokens.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.bodies = services.service_bodies(request.user)
            if not self.bodies.exists():
                raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            tokens=services.service_tokens(self.request.user),
            form=kwargs.pop("form", None) or ServiceTokenForm(bodies=self.bodies),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if "revoke" in request.POST:
            token_id = parse_id(request.POST.get("token"))
            token = services.service_tokens(request.user).filter(pk=token_id or 0).first()
            if token is None:
                raise Http404
            services.revoke_service_token(token, by=request.user)
            messages.success(request, _("The token %(token)s is revoked.") % {"token": token})
            return redirect("api_tokens:service")
        form = ServiceTokenForm(request.POST, bodies=self.bodies)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        token, raw = services.create_service_token(by=request.user, **form.cleaned_data)
        return self.render_to_response(self.get_context_data(created=token, raw=raw))
