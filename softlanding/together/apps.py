from __future__ import annotations

from django.apps import AppConfig


class TogetherConfig(AppConfig):
    name = "softlanding.together"
    label = "together"
