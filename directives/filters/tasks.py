"""Filters of the workspace task list (django-filter)."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..forms.widgets import QuickSelect
from ..models import Meeting, Task, Unit


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("搜索"), method="filter_text")
    status = django_filters.MultipleChoiceFilter(
        label=_("状态"), choices=Task.Status.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    light = django_filters.MultipleChoiceFilter(
        label=_("警示灯"), choices=Task.Light.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    is_overdue = django_filters.BooleanFilter(
        label=_("逾期"),
        widget=forms.Select(choices=[("", _("全部")), ("true", _("已逾期")), ("false", _("未逾期"))]),
    )
    deadline = django_filters.DateFromToRangeFilter(
        label=_("完成时限"),
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    source_kind = django_filters.MultipleChoiceFilter(
        label=_("来源类别"), choices=Task.Source.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    # Both lists are built from two columns of a query, not from model instances:
    # an office's list offers every unit of the county (hundreds) on every page.
    # (their choices are read once per list, in __init__)
    meeting = django_filters.TypedChoiceFilter(label=_("来源会议"), coerce=int, widget=QuickSelect)
    unit = django_filters.TypedChoiceFilter(label=_("单位"), coerce=int, method="filter_unit", widget=QuickSelect)

    class Meta:
        model = Task
        fields = ["q", "status", "light", "is_overdue", "deadline", "source_kind", "meeting", "unit"]

    def __init__(self, *args, show_unit_filter=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_unit_filter:
            # A clerk sees only their own unit: no unit to choose.
            del self.filters["unit"]

    @property
    def form(self):
        """The form, its long lists of choices set on it (a form would deep-copy choices its class declares).

        They are read when first needed and then kept: rendering the list needs
        them, validating a chosen meeting or unit too, an export with neither
        never reads them.
        """
        if not hasattr(self, "_form"):
            form = super().form
            form.fields["meeting"].choices = _read_once(meeting_choices)
            if "unit" in form.fields:
                form.fields["unit"].choices = _read_once(unit_choices)
        return self._form

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(tracking_number__icontains=value)
            | Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(responsible_person__icontains=value)
            | Q(latest_progress__icontains=value)
        )

    def filter_unit(self, queryset, name, value):
        """Tasks the unit leads or cooperates on."""
        if value in (None, ""):
            return queryset
        through = Task.cooperating_units.through
        return queryset.filter(
            Q(lead_unit_id=value) | Q(pk__in=through.objects.filter(unit_id=value).values("task_id"))
        )


def _read_once(read):
    kept = []

    def choices():
        if not kept:
            kept.append([("", "---------"), *read()])
        return kept[0]

    return choices


def meeting_choices() -> list[tuple[int, str]]:
    """(id, "title(date)") of every meeting, the latest first, as ``str(meeting)`` reads."""
    return [
        (pk, f"{title}({held_on:%Y-%m-%d})")
        for pk, title, held_on in Meeting.objects.order_by("-held_on", "-id").values_list("id", "title", "held_on")
    ]


def unit_choices() -> list[tuple[int, str]]:
    """(id, name as the list shows it) of every active unit, in tree order."""
    return [
        (pk, short_name or name)
        for pk, short_name, name in Unit.objects.active().order_by("tree_path").values_list("id", "short_name", "name")
    ]
