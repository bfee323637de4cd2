"""Commands for news sources: ``sources add|list|remove|import|export`` and ``poll``."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import click

from briefings.cli.common import cli, open_store, store_errors


def _settings():
    from briefings.config import SettingsError
    from briefings.sources import PollSettings

    try:
        return PollSettings.from_env()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


@contextmanager
def _source_errors(hint: str = ""):
    """A SourceError (no such source, not a feed, bad OPML) becomes a one-line error, not a traceback."""
    from briefings.sources import SourceError

    try:
        yield
    except SourceError as exc:
        raise click.ClickException(f"{exc}{hint}") from None


@cli.group()
def sources():
    """Manage news sources (RSS/Atom feeds)."""


@sources.command("add")
@click.argument("url")
@click.option("--name", help="Display name (default: the feed's title).")
@click.option("--check/--no-check", default=True, show_default=True,
              help="Fetch the URL first: verify it is a feed (or find the feed an HTML page links to).")
@click.pass_context
def add(ctx, url, name, check):
    """Add a feed URL."""
    from briefings.sources import add_source

    settings = _settings() if check else None
    with open_store(ctx) as store, _source_errors(" (use --no-check to add it without fetching)" if check else ""):
        row = add_source(store, url, name, discover=check, settings=settings)
    click.echo(f"Added source #{row['id']}: {row['name']}  {row['url']}")


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")
@click.pass_context
def list_command(ctx, as_json):
    """List sources with last poll time, articles fetched and last error."""
    from briefings.sources import list_sources

    with open_store(ctx) as store:
        rows = list_sources(store)
    if as_json:
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
        return
    if not rows:
        click.echo("No sources. Add one: briefings sources add URL")
    for row in rows:
        click.echo(format_source(row))


def format_source(row: dict) -> str:
    """Two or three lines about one source for people."""
    lines = [f"[{row['id']}] {row['name'] or '(no name)'}  {row['url']}"]
    state = f"last polled {row['last_polled'] or 'never'}, {row['articles_fetched'] or 0} articles"
    if row["errors"]:
        state += f", {row['errors']} failures in a row, next try {row['next_poll'] or 'next poll'}"
    lines.append("    " + state)
    if row["last_error"]:
        lines.append(f"    last error: {row['last_error']}")
    return "\n".join(lines)


@sources.command("remove")
@click.argument("source")
@click.pass_context
def remove(ctx, source):
    """Remove a source by id or URL (its articles stay)."""
    from briefings.sources import remove_source

    with open_store(ctx) as store, _source_errors():
        row = remove_source(store, source)
    click.echo(f"Removed source #{row['id']}: {row['name'] or row['url']}")


@sources.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def import_command(ctx, path):
    """Add the feeds listed in an OPML file."""
    from briefings.sources import import_opml

    with open_store(ctx) as store, _source_errors():
        report = import_opml(store, path)
    for failure in report.failures:
        click.echo(f"failed: {failure}", err=True)
    click.echo(f"Imported {path}: {report.summary()}")
    ctx.exit(1 if report.failures else 0)


@sources.command("export")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file instead of stdout.")
@click.pass_context
def export_command(ctx, output):
    """Print the sources as OPML."""
    from briefings.sources import export_opml

    with open_store(ctx) as store:
        text = export_opml(store)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("--all", "poll_everything", is_flag=True, help="Also poll sources that are backing off after failures.")
@click.option("--no-extract", is_flag=True, help="Store only; skip extraction of events.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.pass_context
def poll(ctx, poll_everything, no_extract, progress):
    """Poll the sources once and store new articles."""
    import sys

    from briefings.sources import poll_all

    if progress is None:
        progress = sys.stderr.isatty()
    with open_store(ctx) as store, store_errors(store.path):
        report = poll_all(store, _settings(), progress=progress, due_only=not poll_everything, extract=not no_extract)
    for result in report.results:
        if result.status == "failed":
            click.echo(f"failed: #{result.source_id} {result.url}: {result.error}", err=True)
        for note in result.notes:
            click.echo(f"note: #{result.source_id}: {note}", err=True)
    for notice in report.notices:
        click.echo(f"notice: {notice.message}", err=True)
    if report.extraction_error:
        click.echo(f"extraction failed: {report.extraction_error}", err=True)
    click.echo(f"Polled: {report.summary()}")
    ctx.exit(1 if report.failed or report.extraction_error else 0)


__all__ = ["sources", "poll", "format_source"]
