"""Operating commands: doctor, migrate, backup, restore."""

from __future__ import annotations

from pathlib import Path

import click

from briefings.cli.common import cli, open_store

_MARK = {"ok": "ok  ", "warn": "WARN", "fail": "FAIL"}


def _db_path(ctx: click.Context) -> Path:
    return Path(ctx.find_root().obj["db_path"])


@cli.command()
@click.option("--network", is_flag=True, help="Also ask Telegram about the token and fetch every source.")
@click.option("--quick", is_flag=True, help="Only the cheap checks (token, settings, database): for health checks.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.pass_context
def doctor(ctx, network, quick, quiet):
    """Check the configuration and say what is wrong and how to fix it (exit 1 on failures)."""
    from briefings.ops import doctor as run_doctor

    report = run_doctor(db_path=_db_path(ctx), network=network, quick=quick)
    for check in report.checks if not quiet else report.problems:
        click.echo(f"{_MARK.get(check.status, check.status)}  {check.name}: {check.message}")
        if check.fix and check.status != "ok":
            click.echo(f"      fix: {check.fix}")
    if not quiet:
        failed = sum(c.failed for c in report.checks)
        click.echo("All checks passed." if report.ok else f"{failed} check{'s' if failed != 1 else ''} failed.")
    ctx.exit(0 if report.ok else 1)


@cli.command()
@click.pass_context
def migrate(ctx):
    """Create the database or bring it to the current schema (the bot also does this at start)."""
    from briefings.store import migrations

    with open_store(ctx) as store:
        version = store.schema_version
        names = [r["name"] for r in store.db["_migrations"].rows]
    click.echo(f"Database {_db_path(ctx)} at schema v{version} ({len(migrations.MIGRATIONS)} migrations known, "
               f"{len(names)} applied).")


@cli.command()
@click.argument("dest", type=click.Path())
@click.option("--force", is_flag=True, help="Overwrite DEST if it exists.")
@click.pass_context
def backup(ctx, dest, force):
    """Copy the live database to DEST (a file, or a folder for a dated file), safely while the bot runs."""
    from briefings.ops import OpsError, backup as run_backup

    try:
        info = run_backup(_db_path(ctx), dest, overwrite=force)
    except OpsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Backup written to {info.path} ({info.size / 1e6:.1f} MB, schema v{info.schema_version}, "
               f"{info.articles} articles, {info.subscriptions} subscriptions); integrity check ok.")


@cli.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace a database that holds data (it is kept as a dated copy).")
@click.pass_context
def restore(ctx, source, force):
    """Replace the database with the backup SOURCE after checking it (stop the bot first)."""
    from briefings.ops import OpsError, restore as run_restore

    try:
        info, kept = run_restore(source, _db_path(ctx), force=force)
    except OpsError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"Restored {source} into {info.path}: schema v{info.schema_version}, {info.articles} articles, "
               f"{info.subscriptions} subscriptions.")
    if kept:
        click.echo(f"The replaced database is kept at {kept}.")
