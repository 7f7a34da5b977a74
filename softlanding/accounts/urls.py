from __future__ import annotations

from django.urls import path

from softlanding.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.signup, name="signup"),
    path("new/confirm/", views.confirm_code, name="confirm-code"),
    path("unlock/", views.unlock, name="unlock"),
    path("lock/", views.lock_view, name="lock"),
    path("recover/", views.recover, name="recover"),
    path("passphrase/", views.change_passphrase, name="passphrase"),
    path("recovery-code/", views.regenerate_code, name="recovery-code"),
    path("export/", views.export, name="export"),
    path("import/", views.import_view, name="import"),
    path("delete/", views.delete, name="delete"),
]
