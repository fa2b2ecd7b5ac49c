"""考核权重 in admin: the one set of weights the scores are made with, and a link to the ranking."""
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import ScoreWeights
from ..services.scores import score_weights_save


@admin.register(ScoreWeights)
class ScoreWeightsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "overdue_day_deduction", "updated_by", "updated_at", "ranking_link"]
    readonly_fields = ["updated_by", "updated_at", "ranking_link"]
    fieldsets = [
        (_("各项权重(按比例折算,不必合计100)"),
         {"fields": ["on_time_weight", "overdue_weight", "acceptance_weight", "report_weight"]}),
        (_("逾期扣分"), {"fields": ["overdue_day_deduction"]}),
        (None, {"fields": ["updated_by", "updated_at", "ranking_link"]}),
    ]

    def has_add_permission(self, request):
        """One set of weights: added once, then changed."""
        return super().has_add_permission(request) and not ScoreWeights.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        score_weights_save(weights=obj, actor=request.user)

    @admin.display(description=_("考核排名"))
    def ranking_link(self, obj=None):
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', reverse("workspace:scores"), _("查看考核排名"),
                           reverse("workspace:export_ranking"), _("导出考核排名"))
