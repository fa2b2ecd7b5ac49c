"""Dubàn's data model, one module per area; import names from here."""
from .units import Membership, Unit
from .speeches import Directive, Meeting, Speech
from .tasks import ProgressReport, Task, TaskEvent, TrackingCounter
from .reports import DailyReport, DailyReportRevision, DailySummary, ReportCampaign, ReportIndicator
from .notifications import Notification, NotificationDelivery, WebhookEndpoint
from .exports import ExportJob
from .extensions import DeadlineExtension
from .scores import ScoreWeights
from .speech_jobs import SpeechImportJob

__all__ = [
    "DailyReport",
    "DailyReportRevision",
    "DailySummary",
    "DeadlineExtension",
    "Directive",
    "ExportJob",
    "Meeting",
    "Membership",
    "Notification",
    "NotificationDelivery",
    "ProgressReport",
    "ReportCampaign",
    "ReportIndicator",
    "ScoreWeights",
    "Speech",
    "SpeechImportJob",
    "Task",
    "TaskEvent",
    "TrackingCounter",
    "Unit",
    "WebhookEndpoint",
]
