from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from kinerja.common.forms import StyledFormMixin


class LoginForm(StyledFormMixin, AuthenticationForm):
    pass


class StyledPasswordChangeForm(StyledFormMixin, PasswordChangeForm):
    pass


__all__ = ["LoginForm", "StyledPasswordChangeForm", "forms"]
