from __future__ import annotations

from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "softlanding.journal"
    label = "journal"

    def ready(self) -> None:
        from softlanding.accounts import portability
        from softlanding.journal import portability as journal

        portability.register("journal", export=journal.export, import_=journal.import_, validate=journal.validate)
