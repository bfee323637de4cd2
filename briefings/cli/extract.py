"""``briefings extract``: export facts of files or stored articles as SCHEMA records, or re-extract the store."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from briefings.cli.common import cli, open_store, store_errors


def _file_articles(path: Path):
    """(id, article) pairs from one file: the id is the file's stem (stem-N when it holds several)."""
    from briefings.ingest.formats import ParseError, parse_file

    items = list(parse_file(path))
    good = [a for a in items if not isinstance(a, ParseError)]
    for item in items:
        if isinstance(item, ParseError):
            click.echo(f"skipped: {path}: {item}", err=True)
    for n, article in enumerate(good, 1):
        yield (path.stem if len(good) == 1 else f"{path.stem}-{n}"), article


@cli.command()
@click.argument("targets", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Re-extract every stored article (e.g. after a rules change).")
@click.option("--pending", is_flag=True, help="Extract the stored articles never extracted (an interrupted run left them).")
@click.option("--stale", is_flag=True, help="Also re-extract articles extracted by older rules (after an upgrade).")
@click.option("--jsonl", is_flag=True, help="Print one SCHEMA.md record per article (the default output).")
@click.option("--progress/--no-progress", default=None, help="Progress bar for the store (default: on a terminal).")
@click.pass_context
def extract(ctx, targets, all_, pending, stale, jsonl, progress):
    """Extract meetings, signings, upcoming events and countries from files or stored article ids.

    Files need no database: `briefings extract a.txt b.md --jsonl`. Ids are stored articles.
    With --all, every stored article is re-extracted and its facts replaced in the store;
    --pending extracts those never extracted, --stale also those of an older extractor version.
    """
    from briefings.extract.pipeline import extract_parsed, parse_articles

    if sum(map(bool, (all_, pending, stale, targets))) > 1:
        raise click.UsageError("use one of --all, --pending, --stale, or name files or article ids")
    if all_ or pending or stale:
        ctx.exit(_extract_store(ctx, everything=all_, stale=stale, progress=progress))
    if not targets:
        raise click.UsageError("name files or article ids, or use --all, --pending or --stale")
    ids, articles, failed = [], [], 0
    store = None
    try:
        for target in targets:
            path = Path(target)
            if path.is_file():
                try:
                    for aid, article in _file_articles(path):
                        ids.append(aid)
                        articles.append(article)
                except Exception as exc:  # a broken file is reported, the rest go on
                    click.echo(f"failed: {path}: {exc}", err=True)
                    failed += 1
            elif target.isdigit():
                store = store or open_store(ctx)
                row = store.get_article(int(target))
                if row is None:
                    click.echo(f"failed: no stored article with id {target}", err=True)
                    failed += 1
                    continue
                ids.append(int(target))
                articles.append(row)
            else:
                click.echo(f"failed: {target}: no such file or article id", err=True)
                failed += 1
    finally:
        if store is not None:
            store.close()
    for aid, parsed in zip(ids, parse_articles(articles)):
        try:
            facts = extract_parsed(parsed)
        except Exception as exc:  # report it and go on with the other articles
            click.echo(f"failed: {aid}: extraction error: {exc}", err=True)
            failed += 1
            continue
        click.echo(json.dumps(facts.to_record(aid), ensure_ascii=False))
    ctx.exit(1 if failed else 0)


def _extract_store(ctx, *, everything: bool, stale: bool, progress: bool | None) -> int:
    """Extract stored articles (all, or those pending/stale) into the store; say what is left. Exit code."""
    from briefings.extract import EXTRACTOR_VERSION, extract_articles, extract_pending

    show = sys.stderr.isatty() if progress is None else progress
    with open_store(ctx) as store, store_errors(store.path):
        done = extract_articles(store, None, progress=show) if everything else \
            extract_pending(store, stale=stale, progress=show)
        left = store.extraction_backlog(EXTRACTOR_VERSION)
    click.echo(f"Extracted {done} articles (extractor {EXTRACTOR_VERSION}); "
               f"{left['pending']} pending, {left['stale']} stale left.")
    unfinished = left["pending"] + (left["stale"] if stale or everything else 0)
    if unfinished:
        click.echo("Some articles could not be extracted; the log (-v) says why.", err=True)
    return 1 if unfinished else 0
