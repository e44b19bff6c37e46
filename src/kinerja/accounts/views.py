from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.forms import LoginForm, StyledPasswordChangeForm
from kinerja.audit.services import record_event


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("common:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        record_event(actor=self.request.user, action="user.password_change", obj=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response
