"""``briefings bot``: run the Telegram bot, as the program ``python -m bot``.

The core never imports the ``bot`` package (nor ``telegram``); this command replaces the
``briefings`` process with the bot's own, which then gets the signals (Ctrl-C, systemd, Docker).
"""

from __future__ import annotations

import os
import sys

import click

from briefings.cli.common import cli


@cli.command("bot")
@click.pass_context
def run_bot(ctx):
    """Run the Telegram bot (polling, or a webhook with BRIEFINGS_MODE=webhook).

    Settings come from the environment or .env: TELEGRAM_BOT_TOKEN, BRIEFINGS_ADMINS, ...
    """
    db_path = ctx.find_root().params.get("db_path")
    if db_path:
        os.environ["BRIEFINGS_DB"] = str(db_path)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "bot"])
