"""Commands that show what the news says: digest, brief, upcoming."""

from __future__ import annotations

from datetime import date

import click

from briefings.cli.common import cli, open_store

FORMAT = click.option(
    "--format", "fmt", type=click.Choice(["text", "md", "html"]), default="text", show_default=True,
    help="Plain text, Markdown or Telegram HTML.",
)


def _day(ctx, param, value: str | None) -> str | None:
    """A YYYY-MM-DD option within the days digests work with; a bad one is a usage error (exit 2)."""
    from briefings.digest.dates import PeriodError, check_day

    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; use YYYY-MM-DD") from None
    try:
        check_day(day)
    except PeriodError as exc:
        raise click.BadParameter(exc.message) from None
    return value


TODAY = click.option("--today", callback=_day, help="Treat this day (YYYY-MM-DD) as today.")


def _show(view, fmt: str, err: bool = False) -> None:
    from briefings.render import TemplateError, render

    try:
        click.echo(render(view, fmt), nl=False, err=err)
    except TemplateError as exc:
        raise click.ClickException(f"template error: {exc}") from exc


@cli.command()
@click.option("--date", "day", callback=_day, help="Day of the digest (YYYY-MM-DD; default: today in --tz).")
@click.option("--until", "date_to", callback=_day, help="Last day, for a digest of several days.")
@click.option("--tz", default="UTC", show_default=True, help="Time zone that decides what 'today' is.")
@click.option("--follow", "follows", multiple=True, help="Put items on this country, person, organisation or topic first.")
@click.option("--only-follows", is_flag=True, help="Show only items on what --follow names.")
@FORMAT
@click.pass_context
def digest(ctx, day, date_to, tz, follows, only_follows, fmt):
    """Who met whom, what was signed and what is coming, for one day."""
    from briefings.digest import PeriodError, build_digest

    with open_store(ctx) as store:
        try:
            view = build_digest(store, day=day, tz=tz, follows=follows, only_follows=only_follows, date_to=date_to)
        except PeriodError as exc:
            raise click.UsageError(exc.message) from None
        _show(view, fmt)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--days", type=click.IntRange(1, 3660), help="The last N days (default 7).")
@click.option("--since", help="From this day (YYYY-MM-DD) to today.")
@click.option("--period", help='Any period: "30d", "since 2024-11-01", "2024-11-01..2024-11-30".')
@TODAY
@FORMAT
@click.option("--picture", metavar="FILE", help="Draw the brief as a PNG into FILE ('-': standard output) instead.")
@click.pass_context
def brief(ctx, query, days, since, period, today, fmt, picture):
    """A brief on a country, person, organisation or topic: meetings, signings, partners, articles."""
    from briefings.digest import PeriodError, build_brief

    chosen = [p for p in (days and f"{days}d", since and f"since {since}", period) if p]
    if len(chosen) > 1:
        raise click.UsageError("use only one of --days, --since and --period")
    with open_store(ctx) as store:
        try:
            view = build_brief(store, " ".join(query), period=chosen[0] if chosen else None, today=today)
        except PeriodError as exc:
            raise click.UsageError(exc.message) from None
        if picture:
            _save_picture(ctx, view, picture, fmt)
        else:
            _show(view, fmt)


def _save_picture(ctx, view, target: str, fmt: str) -> None:
    """Draw ``view`` into the file ``target`` (or standard output); a brief with nothing to draw
    prints its text instead (to standard error when the PNG was to go to standard output)."""
    from briefings.pictures import HEIGHT, WIDTH, brief_has_content, draw_brief_picture

    if not brief_has_content(view):
        _show(view, fmt, err=target == "-")
        ctx.exit(1)
    png = draw_brief_picture(view)
    if target == "-":
        click.echo(png, nl=False)  # bytes go to the binary stream
        return
    try:
        with open(target, "wb") as out:
            out.write(png)
    except OSError as exc:
        raise click.ClickException(f"cannot write {target}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {target}: {view.subject.label}, {view.period} ({WIDTH}x{HEIGHT}, {len(png) / 1024:.0f} KB)")


@cli.command()
@click.argument("country", nargs=-1)
@click.option("--days", type=click.IntRange(1, 366), default=30, show_default=True, help="How far ahead to look.")
@TODAY
@FORMAT
@click.pass_context
def upcoming(ctx, country, days, today, fmt):
    """Summits, planned meetings and expected signings ahead, optionally for one country."""
    from briefings.digest import PeriodError, build_calendar

    with open_store(ctx) as store:
        try:
            view = build_calendar(store, " ".join(country) or None, today=today, days=days)
        except PeriodError as exc:
            raise click.UsageError(exc.message) from None
        _show(view, fmt)


__all__ = ["digest", "brief", "upcoming"]
