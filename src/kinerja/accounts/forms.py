from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm


class StyledMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")


class LoginForm(StyledMixin, AuthenticationForm):
    pass


class StyledPasswordChangeForm(StyledMixin, PasswordChangeForm):
    pass


__all__ = ["LoginForm", "StyledPasswordChangeForm", "forms"]
