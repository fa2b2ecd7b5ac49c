"""The task list of the workspace (django-tables2)."""
import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Task


class TaskTable(tables.Table):
    tracking_number = tables.Column(
        linkify=True, order_by=("tracking_year", "tracking_serial"), attrs={"td": {"class": "nowrap"}}
    )
    title = tables.Column(linkify=True)
    lead_unit = tables.Column(order_by=("lead_unit__tree_path",), attrs={"td": {"class": "nowrap"}})
    deadline = tables.DateColumn(format="Y-m-d", attrs={"td": {"class": "nowrap"}})
    status = tables.Column(attrs={"td": {"class": "nowrap"}})
    light = tables.Column(verbose_name=_("警示灯"), order_by=("light", "deadline"))
    latest_progress = tables.Column(orderable=False)
    meeting = tables.Column(order_by=("meeting__held_on",))

    class Meta:
        model = Task
        fields = ("tracking_number", "title", "lead_unit", "deadline", "light", "status", "latest_progress", "meeting")
        template_name = "django_tables2/table.html"
        attrs = {"class": "tasks"}
        row_attrs = {"class": lambda record: "overdue" if record.is_overdue else ""}
        empty_text = _("没有符合条件的交办事项。")
        order_by = ("-tracking_number",)

    def get_column_class_names(self, classes_set, bound_column):
        """Each cell carries its column's name: the phone's card layout styles cells by it."""
        return super().get_column_class_names(classes_set, bound_column) | {bound_column.name}

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


def _header(bound_column):
    return bound_column.header


# On a phone each row is a card and each cell says what it is (CSS shows data-label before the value).
for _column in TaskTable.base_columns.values():
    _column.attrs = {**_column.attrs, "td": {**_column.attrs.get("td", {}), "data-label": _header}}
