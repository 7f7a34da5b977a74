from __future__ import annotations

from django.urls import include, path

urlpatterns = [
    path("", include("softlanding.front.urls")),
    path("account/", include("softlanding.accounts.urls")),
    path("understand/", include("softlanding.guidance.urls")),
    path("pause/", include("softlanding.pause.urls")),
    path("together/", include("softlanding.together.urls")),
    path("journal/", include("softlanding.journal.urls")),
    path("support/", include("softlanding.support.urls")),
    path("api/v1/", include("softlanding.api.urls")),
]

handler404 = "softlanding.front.views.page_not_found"
handler500 = "softlanding.front.views.server_error"
