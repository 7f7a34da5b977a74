from __future__ import annotations

from django.urls import path

from softlanding.front import views

app_name = "front"
urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("exit/", views.quick_exit, name="quick-exit"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
]
