"""The task list's rows written in one pass are the rows django-tables2's own template writes."""
import datetime
import html.parser

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django_tables2 import RequestConfig

from directives.models import Task
from directives.tables.tasks import TaskTable
from tests import factories


class _Canonical(html.parser.HTMLParser):
    """Tags with their attributes sorted (and class names sorted: django-tables2 keeps them in a set), and text."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        attrs = sorted((k, " ".join(sorted((v or "").split())) if k == "class" else v) for k, v in attrs)
        self.parts.append((tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.parts.append(("/" + tag,))

    def handle_data(self, data):
        if data.strip():
            self.parts.append(("text", data.strip()))

    def handle_entityref(self, name):
        self.parts.append(("entity", name))

    def handle_charref(self, name):
        self.parts.append(("char", name))


def _tbody(page: str) -> list:
    parser = _Canonical()
    parser.feed(page[page.index("<tbody"):page.index("</tbody>") + len("</tbody>")])
    return parser.parts


def _render(template_name, table, request):
    return get_template(template_name).render({"table": table, "request": request}, request)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_task_table_rows_match_the_generic_template(unit_a, unit_b, meeting, office_user, language, settings):
    # given tasks of every shape a cell can take
    from django.utils import translation

    today = datetime.date.today()
    factories.make_task(lead_unit=unit_a, title="<b>加强</b>冬季防火 & 安全", deadline=today - datetime.timedelta(days=5))
    factories.make_task(lead_unit=unit_b, title="无时限的长期任务", deadline=None, meeting=meeting)
    long = factories.make_task(lead_unit=unit_a, title="进展很长", deadline=today + datetime.timedelta(days=30), meeting=meeting)
    Task.objects.filter(pk=long.pk).update(latest_progress="已完成" * 40)
    closed = factories.make_task(lead_unit=unit_b, title="已办结", deadline=today - datetime.timedelta(days=1))
    Task.objects.filter(pk=closed.pk).update(status=Task.Status.CLOSED, light=Task.Light.GREEN)
    request = RequestFactory().get("/workspace/tasks/")
    request.user = office_user
    # when
    with translation.override(language):
        tasks = Task.objects.select_related("lead_unit", "meeting")
        generic = TaskTable(tasks, template_name="django_tables2/table.html")
        ours = TaskTable(tasks)
        for table in (generic, ours):
            RequestConfig(request, paginate={"per_page": 50}).configure(table)
        generic_html = _render("django_tables2/table.html", generic, request)
        ours_html = _render(ours.template_name, ours, request)
    # then
    assert ours.template_name != "django_tables2/table.html"
    assert _tbody(ours_html) == _tbody(generic_html)
    assert sum(1 for part in _tbody(ours_html) if part[0] == "tr") == 4
    assert "&lt;b&gt;加强&lt;/b&gt;" in ours_html and "<b>加强" not in ours_html


@pytest.mark.django_db
def test_task_table_empty_page_says_so(office_user):
    request = RequestFactory().get("/workspace/tasks/")
    request.user = office_user
    generic = TaskTable(Task.objects.none(), template_name="django_tables2/table.html")
    ours = TaskTable(Task.objects.none())
    for table in (generic, ours):
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
    assert _tbody(_render(ours.template_name, ours, request)) == _tbody(_render("django_tables2/table.html", generic, request))
    assert "没有符合条件的交办事项" in _render(ours.template_name, ours, request)
