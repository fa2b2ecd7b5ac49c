from django.urls import path

from .views import home

app_name = "workspace"

urlpatterns = [
    path("", home.home, name="home"),
]
