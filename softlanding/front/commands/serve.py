"""``softlanding serve``: prepare the data directory and serve the app.

Waitress is the server: pure Python, production-grade, no compiler needed on
any platform a user may run this on.
"""

from __future__ import annotations

import argparse
import ipaddress
import sys
from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="port to listen on (default 8765)")
    parser.add_argument("--threads", type=int, default=8, help="worker threads (default 8)")
    parser.add_argument(
        "--allow-plain-http",
        action="store_true",
        help="allow listening on a non-loopback address without TLS (only behind a TLS proxy)",
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def prepare() -> None:
    """Create the data directory, apply migrations and collect static files."""
    from django.conf import settings
    from django.core.management import call_command

    settings.DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def run(args: argparse.Namespace) -> int:
    if not is_loopback(args.host) and not args.allow_plain_http:
        print(
            f"softlanding: not listening on {args.host} without TLS: passphrases and notes would cross the "
            "network unencrypted. Put a TLS proxy in front (docs/self-hosting.md) and add --allow-plain-http.",
            file=sys.stderr,
        )
        return 2
    from softlanding.cli import setup_django

    setup_django()
    from waitress.server import create_server

    # Bind first so a busy port is reported at once, before the slower
    # preparation; the Django app is created after static files are collected
    # because WhiteNoise indexes them when the app is built.
    app: dict[str, WSGIApp] = {}

    def application(environ: dict[str, object], start_response: Callable[..., object]) -> Iterable[bytes]:
        return app["django"](environ, start_response)

    try:
        server = create_server(application, host=args.host, port=args.port, threads=args.threads, ident="")
    except OSError as exc:
        print(f"softlanding: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    prepare()
    from softlanding.wsgi import application as django_application

    app["django"] = django_application
    from softlanding.accounts.sweeper import start_sweeper, stop_sweeper

    # Expired vault session halves are deleted within a minute, even with no traffic.
    start_sweeper()
    shown = f"[{args.host}]" if ":" in args.host else args.host
    print(f"Soft Landing is running at http://{shown}:{args.port}/  (Ctrl-C to stop)", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        print("\nStopped.")
    finally:
        stop_sweeper()
        server.close()
    return 0
