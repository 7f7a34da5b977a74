from __future__ import annotations

from django.dispatch import Signal

#: Sent with ``request`` just before a session is ended by quick exit or lock,
#: so apps holding server-side secrets for it (the vault) can destroy them.
session_ending = Signal()
