from __future__ import annotations

from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "softlanding.support"
    label = "support"
