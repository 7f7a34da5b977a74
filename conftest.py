"""Fixtures shared by every test folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_django.live_server_helper import LiveServer

from softlanding.test import Personas, make_personas


@pytest.fixture
def personas(db: None) -> Personas:
    return make_personas()


def pytest_sessionstart(session: pytest.Session) -> None:
    # Collect static files once, with the same manifest storage production
    # uses, so templates resolve hashed names and a broken reference in CSS
    # fails the run instead of a user's first start.
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="session")
def live_server() -> Iterator[LiveServer]:
    """pytest-django's live server, but serving static files the way
    production does: through WhiteNoise from the collected, hashed and
    pre-compressed files (the default handler looks files up unhashed)."""
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda app: app
    server.start()
    yield server
    server.stop()
