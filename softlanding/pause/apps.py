from __future__ import annotations

from django.apps import AppConfig


class PauseConfig(AppConfig):
    name = "softlanding.pause"
    label = "pause"

    def ready(self) -> None:
        # Read and check the content at start-up: a broken file should stop
        # the app here, not leave someone in distress with an empty screen.
        from softlanding.accounts import portability
        from softlanding.pause import card
        from softlanding.pause.content import pause_content

        pause_content()
        portability.register("pause_card", export=card.export, import_=card.import_, validate=card.check)
