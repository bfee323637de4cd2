"""Inline mode: ``@bot Belarus`` typed in any chat offers the brief for the last 7 and 30 days
(or for the period typed after the query), each one message ready to share."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from datetime import date

from telegram import (
    InlineQueryResultArticle, InlineQueryResultsButton, InputTextMessageContent, LinkPreviewOptions, Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.handlers.common import MAX_ARGUMENT, clean_text, in_store, settings_of
from bot.handlers.reading import split_query_period
from bot.messages import plain, text
from briefings.digest import PeriodError, build_brief, today_in
from briefings.digest.views import Brief
from briefings.render import (
    TELEGRAM_LIMIT, TELEGRAM_MAX_ENTITIES, entity_count, render, split_telegram, visible_length,
)

log = logging.getLogger(__name__)

#: The periods offered when none is typed: (period for build_brief, label in the result's title).
PERIODS = (("7d", "last 7 days"), ("30d", "last 30 days"))
#: Seconds Telegram may keep an answer for the same query (from anyone).
CACHE_SECONDS = 300
#: Seconds allowed to build the briefs: well inside the ~10 s Telegram waits for an answer.
BUILD_SECONDS = 6.0
#: Telegram's limit on the text of an inline results button.
BUTTON_TEXT = 64
#: The sections of a brief whose items can be left out, in the order the brief shows them.
SECTIONS = ("meetings", "signings", "upcoming", "quotes", "articles")
#: Sections whose left-out items the brief's template already counts ("… and 3 more").
_COUNTED = ("meetings", "signings", "upcoming")
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def inline_brief(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer an inline query with one article per period; nothing (and a hint) for an empty or unknown query."""
    inline = update.inline_query
    argument = clean_text(inline.query)[:MAX_ARGUMENT]
    if not any(ch.isalnum() for ch in argument):
        await _answer(inline, [], _button(plain("inline_help")))
        return
    settings = settings_of(context)
    today = today_in(settings.timezone)
    try:
        briefs = await asyncio.wait_for(
            in_store(context, _build_briefs, argument, today, settings.templates_dir, context.bot.username),
            BUILD_SECONDS,
        )
    except TimeoutError:
        log.warning("inline query %r took over %ss; answered with nothing", argument, BUILD_SECONDS)
        await _answer(inline, [], _button(plain("inline_busy")), cache_time=0)
        return
    if not briefs or not briefs[0][0].known:
        view = briefs[0][0] if briefs else None
        hint = plain("inline_unknown", query=argument, suggestions=view.suggestions if view else [])
        await _answer(inline, [], _button(hint))
        return
    await _answer(inline, [_article(view, label, message) for view, label, message in briefs])


def _build_briefs(store, argument: str, today: date, templates, bot_username: str) -> list[tuple[Brief, str, str]]:
    """(brief, title label, its one message) for the typed period or for each of PERIODS; [] for a bad
    period. Runs in a worker thread: building and rendering are the slow part."""
    query, period = split_query_period(argument, today)
    periods = [(period, period)] if period else list(PERIODS)
    try:
        views = [(build_brief(store, query, spec, today), label, spec) for spec, label in periods]
    except PeriodError:
        return []
    return [(view, label, one_message(view, templates=templates, command=f"/brief {view.query} {spec}",
                                      bot_username=bot_username) if view.known else "")
            for view, label, spec in views]


def _article(view: Brief, label: str, message: str) -> InlineQueryResultArticle:
    return InlineQueryResultArticle(
        id=f"brief:{view.date_from:%Y%m%d}-{view.date_to:%Y%m%d}",
        title=plain("inline_title", brief=view, label=label),
        description=plain("inline_description", brief=view),
        input_message_content=InputTextMessageContent(message, parse_mode=ParseMode.HTML,
                                                      link_preview_options=_NO_PREVIEW),
    )


def one_message(view: Brief, *, templates=None, command: str, bot_username: str) -> str:
    """The brief as one Telegram HTML message: whole if it fits, else its first items (cut between
    items) and a line saying how many more the bot shows for ``command``."""
    whole = render(view, "html", templates=templates).strip()
    if _fits(whole):
        return whole
    order = [(section, index) for section in SECTIONS for index in range(len(getattr(view, section)))]
    best, low, high = None, 0, len(order) - 1
    while low <= high:  # the most items that still fit together with the line saying what is left out
        middle = (low + high) // 2
        line = text("inline_more", count=len(order) - middle, command=command, bot_username=bot_username)
        candidate = render(_first_items(view, order[:middle]), "html", templates=templates).strip() + "\n\n" + line
        if _fits(candidate):
            best, low = candidate, middle + 1
        else:
            high = middle - 1
    if best is not None:
        return best
    # even the bare headings do not fit (an operator's template?): cut the text itself
    line = text("inline_more", count=len(order), command=command, bot_username=bot_username)
    first = split_telegram(whole, limit=TELEGRAM_LIMIT - visible_length(line) - 2,
                           max_entities=TELEGRAM_MAX_ENTITIES - entity_count(line))[0]
    return first + "\n\n" + line


def _first_items(view: Brief, keep: list[tuple[str, int]]) -> Brief:
    """``view`` with only the items in ``keep``; the left-out events are counted in ``more``."""
    shown = {section: sum(1 for s, _ in keep if s == section) for section in SECTIONS}
    more = dict(view.more)
    for section in _COUNTED:
        more[section] = more.get(section, 0) + len(getattr(view, section)) - shown[section]
    return dataclasses.replace(view, more=more, **{s: getattr(view, s)[:shown[s]] for s in SECTIONS})


def _fits(html: str) -> bool:
    return visible_length(html) <= TELEGRAM_LIMIT and entity_count(html) <= TELEGRAM_MAX_ENTITIES


def _button(hint: str) -> InlineQueryResultsButton:
    """A button above the (empty) results that opens a private chat with the bot."""
    return InlineQueryResultsButton(text=hint[:BUTTON_TEXT], start_parameter="inline")


async def _answer(inline, results: list, button: InlineQueryResultsButton | None = None, *,
                  cache_time: int = CACHE_SECONDS) -> None:
    try:
        await inline.answer(results, cache_time=cache_time, button=button)
    except TelegramError as exc:  # too late (the user typed on) or refused: nothing to tell anyone
        log.warning("inline query %s not answered: %s", inline.id, exc)
