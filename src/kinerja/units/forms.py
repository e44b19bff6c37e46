"""The unit picker the forms of every app share (the unit pages' own forms are
``kinerja.directory.forms``)."""

from django import forms

from kinerja.units.queries import unit_label


class UnitChoiceField(forms.ModelChoiceField):
    """A unit shown with its region, so that same-named units never look alike."""

    def label_from_instance(self, obj):
        return unit_label(obj)
