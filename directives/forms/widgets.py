"""Widgets shared by the app's forms."""
import html

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class IsoDateInput(forms.DateInput):
    """A browser date field (``<input type="date">``).

    Browsers accept only ``YYYY-MM-DD`` as its value: with the localised
    format (``2026/11/30`` in zh-hans) the field shows nothing and the form
    comes back with the date blank, so the value is always given in ISO form.
    """

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class QuickSelect(forms.Select):
    """A ``<select>`` rendered in one pass instead of a template per option.

    Django renders every ``<option>`` through a template include: for the unit
    filter's hundreds of units that was most of the task list's time. The HTML
    is the same as Django's (attributes, the selected option, escaping).
    """

    def render(self, name, value, attrs=None, renderer=None):
        # The widget's attributes as Django computes them, without building a dict per option.
        context = forms.Widget.get_context(self, name, value, attrs)["widget"]
        chosen = {str(v) for v in self.format_value(value)}
        options = []
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                group = "".join(_option(v, l, chosen) for v, l in label)
                options.append(f'<optgroup label="{_escape(option_value)}">{group}</optgroup>')
            else:
                options.append(_option(option_value, label, chosen))
        return mark_safe(f'<select name="{_escape(name)}"{flatatt(context["attrs"])}>{"".join(options)}</select>')


def _option(value, label, chosen) -> str:
    value = "" if value is None else str(value)
    selected = " selected" if value in chosen else ""
    return f'<option value="{_escape(value)}"{selected}>{_escape(label)}</option>'


def _escape(text) -> str:
    """``conditional_escape`` for the many plain strings of a long list of options, without its overhead."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text), quote=True)
