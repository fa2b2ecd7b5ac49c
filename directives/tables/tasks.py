"""The task list of the workspace (django-tables2).

django-tables2 orders, paginates and writes the header; the rows of the page
are written by ``TaskTable.rows_html`` in one pass, the same HTML its generic
row template gives (tests/workflow/test_task_table.py compares the two):
that template costs about 0.1 ms a cell, most of the list's time.
"""
import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import Task


_PK_PLACEHOLDER = 987654321


class TaskTable(tables.Table):
    tracking_number = tables.Column(
        linkify=True, order_by=("tracking_year", "tracking_serial"), attrs={"td": {"class": "nowrap"}}
    )
    title = tables.Column(linkify=True)
    lead_unit = tables.Column(order_by=("lead_unit__tree_path",), attrs={"td": {"class": "nowrap"}})
    # A plain column: DateColumn compiles a template for every cell.
    deadline = tables.Column(attrs={"td": {"class": "nowrap"}})
    status = tables.Column(attrs={"td": {"class": "nowrap"}})
    light = tables.Column(verbose_name=_("警示灯"), order_by=("light", "deadline"))
    latest_progress = tables.Column(orderable=False)
    meeting = tables.Column(order_by=("meeting__held_on",))

    class Meta:
        model = Task
        fields = ("tracking_number", "title", "lead_unit", "deadline", "light", "status", "latest_progress", "meeting")
        template_name = "workspace/_task_table.html"
        attrs = {"class": "tasks"}
        row_attrs = {"class": lambda record: "overdue" if record.is_overdue else ""}
        empty_text = _("没有符合条件的交办事项。")
        order_by = ("-tracking_number",)

    def get_column_class_names(self, classes_set, bound_column):
        """Each cell carries its column's name: the phone's card layout styles cells by it."""
        return super().get_column_class_names(classes_set, bound_column) | {bound_column.name}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # On a phone each row is a card and each cell says what it is (CSS shows data-label before
        # the value): the label is set once per column here, not computed again for every cell.
        for bound_column in self.columns:
            td = bound_column.column.attrs.setdefault("td", {})
            td["data-label"] = str(bound_column.header)

    def rows_html(self):
        """The ``<tr>`` rows of the current page (or the empty text), as the generic template writes them."""
        columns = [
            (column.name, tables.utils.AttributeDict(column.attrs.get("td", {})).as_html(), column.default)
            for column in self.columns
        ]
        # Every row links to its task's page: the address is resolved once, not per link.
        task_url = reverse("workspace:task_detail", args=[_PK_PLACEHOLDER]).replace(str(_PK_PLACEHOLDER), "{}")
        rows = []
        for index, record in enumerate(row.record for row in self.paginated_rows):
            cells = []
            for name, td_attrs, default in columns:
                cells.append(f"<td {td_attrs}>{self._cell_html(name, record, default, task_url)}</td>")
            parity = "odd" if index % 2 else "even"
            row_class = f"overdue {parity}" if record.is_overdue else parity
            rows.append(f'<tr class="{row_class}">' + "".join(cells) + "</tr>")
        if not rows and self.empty_text:
            rows.append(f'<tr><td colspan="{len(columns)}">{conditional_escape(self.empty_text)}</td></tr>')
        return mark_safe("".join(rows))

    def _cell_html(self, name, record, default, task_url) -> str:
        if name in ("tracking_number", "title"):
            value = getattr(record, name)
            if value in self.EMPTY_VALUES:
                return conditional_escape(default)
            return format_html('<a href="{}">{}</a>', task_url.format(record.pk), value)
        if name == "status":
            return conditional_escape(record.get_status_display())
        if name == "light":
            return self.render_light(record, record.light)
        value = getattr(record, name)
        if value in self.EMPTY_VALUES:
            return conditional_escape(default)
        if name == "deadline":
            return self.render_deadline(value)
        if name == "latest_progress":
            return conditional_escape(self.render_latest_progress(value))
        if name == "meeting":
            return conditional_escape(self.render_meeting(value))
        return conditional_escape(value)

    EMPTY_VALUES = (None, "")

    def render_deadline(self, value):
        return value.isoformat()

    def value_deadline(self, value):
        return value

    def render_light(self, record, value):
        text = record.get_light_display()
        if record.is_overdue:
            days = record.overdue_days_on(timezone.localdate())
            text = _("%(light)s · 逾期%(days)d天") % {"light": text, "days": days}
        elif record.status == Task.Status.CLOSED and record.closed_on_time is False:
            text = _("%(light)s · 逾期办结") % {"light": text}
        return format_html('<span class="light-{}">●</span> {}', record.light, text)

    def value_light(self, record, value):
        return record.get_light_display()

    def render_latest_progress(self, value):
        return value if len(value) <= 60 else value[:60] + "…"

    def render_meeting(self, value):
        return value.title

