"""Filters of the workspace task list (django-filter)."""
import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

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
    meeting = django_filters.ModelChoiceFilter(
        label=_("来源会议"), queryset=Meeting.objects.only("id", "title", "held_on").order_by("-held_on", "-id")
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("单位"),
        queryset=Unit.objects.active().only("id", "name", "short_name", "tree_path"),
        method="filter_unit",
    )

    class Meta:
        model = Task
        fields = ["q", "status", "light", "is_overdue", "deadline", "source_kind", "meeting", "unit"]

    def __init__(self, *args, show_unit_filter=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_unit_filter:
            # A clerk sees only their own unit: no unit to choose.
            del self.filters["unit"]

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
        if value is None:
            return queryset
        through = Task.cooperating_units.through
        return queryset.filter(
            Q(lead_unit=value) | Q(pk__in=through.objects.filter(unit=value).values("task_id"))
        )
