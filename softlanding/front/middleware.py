from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Only the Screen Wake Lock is used (the pause screen keeps the display on
# while the breathing guide runs). Everything else a page could ask for is
# switched off, so even injected markup could not reach a camera or location.
PERMISSIONS_POLICY = ", ".join(
    [
        "screen-wake-lock=(self)",
        "accelerometer=()",
        "autoplay=()",
        "bluetooth=()",
        "camera=()",
        "display-capture=()",
        "geolocation=()",
        "gyroscope=()",
        "hid=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "publickey-credentials-get=()",
        "serial=()",
        "usb=()",
        "browsing-topics=()",
    ]
)


class PrivacyHeadersMiddleware:
    """Headers every dynamic response gets.

    ``Cache-Control: no-store`` goes on every page, not only the ones that show
    personal data today: a page that is public now may show a nickname
    tomorrow, and the cost of not caching small HTML pages is negligible.
    Static files never reach this middleware (WhiteNoise answers first) and
    keep their long cache lifetimes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
