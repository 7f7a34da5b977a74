from __future__ import annotations

from django.urls import path

from softlanding.guidance import views

app_name = "guidance"
# Addresses stay neutral: they show up in history and on shared screens.
urlpatterns = [
    path("", views.index, name="index"),
    path("check/", views.check, name="check"),
    path("library/", views.library_index, name="library"),
    path("library/<slug:slug>/", views.library_page, name="page"),
    path("references/", views.references, name="references"),
]
