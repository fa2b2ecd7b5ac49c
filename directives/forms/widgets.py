"""Widgets shared by the app's forms."""
from django import forms


class IsoDateInput(forms.DateInput):
    """A browser date field (``<input type="date">``).

    Browsers accept only ``YYYY-MM-DD`` as its value: with the localised
    format (``2026/11/30`` in zh-hans) the field shows nothing and the form
    comes back with the date blank, so the value is always given in ISO form.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")
