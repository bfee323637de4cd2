"""``briefings demo``: a fresh local database with the seed articles, its latest digest and a brief on Belarus."""

from __future__ import annotations

from pathlib import Path

import click

from briefings.cli.articles import format_stats
from briefings.cli.common import cli

DEMO_DB = Path("briefings-demo.db")


def default_seeds_dir() -> Path:
    """``seeds/`` of the source checkout, else ``./seeds``."""
    checkout = Path(__file__).resolve().parents[2] / "seeds"
    return checkout if checkout.is_dir() else Path("seeds")


@cli.command()
@click.option("--seeds", "seeds_dir", type=click.Path(file_okay=False, path_type=Path), help="Folder of sample articles.")
@click.option("--db", "demo_db", type=click.Path(dir_okay=False, path_type=Path), default=DEMO_DB, show_default=True,
              help="Database file the demo recreates.")
def demo(seeds_dir, demo_db):
    """Build a fresh demo database from seeds/, then show the latest day's digest and a brief on Belarus."""
    from briefings.digest import build_brief, build_digest
    from briefings.ingest import ingest_paths
    from briefings.render import render
    from briefings.store import Store

    seeds_dir = seeds_dir or default_seeds_dir()
    if not seeds_dir.is_dir():
        raise click.ClickException(f"no seeds folder at {seeds_dir}; pass --seeds PATH")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{demo_db}{suffix}").unlink(missing_ok=True)
    with Store(demo_db) as store:
        report = ingest_paths(store, [seeds_dir])
        click.echo(f"Ingested {seeds_dir}: {report.summary()}")
        for failure in report.failures:
            click.echo(f"  failed: {failure}", err=True)
        click.echo(format_stats(store.stats()))
        latest = store.stats()["last_published"]
        if latest:
            click.echo()
            click.echo(render(build_digest(store, day=latest), "text"), nl=False)
            click.echo()
            click.echo(render(build_brief(store, "Belarus", today=latest), "text"), nl=False)
    click.echo()
    today = f" --today {latest}" if latest else ""
    click.echo(f"Explore it: briefings --db {demo_db} brief Lavrov{today} --days 30")
    click.echo(f"            briefings --db {demo_db} brief Belarus{today} --days 30 --picture belarus.png")
    click.echo(f"            briefings --db {demo_db} upcoming{today} --format html")
    click.echo(f"            briefings --db {demo_db} digest --date {latest or 'YYYY-MM-DD'} --format md")
