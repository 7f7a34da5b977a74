from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "softlanding.accounts"
    label = "accounts"

    def ready(self) -> None:
        from softlanding.accounts.signals import destroy_server_half
        from softlanding.front.signals import session_ending

        session_ending.connect(destroy_server_half, dispatch_uid="accounts.destroy_server_half")
