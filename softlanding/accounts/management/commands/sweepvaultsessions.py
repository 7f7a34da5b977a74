"""``softlanding manage sweepvaultsessions``: delete expired vault session halves now.

``softlanding serve`` does this every minute by itself. A host that runs the
app under another server (gunicorn, uwsgi, ...) runs this from a timer so a
timeout still means the half is destroyed, not only refused when next used.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from softlanding.accounts.vault import sweep_expired


class Command(BaseCommand):
    help = "Delete every vault session half past its idle or absolute timeout."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = sweep_expired()
        if options["verbosity"] > 0:
            self.stdout.write(f"Deleted {deleted} expired session half(s).")
