from django import forms
from django.utils.translation import gettext_lazy as _

from kinerja.common.forms import StyledForm


class EmailChoiceForm(StyledForm):
    email_notifications = forms.BooleanField(
        label=_("Also send my notifications to my e-mail address"), required=False
    )
