from __future__ import annotations

from django.urls import path

from softlanding.pause import views

app_name = "pause"
urlpatterns = [
    path("", views.index, name="index"),
    path("partner/", views.partner, name="partner"),
    path("card/", views.card, name="card"),
    path("card/delete/", views.card_delete, name="card-delete"),
    # Served from /pause/ so its scope covers exactly the pause pages.
    path("sw.js", views.service_worker, name="sw"),
]
