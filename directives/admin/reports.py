from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import DailyReport, DailyReportRevision, DailySummary, ReportCampaign, ReportIndicator
from ..forms.reports import ReportCampaignForm
from ..services.reports import campaign_units_add_branches


class ReportIndicatorInline(admin.TabularInline):
    model = ReportIndicator
    fields = ["order", "code", "name", "kind", "unit_label", "required"]
    extra = 0


@admin.register(ReportCampaign)
class ReportCampaignAdmin(admin.ModelAdmin):
    form = ReportCampaignForm
    list_display = ["name", "first_day", "last_day", "cutoff", "workdays_only", "unit_count", "is_active", "matrix_link"]
    list_filter = ["is_active", "workdays_only"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["units"]
    readonly_fields = ["created_by", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "description", "is_active"]}),
        (_("报送期间"), {"fields": ["first_day", "last_day", "cutoff", "workdays_only"]}),
        (_("报送单位"), {"fields": ["units", "branches", "branch_kinds"]}),
        (_("记录"), {"fields": ["created_by", "created_at"], "classes": ["collapse"]}),
    ]
    date_hierarchy = "first_day"
    inlines = [ReportIndicatorInline]

    def get_queryset(self, request):
        """Count units in the changelist query, not once per row."""
        return super().get_queryset(request).annotate(unit_total=Count("units", distinct=True))

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Save the picked units, then add the whole branches picked."""
        super().save_related(request, form, formsets, change)
        added = campaign_units_add_branches(
            campaign=form.instance,
            roots=form.cleaned_data.get("branches") or [],
            kinds=form.cleaned_data.get("branch_kinds") or [],
        )
        if added:
            self.message_user(request, gettext("整枝选择加入了 %(count)d 个报送单位。") % {"count": added})

    @admin.display(description=_("报送单位数"), ordering="unit_total")
    def unit_count(self, campaign):
        return campaign.unit_total

    @admin.display(description=_("报送情况"))
    def matrix_link(self, campaign):
        return format_html('<a href="{}">{}</a>', reverse("workspace:reports_matrix", args=[campaign.pk]), gettext("查看"))


class DailyReportRevisionInline(admin.TabularInline):
    model = DailyReportRevision
    fields = ["submitted_at", "submitted_by", "is_zero", "values", "text", "replaced_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DailyReport)
class DailyReportAdmin(admin.ModelAdmin):
    list_display = ["date", "unit", "campaign", "is_zero", "is_late", "submitted_at", "submitted_by", "revision_count"]
    list_filter = ["campaign", "is_zero", "is_late", "date"]
    search_fields = ["unit__name", "unit__short_name", "text"]
    list_select_related = ["unit", "campaign", "submitted_by"]
    autocomplete_fields = ["campaign", "unit"]
    date_hierarchy = "date"
    inlines = [DailyReportRevisionInline]


@admin.register(DailySummary)
class DailySummaryAdmin(admin.ModelAdmin):
    list_display = ["date", "campaign", "expected", "received", "on_time", "late", "zero", "built_at"]
    list_filter = ["campaign"]
    date_hierarchy = "date"
    readonly_fields = [f.name for f in DailySummary._meta.fields]

    def has_add_permission(self, request):
        return False
