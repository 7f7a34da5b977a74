"""Loaded with ``-p softlanding.pytest_env`` before Django reads its settings.

It points the data directory at a fresh temporary folder so that running the
tests never touches the user's real data, and lets Django's live server run
beside Playwright's synchronous API (which keeps an event loop alive).
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SOFTLANDING_DATA_DIR", tempfile.mkdtemp(prefix="softlanding-test-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Cheap Argon2id for tests (production: 64 MiB, 3 passes). Every account the
# personas create derives keys several times; at full cost the suite would
# spend minutes in key derivation. Tests that measure cost set their own.
os.environ.setdefault("SOFTLANDING_KDF_MEMORY_KIB", "8")
os.environ.setdefault("SOFTLANDING_KDF_PASSES", "1")
os.environ.setdefault("SOFTLANDING_KDF_CONCURRENCY", "4")
