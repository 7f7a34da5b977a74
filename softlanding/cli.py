"""The ``softlanding`` command.

Each sub-command lives in the app it belongs to, as a module with
``configure(parser)`` and ``run(args) -> int``. Modules are imported only when
their command runs, so a fast command (``check``) never pays for Django.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

#: name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("softlanding.front.commands.serve", "run the app on this computer"),
    "manage": ("softlanding.front.commands.manage", "run a Django management command (for operators)"),
    "breathe": ("softlanding.pause.commands.breathe", "a calm breathing pacer in the terminal"),
    "check": ("softlanding.guidance.cli", "run the self-check on JSON answers (schema v1)"),
    "demo": ("softlanding.journal.commands.demo", "create a demo account filled with made-up journal data"),
}


def setup_django() -> None:
    """Configure Django for commands that need the database or settings."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="softlanding", description="Soft Landing: a calm, private companion.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
        command_parser.set_defaults(_module=module_name)
        # Each command declares its own options; importing the module here is
        # cheap because the modules keep their heavy imports inside run().
        importlib.import_module(module_name).configure(command_parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    # Fast path: only build the one sub-command asked for.
    if args_list and args_list[0] in COMMANDS:
        name = args_list[0]
        module = importlib.import_module(COMMANDS[name][0])
        parser = argparse.ArgumentParser(prog=f"softlanding {name}", description=COMMANDS[name][1])
        module.configure(parser)
        if name == "manage":
            return int(module.run(argparse.Namespace(rest=args_list[1:])))
        return int(module.run(parser.parse_args(args_list[1:])))
    parser = build_parser()
    args = parser.parse_args(args_list)
    if not args.command:
        parser.print_help()
        return 2
    return int(importlib.import_module(args._module).run(args))


if __name__ == "__main__":
    sys.exit(main())
