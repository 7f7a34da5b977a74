from __future__ import annotations

from django.urls import path

from softlanding.together import views

app_name = "together"
urlpatterns = [
    path("", views.index, name="index"),
]
