"""Commands over stored articles: ingest, search, articles, show, stats."""

from __future__ import annotations

import json
import sys

import click

from briefings.cli.common import cli, open_store, store_errors


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--no-extract", is_flag=True, help="Store only; skip extraction of events.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
@click.option("--follow-links", is_flag=True, help="In folders, also read symbolic links that lead outside the folder.")
@click.pass_context
def ingest(ctx, paths, no_extract, progress, follow_links):
    """Ingest article files and folders (txt, md, html, json, jsonl) and web page URLs."""
    from briefings.ingest import ingest_paths
    from briefings.ingest.fetch import is_web_url, ingest_urls

    urls = [p for p in paths if is_web_url(p)]
    files = [p for p in paths if not is_web_url(p)]
    with open_store(ctx) as store, store_errors(store.path):
        report = ingest_paths(store, files, extract=False, progress=progress, follow_links=follow_links)
        if urls:
            report.merge(ingest_urls(store, urls, extract=False))
        if not no_extract:  # the new articles, and any that an interrupted run left pending
            from briefings.extract import extract_pending

            extract_pending(store, progress=sys.stderr.isatty() if progress is None else progress)
    for failure in report.failures:
        click.echo(f"failed: {failure}", err=True)
    for skipped in report.skipped:
        click.echo(f"skipped: {skipped}", err=True)
    click.echo(f"Ingested: {report.summary()}")
    ctx.exit(1 if report.failures else 0)


@cli.command()
@click.argument("query")
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.option("--json", "as_json", is_flag=True, help="Print JSON lines.")
@click.pass_context
def search(ctx, query, limit, as_json):
    """Full-text search over titles and bodies, best matches first."""
    with open_store(ctx) as store:
        hits = store.search(query, limit=limit)
    if as_json:
        for hit in hits:
            click.echo(json.dumps(hit, ensure_ascii=False))
        return
    if not hits:
        click.echo(f"No articles match {query!r}.")
        return
    for hit in hits:
        click.echo(f"[{hit['id']}] {hit['published']}  {hit['title']}  ({hit['source'] or 'unknown source'})")
        click.echo(f"    {hit['snippet']}")


@cli.command("articles")
@click.option("--since", help="Only articles published on or after this date (YYYY-MM-DD).")
@click.option("--until", help="Only articles published on or before this date (YYYY-MM-DD).")
@click.option("--source", help="Only articles from this source name.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 100000))
@click.pass_context
def list_articles(ctx, since, until, source, limit):
    """List stored articles, latest first."""
    for value, name in ((since, "--since"), (until, "--until")):
        if value:
            _check_date(value, name)
    with open_store(ctx) as store:
        rows = store.articles(since=since, until=until, source=source, limit=limit)
    if not rows:
        click.echo("No articles.")
    for row in rows:
        click.echo(f"[{row['id']}] {row['published']}  {row['title']}  ({row['source'] or 'unknown source'})")


@cli.command()
@click.argument("article_id", type=int)
@click.pass_context
def show(ctx, article_id):
    """Show one stored article."""
    with open_store(ctx) as store:
        row = store.get_article(article_id)
    if not row:
        raise click.ClickException(f"no article with id {article_id}")
    click.echo(row["title"])
    click.echo(f"{row['published']} / {row['source'] or 'unknown source'}" + (f"  {row['url']}" if row["url"] else ""))
    click.echo()
    click.echo(row["body"])


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stats(ctx, as_json):
    """What the store holds, and the extraction backlog."""
    from briefings.extract import EXTRACTOR_VERSION

    with open_store(ctx) as store:
        data = store.stats(EXTRACTOR_VERSION)
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    click.echo(format_stats(data))


def format_stats(data: dict) -> str:
    lines = [
        f"Database: {data['path']} (schema v{data['schema_version']})",
        f"Articles: {data['articles']}" + (
            f" ({data['first_published']} .. {data['last_published']})" if data["articles"] else ""
        ),
        f"Sources: {data['sources']}  Entities: {data['entities']}  Events: {data['events']}"
        + (" (" + ", ".join(f"{k}: {v}" for k, v in sorted(data["events_by_type"].items())) + ")" if data["events_by_type"] else ""),
        f"Subscriptions: {data['subscriptions']}",
    ]
    if data["top_sources"]:
        lines.append("Top sources: " + ", ".join(f"{name} ({n})" for name, n in data["top_sources"]))
    if "extraction" in data:
        lines.append(extraction_line(data["extraction"]))
    return "\n".join(lines)


def extraction_line(backlog: dict) -> str:
    """"Extraction (extractor V): N pending, M stale" and the command that clears them."""
    line = f"Extraction (extractor {backlog['version']}): {backlog['pending']} pending, {backlog['stale']} stale"
    if backlog["pending"] or backlog["stale"]:
        line += " — run: briefings extract " + ("--stale" if backlog["stale"] else "--pending")
    return line


def _check_date(value: str, name: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD", param_hint=name) from None


__all__ = ["ingest", "search", "list_articles", "show", "stats"]
