"""``briefings bot``: run the Telegram bot (the ``bot`` package is imported only here)."""

from __future__ import annotations

import click

from briefings.cli.common import cli


@cli.command("bot")
@click.pass_context
def run_bot(ctx):
    """Run the Telegram bot (polling, or a webhook with BRIEFINGS_MODE=webhook).

    Settings come from the environment or .env: TELEGRAM_BOT_TOKEN, BRIEFINGS_ADMINS, ...
    """
    from bot.app import main

    ctx.exit(main(db_path=ctx.find_root().params.get("db_path")))
