"""How every form of the project looks: Bootstrap's classes on the widgets, and one field template
(``common/field.html``: label, input, help text and errors, the help and errors tied to the input
by ``aria-describedby``) that ``{{ field.as_field_group }}`` and ``{{ form }}`` render.

A form may set two presentation hints the field template reads: ``field_class`` (the margin of
each field's wrapper, ``mb-3`` by default) and ``label_class`` (``form-label`` by default; a side
panel's compact form says ``form-label small``).
"""

from __future__ import annotations

from django import forms
from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """The project's form renderer (``FORM_RENDERER``): Django's widget templates, our form and
    field templates. Django already puts ``aria-describedby`` (help text and error ids) and
    ``aria-invalid`` on the widget; ``common/field.html`` gives those ids to its elements."""

    form_template_name = "common/form.html"
    field_template_name = "common/field.html"


def widget_css_class(widget: forms.Widget) -> str:
    """Bootstrap's class for a widget: check inputs (one box, or each box or radio of a group),
    selects, and form controls for the rest."""
    if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
        # CheckboxSelectMultiple is a RadioSelect: its class goes on each box.
        return "form-check-input"
    if isinstance(widget, forms.Select):  # SelectMultiple too
        return "form-select"
    return "form-control"


def style_widgets(form: forms.BaseForm) -> None:
    """Bootstrap's classes on the visible widgets of ``form`` (a class set by the form wins).

    Reads ``form.fields``, not the bound fields: those are cached, and a form that replaces a
    field after styling would keep rendering the old one."""
    for field in form.fields.values():
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("class", widget_css_class(field.widget))


class StyledFormMixin:
    """Styles the form's widgets once its fields are built (see ``style_widgets``); put it
    before the form class (``class LoginForm(StyledFormMixin, AuthenticationForm)``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_widgets(self)


class StyledForm(StyledFormMixin, forms.Form):
    """A plain form with Bootstrap's classes on its widgets."""


class StyledModelForm(StyledFormMixin, forms.ModelForm):
    """A model form with Bootstrap's classes on its widgets."""


class CompactFormMixin:
    """A form in a side panel or card: tighter spacing and small labels."""

    field_class = "mb-2"
    label_class = "form-label small"
