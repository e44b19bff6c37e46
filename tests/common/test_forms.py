"""The project's forms (common/forms.py): Bootstrap's classes on the widgets and the one field
template, whose help text and errors are tied to the input (``aria-describedby``)."""

from __future__ import annotations

import re

from django import forms
from django.template import Context, Template
from django.utils import translation

from kinerja.common.forms import CompactFormMixin, StyledForm


class PlaceForm(StyledForm):
    place = forms.CharField(label="Place", help_text="Where the visit starts.")
    note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"class": "font-monospace"})
    )
    agreed = forms.BooleanField(label="Agreed", required=False)
    session = forms.ChoiceField(
        label="Session", choices=[("pagi", "Morning"), ("siang", "Afternoon")]
    )
    sessions = forms.MultipleChoiceField(
        label="Sessions",
        choices=[("pagi", "Morning"), ("siang", "Afternoon")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    kind = forms.ChoiceField(
        label="Kind",
        choices=[("a", "A"), ("b", "B")],
        widget=forms.RadioSelect,
        help_text="One kind.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CompactPlaceForm(CompactFormMixin, PlaceForm):
    pass


def render(text: str, **context) -> str:
    with translation.override("en"):
        return Template(text).render(Context(context))


def tag(html: str, name: str, element_id: str) -> str:
    """The opening tag of the element ``name`` with the id ``element_id``."""
    match = re.search(rf'<{name}\b[^>]*\bid="{element_id}"[^>]*>', html)
    assert match is not None, f"no <{name} id={element_id}> in {html}"
    return match.group(0)


def test_widgets_get_bootstrap_classes_unless_the_form_set_one():
    form = PlaceForm()

    classes = {name: field.widget.attrs.get("class") for name, field in form.fields.items()}

    assert classes == {
        "place": "form-control",
        "note": "font-monospace",
        "agreed": "form-check-input",
        "session": "form-select",
        "sessions": "form-check-input",
        "kind": "form-check-input",
        "version": None,
    }


def test_field_with_help_text_and_error_is_described_by_both():
    form = PlaceForm(data={"place": "", "kind": "a", "session": "pagi"})

    html = render("{{ form.place.as_field_group }}", form=form)

    assert tag(html, "input", "id_place") == (
        '<input type="text" name="place" class="form-control" required aria-invalid="true" '
        'aria-describedby="id_place_helptext id_place_error" id="id_place">'
    )
    assert '<div class="form-text" id="id_place_helptext">Where the visit starts.</div>' in html
    assert (
        '<div class="text-danger small" id="id_place_error"><div>This field is required.</div>'
        "</div>"
    ) in html
    assert '<label class="form-label" for="id_place">Place</label>' in html
    assert html.strip().startswith('<div class="mb-3">')


def test_valid_field_is_neither_invalid_nor_described_by_an_error():
    form = PlaceForm(data={"place": "Balai", "kind": "a", "session": "pagi"})

    html = render("{{ form.place.as_field_group }}", form=form)

    assert form.is_valid()
    assert 'aria-describedby="id_place_helptext"' in html
    assert "aria-invalid" not in html
    assert "_error" not in html


def test_field_without_help_text_is_described_by_its_error_only():
    form = PlaceForm(data={"place": "Balai", "kind": "a", "session": "nowhere"})

    html = render("{{ form.session.as_field_group }}", form=form)

    assert 'aria-invalid="true" aria-describedby="id_session_error"' in tag(
        html, "select", "id_session"
    )
    assert 'id="id_session_error"' in html
    assert "helptext" not in html


def test_group_of_radios_is_a_fieldset_described_by_its_help_and_error():
    form = PlaceForm(data={"place": "Balai", "session": "pagi"})

    html = render("{{ form.kind.as_field_group }}", form=form)

    assert html.strip().startswith(
        '<fieldset class="mb-3" aria-describedby="id_kind_helptext id_kind_error">'
    )
    assert '<legend class="form-label fs-6">Kind</legend>' in html
    assert (
        '<div class="form-check"><input type="radio" name="kind" value="a" '
        'class="form-check-input" id="id_kind_0" required aria-invalid="true">'
        '<label class="form-check-label" for="id_kind_0">A</label></div>'
    ) in html
    assert 'id="id_kind_helptext"' in html
    assert 'id="id_kind_error"' in html


def test_checkbox_is_a_form_check_with_its_label_after_the_box():
    html = render("{{ form.agreed.as_field_group }}", form=PlaceForm())

    assert html.strip() == (
        '<div class="mb-3 form-check">\n'
        '  <input type="checkbox" name="agreed" class="form-check-input" id="id_agreed"> '
        '<label class="form-check-label" for="id_agreed">Agreed</label>\n'
        "</div>"
    )


def test_compact_form_has_tighter_fields_and_small_labels():
    html = render("{{ form.place.as_field_group }}", form=CompactPlaceForm())

    assert html.strip().startswith('<div class="mb-2">')
    assert '<label class="form-label small" for="id_place">Place</label>' in html


def test_hidden_field_renders_only_its_input():
    html = render("{{ form.version.as_field_group }}", form=PlaceForm(initial={"version": 3}))

    assert html.strip() == '<input type="hidden" name="version" value="3" id="id_version">'


def test_whole_form_shows_form_errors_then_every_field():
    form = PlaceForm(data={"place": "Balai", "kind": "a", "session": "pagi"})
    form.is_valid()
    form.add_error(None, "The visit clashes with another.")

    html = render("{{ form }}", form=form)

    assert html.startswith(
        '<div class="alert alert-danger" role="alert">The visit clashes with another.</div>'
    )
    labels = re.findall(r"<(?:label|legend)[^>]*>([^<]+)</", html)
    assert labels == [
        "Place",
        "Note",
        "Agreed",
        "Session",
        "Sessions",
        "Morning",
        "Afternoon",
        "Kind",
        "A",
        "B",
    ]
    assert html.rstrip().endswith('<input type="hidden" name="version" id="id_version">')
