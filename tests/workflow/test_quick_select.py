"""QuickSelect writes the same <select> as Django's Select, in one pass."""
import html.parser

import pytest
from django import forms

from directives.forms.widgets import QuickSelect


class _Canonical(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        self.parts.append((tag, tuple(sorted(attrs))))

    def handle_endtag(self, tag):
        self.parts.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.parts.append(("text", data.strip()))


def _canonical(markup):
    parser = _Canonical()
    parser.feed(markup)
    return parser.parts


CHOICES = [("", "---------"), (1, "县<卫健委>&"), ("乡镇", [(2, 'a"b'), (3, "c'd")]), (4, "东关社区")]


@pytest.mark.parametrize("value", [None, "", 1, "2", 3, "99"])
def test_quick_select_matches_django_select(value):
    attrs = {"id": "id_unit", "class": "wide", "data-x": "<y>"}
    django_html = forms.Select(choices=CHOICES).render("unit", value, attrs)
    quick_html = QuickSelect(choices=CHOICES).render("unit", value, attrs)
    assert _canonical(quick_html) == _canonical(django_html)


def test_quick_select_escapes_every_label_and_value():
    markup = QuickSelect(choices=[('"><script>', "<script>alert(1)</script>")]).render("unit", None)
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in markup
