from __future__ import annotations

import argparse


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="the management command and its options")


def run(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    from softlanding.cli import setup_django

    setup_django()
    execute_from_command_line(["softlanding manage", *args.rest])
    return 0
