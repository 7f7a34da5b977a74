from __future__ import annotations

from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "softlanding.guidance"
    label = "guidance"

    def ready(self) -> None:
        # Broken guidance content should stop the app at start-up, not show
        # up as an error page in front of someone who is already upset.
        from softlanding.guidance.content import load_all

        load_all()
