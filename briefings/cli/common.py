"""The root click group and helpers shared by the command modules."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click

from briefings import __version__
from briefings.config import default_db_path, load_dotenv_file


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="briefings")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="BRIEFINGS_DB",
    help="SQLite database file (default: $BRIEFINGS_DB or ~/.local/share/briefings/briefings.db).",
)
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug; default: $BRIEFINGS_LOG_LEVEL or WARNING).")
@click.pass_context
def cli(ctx: click.Context, db_path: Path | None, verbose: int) -> None:
    """Briefings: store news, extract who met whom and what was signed, build digests."""
    from briefings.logsetup import configure_logging, level_from_env

    load_dotenv_file()
    try:
        level = {0: None, 1: "INFO"}.get(verbose, "DEBUG") or level_from_env()
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    configure_logging(level)
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path or default_db_path()


def open_store(ctx: click.Context):
    """Open the store named by ``--db`` (created and migrated when needed)."""
    from briefings.store import Store, storage_problem

    path = ctx.find_root().obj["db_path"]
    try:
        return Store(path)
    except Exception as exc:  # an unusable path or a corrupt file: say so, no traceback
        problem = storage_problem(exc, path)
        raise click.ClickException(problem or f"cannot open database {path}: {exc}") from exc


@contextmanager
def store_errors(path):
    """A full disk, a read-only or locked database becomes a message saying what to do, not a traceback."""
    import sqlite3

    from briefings.store import storage_problem

    try:
        yield
    except sqlite3.OperationalError as exc:
        problem = storage_problem(exc, path)
        if problem is None:
            raise
        raise click.ClickException(problem) from exc
