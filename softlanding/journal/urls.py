from __future__ import annotations

from django.urls import path

from softlanding.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.index, name="index"),
    path("episodes/new/", views.episode_new, name="episode-new"),
    path("episodes/from-check/", views.episode_from_check, name="episode-from-check"),
    path("episodes/<uuid:episode_id>/", views.episode_edit, name="episode-edit"),
    path("episodes/<uuid:episode_id>/delete/", views.episode_delete, name="episode-delete"),
    path("encounters/", views.encounter_list, name="encounters"),
    path("encounters/log/", views.encounter_log, name="encounter-log"),
    path("encounters/new/", views.encounter_new, name="encounter-new"),
    path("encounters/<uuid:encounter_id>/", views.encounter_edit, name="encounter-edit"),
    path("encounters/<uuid:encounter_id>/delete/", views.encounter_delete, name="encounter-delete"),
    path("insights/", views.insights_page, name="insights"),
    path("nicknames/", views.partners, name="partners"),
    path("nudges/dismiss/", views.dismiss_nudge, name="dismiss-nudge"),
    path("export/<str:table>.csv", views.export_csv, name="export-csv"),
]
