"""The ``briefings`` command line: a thin click layer, each command one call into the core.

Command groups live in their own modules and are registered in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import importlib

from briefings.cli.common import cli

#: Modules that add commands to ``cli`` when imported.
COMMAND_MODULES = [
    "briefings.cli.articles",
    "briefings.cli.demo",
    "briefings.cli.extract",
    "briefings.cli.bot",
    "briefings.cli.sources",
    "briefings.cli.digest",
    "briefings.cli.ops",
]

for _name in COMMAND_MODULES:
    importlib.import_module(_name)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="briefings")


__all__ = ["cli", "main"]
