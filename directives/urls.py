from django.urls import include, path

from .views import exports as export_views
from .views import home
from .views import notifications as notification_views
from .views import overview as overview_views
from .views import papers as paper_views
from .views import reports as reports_views
from .views import task_flow as task_flow_views
from .views import tasks as task_views

app_name = "workspace"

urlpatterns = [
    path("", home.home, name="home"),
    path("reports/", include(reports_views.urlpatterns)),
    path("tasks/", include(task_views.urlpatterns)),
    path("tasks/", include(task_flow_views.urlpatterns)),
    path("notifications/", include(notification_views.urlpatterns)),
    path("exports/", include(export_views.urlpatterns)),
    path("exports/", include(paper_views.urlpatterns)),
    path("scores/", include(paper_views.score_urlpatterns)),
    path("overview/", include(overview_views.urlpatterns)),
]
