from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import DailyReport, DailyReportRevision, DailySummary, ReportCampaign, ReportIndicator


class ReportIndicatorInline(admin.TabularInline):
    model = ReportIndicator
    fields = ["order", "code", "name", "kind", "unit_label", "required"]
    extra = 0


@admin.register(ReportCampaign)
class ReportCampaignAdmin(admin.ModelAdmin):
    list_display = ["name", "first_day", "last_day", "cutoff", "workdays_only", "unit_count", "is_active"]
    list_filter = ["is_active", "workdays_only"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["units"]
    date_hierarchy = "first_day"
    inlines = [ReportIndicatorInline]

    @admin.display(description=_("报送单位数"))
    def unit_count(self, campaign):
        return campaign.units.count()


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
