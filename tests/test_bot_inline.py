"""Inline mode (``@bot Belarus`` in any chat) through the real Application and the fake Bot API
server, which refuses answers Telegram would refuse; and doctor's report on inline mode."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from telegram import Bot, InlineQueryResultArticle, InputTextMessageContent
from telegram.error import BadRequest

from briefings.digest import build_brief
from briefings.ops import doctor
from briefings.store import Store
from tests.factories import FactBuilder
from tests.fakes.botapi import FakeBotAPI
from tests.test_bot_commands import USER, bot, bot_env, seeded_db  # noqa: F401 (fixtures)
from telegram_html import check_telegram_html, utf16

PARTNERS = ("PL", "LT", "LV", "UA", "CN", "TR", "IN", "AM", "KZ", "UZ", "AZ", "GE")


def _today():
    return datetime.now(timezone.utc).date()


def _recent_meetings(db_path, count: int, *, long: bool = False) -> list[str]:
    """``count`` meetings of Belarus with other partners, every other day before today; their places."""
    places = []
    with Store(db_path) as store:
        facts = FactBuilder(store)
        for n in range(count):
            day = (_today() - timedelta(days=2 + 2 * n)).isoformat()
            partner = PARTNERS[n % len(PARTNERS)]
            place = f"Town-{n:02d}"
            article = facts.article(f"Report {n} on Belarus & {partner} <talks>", day, countries=("BY", partner),
                                    source=f"Wire {n}")
            people = [(f"Minister Number{n}", "Foreign Minister", partner)]
            if long:  # delegations and agreements make a brief longer than one message
                people += [(f"Deputy{k} Number{n}", "Deputy Minister of Foreign Affairs", partner) for k in range(4)]
                facts.signing(article, f"agreement number {n} on trade, transit corridors and energy supplies",
                              ["BY", partner], date=day)
                facts.upcoming(article, f"Summit number {n} of the heads of state on trade and transit corridors",
                               (_today() + timedelta(days=3 + n)).isoformat(), members=["BY", partner],
                               location=f"Conference centre of {place}")
                for k in range(3):  # the meeting as other wires reported it
                    other = facts.article(f"Wire {k} on talks {n} of Belarus & {partner}", day, source=f"Agency {k}",
                                          countries=("BY", partner))
                    facts.meeting(other, people[:1], ["BY", partner], date=day, location=place)
            facts.meeting(article, people, ["BY", partner], date=day, location=place)
            places.append(place)
    return places


def _article_texts(answer: dict) -> list[str]:
    return [r["input_message_content"]["message_text"] for r in answer["results"]]


async def test_inline_query_offers_the_last_7_and_30_days(bot):
    places = _recent_meetings(bot.settings.db_path, 6)  # days -2, -4, ... -12
    query_id = bot.server.send_inline_query(USER, "Belarus")
    answer = await bot.server.wait_for_inline_answer(query_id)
    assert answer["cache_time"] == 300
    week, month = answer["results"]
    assert "last 7 days" in week["title"] and "last 30 days" in month["title"] and "Belarus" in week["title"]
    assert week["id"] != month["id"]
    for result in (week, month):
        content = result["input_message_content"]
        assert content["parse_mode"] == "HTML"
        visible, _ = check_telegram_html(content["message_text"])
        assert utf16(visible) <= 4096
    week_text, month_text = (check_telegram_html(t)[0] for t in _article_texts(answer))
    assert places[0] in week_text and places[2] in week_text and places[3] not in week_text  # day -8 is older
    assert all(place in month_text for place in places)
    assert "Report 0 on Belarus &amp; PL &lt;talks&gt;" in _article_texts(answer)[0]  # article text escaped


async def test_a_long_brief_is_cut_to_one_message_between_items(bot):
    _recent_meetings(bot.settings.db_path, 12, long=True)
    with Store(bot.settings.db_path) as store:
        full = build_brief(store, "Belarus", "30d", _today())
    query_id = bot.server.send_inline_query(USER, "Belarus")
    answer = await bot.server.wait_for_inline_answer(query_id)
    text = _article_texts(answer)[1]
    visible, _ = check_telegram_html(text)
    assert utf16(visible) <= 4096
    last_line = visible.strip().splitlines()[-1]
    assert "more items in the full brief: /brief Belarus 30d" in last_line and "@briefings_test_bot" in last_line
    left_out = int(last_line.split()[1])
    items = [i.title for i in full.meetings] + [i.title for i in full.signings] + [i.title for i in full.upcoming]
    items += [q.text for q in full.quotes] + [a.title for a in full.articles]
    shown = [item for item in items if item in visible]
    assert left_out > 0 and len(shown) + left_out == len(items)
    assert shown == items[:len(shown)]  # the first items, whole, in the brief's order
    # the headline still counts every meeting, and the cut sections say how many they leave out
    assert f"{len(full.meetings) + full.more.get('meetings', 0)} meetings" in visible


@pytest.mark.parametrize("query", ["", "   ", "!!!"])
async def test_an_empty_query_gets_a_hint_and_no_results(bot, query):
    answer = await bot.server.wait_for_inline_answer(bot.server.send_inline_query(USER, query))
    assert answer["results"] == [] and answer["button"]["start_parameter"] == "inline"
    assert "country" in answer["button"]["text"]


async def test_an_unknown_subject_gets_no_results_and_a_typed_period_one(bot):
    answer = await bot.server.wait_for_inline_answer(bot.server.send_inline_query(USER, "Atlantis"))
    assert answer["results"] == [] and "Atlantis" in answer["button"]["text"]
    answer = await bot.server.wait_for_inline_answer(bot.server.send_inline_query(USER, "Belarus 2024-11"))
    [result] = answer["results"]
    assert "Nov 2024" in result["title"] or "2024-11" in result["title"]
    visible, _ = check_telegram_html(result["input_message_content"]["message_text"])
    assert "Brest" in visible


async def test_fake_server_refuses_what_telegram_refuses():
    async with FakeBotAPI() as server, Bot(server.token, base_url=server.base_url) as client:
        def article(n, text="<b>ok</b>"):
            return InlineQueryResultArticle(str(n), "t", InputTextMessageContent(text, parse_mode="HTML"))

        cases = [([article(n) for n in range(51)], "Results_too_much"),
                 ([article("x" * 65)], "Result_id_invalid"),
                 ([article(1), article(1)], "Result_id_duplicate"),
                 ([article(1, "<b>unclosed")], "parse entities"),
                 ([article(1, "x" * 4097)], "too long")]
        for results, error in cases:
            with pytest.raises(BadRequest, match=f"(?i){error}"):
                await client.answer_inline_query(server.send_inline_query(USER, "q"), results)
        server.inline_timeout = 0  # answered after the query's time limit
        with pytest.raises(BadRequest, match="too old"):
            await client.answer_inline_query(server.send_inline_query(USER, "q"), [article(1)])


@pytest.mark.parametrize("enabled", [True, False])
def test_doctor_reports_inline_mode(enabled, tmp_path):
    fake = FakeBotAPI(inline_mode=enabled)
    with fake.running_in_thread():
        env = {"TELEGRAM_BOT_TOKEN": fake.token, "TELEGRAM_API_BASE_URL": fake.base_url,
               "BRIEFINGS_DB": str(tmp_path / "b.db")}
        checks = {c.name: c for c in doctor(env, network=True).checks}
    inline = checks["inline mode"]
    assert checks["telegram"].status == "ok"
    if enabled:
        assert inline.status == "ok" and "enabled" in inline.message
    else:
        assert inline.status == "warn" and "disabled" in inline.message and "/setinline" in inline.fix


async def test_a_slow_build_is_answered_in_time_with_nothing(bot, monkeypatch):
    from bot.handlers import inline

    monkeypatch.setattr(inline, "BUILD_SECONDS", 0.000001)  # any build overruns it
    answer = await bot.server.wait_for_inline_answer(bot.server.send_inline_query(USER, "Belarus"))
    assert answer["results"] == [] and answer["cache_time"] == 0 and "again" in answer["button"]["text"]
