from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import ExportJob, Notification, NotificationDelivery, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ["unit", "url", "message_format", "is_active"]
    list_filter = ["message_format", "is_active"]
    search_fields = ["unit__name", "url"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]


class NotificationDeliveryInline(admin.TabularInline):
    model = NotificationDelivery
    fields = ["channel", "target", "status", "attempts", "last_error", "sent_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "recipient", "unit", "created_at", "read_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["title", "body", "recipient__username", "unit__name"]
    list_select_related = ["recipient", "unit"]
    date_hierarchy = "created_at"
    readonly_fields = ["idempotency_key"]
    inlines = [NotificationDeliveryInline]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(admin.ModelAdmin):
    list_display = ["notification", "channel", "target", "status", "attempts", "sent_at"]
    list_filter = ["channel", "status"]
    search_fields = ["target", "last_error", "notification__title"]
    list_select_related = ["notification"]
    actions = ["retry_failed"]

    @admin.action(description=_("重新发送所选的发送失败记录"))
    def retry_failed(self, request, queryset):
        from ..services.notifications.deliveries import deliveries_retry

        count = deliveries_retry(delivery_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, gettext("已重新排队发送%(count)s条。") % {"count": count})


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "status", "requested_by", "created_at", "finished_at", "download_link"]
    list_filter = ["kind", "status"]
    list_select_related = ["requested_by"]

    @admin.display(description=_("文件"))
    def download_link(self, job):
        """Through the permission-checking download view, never MEDIA_URL."""
        if job.status != ExportJob.Status.DONE or not job.file:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("workspace:export_job_download", args=[job.pk]),
                           job.file.name.rsplit("/", 1)[-1])
