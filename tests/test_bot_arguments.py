"""Argument parsing of the bot's commands: any text either parses or gives a UserError reply."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings, strategies as st

from bot.handlers.common import MAX_ARGUMENT, CommandLimiter, UserError, clean_text
from bot.handlers.reading import parse_day, split_query_period
from bot.handlers.subscribing import parse_subscribe_arguments, resolve_timezone
from bot.messages import text

TODAY = date(2024, 11, 25)
ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=MAX_ARGUMENT)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_subscribe_argument_parses_or_says_why(argument):
    try:
        channel, time, tz = parse_subscribe_arguments(clean_text(argument))
    except UserError as exc:
        assert exc.html.strip()
        return
    assert time is None or (len(time) == 5 and time[2] == ":")
    assert tz is None or resolve_timezone(tz) == tz
    assert channel is None or channel.startswith(("@", "-100"))


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_any_brief_argument_splits_into_query_and_period(argument):
    cleaned = clean_text(argument)
    query, period = split_query_period(cleaned, TODAY)
    assert (query + " " + period if period else query).split() == cleaned.split()


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_any_digest_argument_is_a_day_or_says_the_format(argument):
    try:
        assert isinstance(parse_day(clean_text(argument), TODAY), date)
    except UserError as exc:
        assert "YYYY-MM-DD" in exc.html


@given(st.text(max_size=500))
def test_clean_text_drops_control_and_direction_characters(raw):
    cleaned = clean_text(raw)
    assert not any(ord(c) < 32 or ord(c) == 127 or c in "\u202e\u2066\u200b" for c in cleaned)
    assert cleaned == cleaned.strip() and "  " not in cleaned


def test_clean_text_keeps_paragraphs_when_multiline():
    assert clean_text("Title\r\n\r\nBody\x00 text\there\n", multiline=True) == "Title\n\nBody text here"


@pytest.mark.parametrize("argument, expected", [
    ("08:00 Europe/Minsk", (None, "08:00", "Europe/Minsk")),
    ("europe/minsk 7:30", (None, "07:30", "Europe/Minsk")),
    ("@diplo_news 6.15", ("@diplo_news", "06:15", None)),
    ("", (None, None, None)),
])
def test_subscribe_arguments(argument, expected):
    assert parse_subscribe_arguments(argument) == expected


def test_unknown_zone_suggests_close_names_or_examples():
    with pytest.raises(UserError) as close:
        resolve_timezone("Europe/Minks")
    assert "Europe/Minsk" in close.value.html
    with pytest.raises(UserError) as far:
        resolve_timezone("<b>Atlantis</b>")
    assert "&lt;b&gt;Atlantis" in far.value.html and "Asia/Colombo" in far.value.html


@pytest.mark.parametrize("argument, expected", [
    ("Belarus", ("Belarus", None)),
    ("Belarus 30d", ("Belarus", "30d")),
    ("Lavrov since 2024-11-01", ("Lavrov", "since 2024-11-01")),
    ("BRICS 2024-11-01..2024-11-30", ("BRICS", "2024-11-01..2024-11-30")),
    ("Belarus 2024-13-99", ("Belarus", "2024-13-99")),  # looks like a date: the brief says what is wrong
    ("energy security", ("energy security", None)),
])
def test_split_query_period(argument, expected):
    assert split_query_period(argument, TODAY) == expected


def test_command_limiter_is_a_sliding_window_per_user():
    now = [0.0]
    limiter = CommandLimiter(2, clock=lambda: now[0])
    assert limiter.wait_time(1) == 0 and limiter.wait_time(1) == 0
    assert limiter.wait_time(1) == pytest.approx(60)
    assert limiter.wait_time(2) == 0  # another user
    now[0] = 30
    assert limiter.wait_time(1) == pytest.approx(30)
    now[0] = 60
    assert limiter.wait_time(1) == 0


def test_reply_templates_escape_what_users_typed():
    html = text("bad_time", value="<script>")
    assert "&lt;script&gt;" in html and "<script>" not in html
