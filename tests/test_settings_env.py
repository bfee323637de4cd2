"""Settings: deploy/.env.example lists every variable the code reads, with its real default, and
every variable parses into its setting or fails with a one-line error naming it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import SETTINGS, BotSettings
from briefings.config import CoreSettings, SettingsError
from briefings.sources import PollSettings

REPO = Path(__file__).resolve().parents[1]
ENV_EXAMPLE = REPO / "deploy" / ".env.example"
TOKEN = "7312345678:AAFq3nZ0b_ExampleTokenValue-xyz0123456789"
ASSIGNMENT = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]+)=(.*)$")


def example_lines() -> list[str]:
    return ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()


def example_values() -> dict[str, str]:
    """Every NAME=value of the example, commented-out defaults included."""
    values = {}
    for line in example_lines():
        match = ASSIGNMENT.match(line)
        if match:
            assert match.group(2) not in values, f"{match.group(2)} listed twice"
            values[match.group(2)] = match.group(3)
    return values


def variables_read_by_the_code() -> set[str]:
    names = set()
    for folder in ("briefings", "bot"):
        for path in (REPO / folder).rglob("*.py"):
            names |= set(re.findall(r"[\"']((?:BRIEFINGS|TELEGRAM)_[A-Z0-9_]+)[\"']", path.read_text(encoding="utf-8")))
    return names


def test_example_lists_every_variable_the_code_reads_and_no_others():
    listed = set(example_values())
    read = variables_read_by_the_code() | {name for name, _, _ in SETTINGS}
    assert read - listed == set(), "add these to deploy/.env.example"
    assert listed - read == set(), "deploy/.env.example lists variables nothing reads"


def test_every_variable_has_a_comment_above_it():
    lines = example_lines()
    for i, line in enumerate(lines):
        if ASSIGNMENT.match(line):
            above = lines[i - 1]
            assert above.startswith("#") and not ASSIGNMENT.match(above), f"{line!r} needs a comment line above it"
            assert len(above.strip("# ")) > 10


def test_defaults_shown_are_the_real_defaults():
    shown = example_values()
    for name, default, _ in SETTINGS:
        if default not in (None, ""):
            assert shown[name] == default, name
    assert shown["BRIEFINGS_FETCH_MAX_MB"] == str(PollSettings().fetch.max_bytes // (1024 * 1024))
    assert shown["BRIEFINGS_SOURCE_NOTICE_AFTER"] == str(PollSettings().notice_after)
    assert shown["BRIEFINGS_FULLTEXT_PER_POLL"] == str(PollSettings().max_page_fetches)


def test_the_example_with_every_line_uncommented_parses(tmp_path):
    from briefings.ops import check_settings

    env = {name: value for name, value in example_values().items()}
    env.update(TELEGRAM_BOT_TOKEN=TOKEN, BRIEFINGS_ADMINS="123456789", TELEGRAM_BOT_TOKEN_FILE="",
               BRIEFINGS_WEBHOOK_URL="")
    settings = BotSettings.from_env(env)
    assert (settings.mode, settings.digest_time, settings.timezone, settings.port) == ("polling", "08:00", "UTC", 8443)
    PollSettings.from_env(env)
    CoreSettings.from_env(env)
    assert check_settings(env).status == "ok"


# name -> (value in the environment, attribute of BotSettings, expected value)
EVERY_BOT_VARIABLE = {
    "TELEGRAM_BOT_TOKEN": (TOKEN, "token", TOKEN),
    "TELEGRAM_BOT_TOKEN_FILE": ("{tmp}/token", "token_file", "{tmp}/token"),
    "BRIEFINGS_ADMINS": ("5, 6;7", "admins", frozenset({5, 6, 7})),
    "BRIEFINGS_DB": ("{tmp}/x.db", "db_path", "{tmp}/x.db"),
    "BRIEFINGS_DIGEST_TIME": ("6:30", "digest_time", "06:30"),
    "BRIEFINGS_TIMEZONE": ("Asia/Colombo", "timezone", "Asia/Colombo"),
    "TELEGRAM_API_BASE_URL": ("http://127.0.0.1:8081/bot", "api_base_url", "http://127.0.0.1:8081/bot"),
    "BRIEFINGS_MODE": ("WEBHOOK", "mode", "webhook"),
    "BRIEFINGS_WEBHOOK_URL": ("https://bot.example.org/tg", "webhook_url", "https://bot.example.org/tg"),
    "BRIEFINGS_WEBHOOK_SECRET": ("s3cret_-Value", "webhook_secret", "s3cret_-Value"),
    "BRIEFINGS_LISTEN": ("0.0.0.0", "listen", "0.0.0.0"),
    "BRIEFINGS_PORT": ("9443", "port", 9443),
    "BRIEFINGS_LOG_LEVEL": ("warning", "log_level", "WARNING"),
    "BRIEFINGS_POLL_MINUTES": ("0", "poll_minutes", 0),
    "BRIEFINGS_FETCH_ALLOW": ("127.0.0.1, intranet.example", "fetch_allow", ("127.0.0.1", "intranet.example")),
    "BRIEFINGS_TEMPLATES": ("{tmp}/tpl", "templates_dir", "{tmp}/tpl"),
    "BRIEFINGS_RATE_LIMIT_COMMANDS": ("12", "commands_per_minute", 12),
}


# Listed in bot.settings.SETTINGS for the docs, but read by the feed poller's PollSettings
# (checked in test_core_and_poller_variables_reach_their_settings).
POLLER_VARIABLES = {
    "BRIEFINGS_FETCH_MAX_MB", "BRIEFINGS_FETCH_CA_BUNDLE", "BRIEFINGS_FULLTEXT_PER_POLL", "BRIEFINGS_SOURCE_NOTICE_AFTER",
}


def test_the_table_below_covers_every_bot_setting():
    assert set(EVERY_BOT_VARIABLE) | POLLER_VARIABLES == {name for name, _, _ in SETTINGS}


@pytest.mark.parametrize("name", sorted(EVERY_BOT_VARIABLE))
def test_each_bot_variable_reaches_its_setting(name, tmp_path):
    value, attribute, expected = EVERY_BOT_VARIABLE[name]
    value = value.replace("{tmp}", str(tmp_path))
    if isinstance(expected, str) and "{tmp}" in expected:
        expected = Path(expected.replace("{tmp}", str(tmp_path)))
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, name: value}
    if name == "TELEGRAM_BOT_TOKEN_FILE":
        Path(value).write_text(TOKEN + "\n")
        del env["TELEGRAM_BOT_TOKEN"]
    if name == "BRIEFINGS_MODE":
        env.update(BRIEFINGS_WEBHOOK_URL="https://bot.example.org/tg", BRIEFINGS_WEBHOOK_SECRET="abcdef")
    settings = BotSettings.from_env(env)
    assert getattr(settings, attribute) == expected
    assert getattr(BotSettings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN}), attribute) != expected or name == "TELEGRAM_BOT_TOKEN"


def test_core_and_poller_variables_reach_their_settings(tmp_path):
    core = CoreSettings.from_env({"BRIEFINGS_DB": str(tmp_path / "c.db"), "BRIEFINGS_SPACY_MODEL": "xx_model",
                                  "BRIEFINGS_TEMPLATES": str(tmp_path), "BRIEFINGS_TIMEZONE": "Europe/Minsk"})
    assert (core.db_path, core.spacy_model, core.templates_dir, core.timezone) == (
        tmp_path / "c.db", "xx_model", tmp_path, "Europe/Minsk")
    poll = PollSettings.from_env({"BRIEFINGS_FETCH_MAX_MB": "2", "BRIEFINGS_SOURCE_NOTICE_AFTER": "5",
                                  "BRIEFINGS_FULLTEXT_PER_POLL": "0", "BRIEFINGS_FETCH_ALLOW": "10.0.0.0/8"})
    assert (poll.fetch.max_bytes, poll.notice_after, poll.max_page_fetches) == (2 * 1024 * 1024, 5, 0)
    assert poll.fetch.allow and not PollSettings.from_env({}).fetch.allow


@pytest.mark.parametrize("name, value, parse", [
    ("BRIEFINGS_ADMINS", "12,alice", "bot"),
    ("BRIEFINGS_DIGEST_TIME", "8am", "bot"),
    ("BRIEFINGS_TIMEZONE", "Moon/Tranquility", "bot"),
    ("TELEGRAM_API_BASE_URL", "api.telegram.org", "bot"),
    ("BRIEFINGS_MODE", "carrier-pigeon", "bot"),
    ("BRIEFINGS_WEBHOOK_SECRET", "no spaces allowed", "bot"),
    ("BRIEFINGS_PORT", "http", "bot"),
    ("BRIEFINGS_PORT", "0", "bot"),
    ("BRIEFINGS_LOG_LEVEL", "verbose", "bot"),
    ("BRIEFINGS_POLL_MINUTES", "-5", "bot"),
    ("BRIEFINGS_RATE_LIMIT_COMMANDS", "0", "bot"),
    ("TELEGRAM_BOT_TOKEN", "not-a-token", "bot"),
    ("BRIEFINGS_TIMEZONE", "Nowhere/Land", "core"),
    ("BRIEFINGS_FETCH_MAX_MB", "ten", "poll"),
    ("BRIEFINGS_SOURCE_NOTICE_AFTER", "never", "poll"),
    ("BRIEFINGS_FULLTEXT_PER_POLL", "-1", "poll"),
    ("BRIEFINGS_FETCH_ALLOW", "http://10.0.0.1/", "poll"),
    ("BRIEFINGS_FETCH_CA_BUNDLE", "/nonexistent/ca.pem", "poll"),
])
def test_bad_values_give_one_line_errors_naming_the_variable(name, value, parse):
    env = {"TELEGRAM_BOT_TOKEN": TOKEN, name: value}
    reader = {"bot": BotSettings.from_env, "core": CoreSettings.from_env, "poll": PollSettings.from_env}[parse]
    with pytest.raises(SettingsError) as caught:
        reader(env)
    message = str(caught.value)
    assert message.startswith(name) and "\n" not in message
    assert TOKEN.split(":")[1] not in message


def test_webhook_mode_needs_url_and_secret():
    with pytest.raises(SettingsError, match="BRIEFINGS_WEBHOOK_URL"):
        BotSettings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "BRIEFINGS_MODE": "webhook"})
    with pytest.raises(SettingsError, match="BRIEFINGS_WEBHOOK_URL"):
        BotSettings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "BRIEFINGS_MODE": "webhook",
                              "BRIEFINGS_WEBHOOK_URL": "http://plain.example.org/tg", "BRIEFINGS_WEBHOOK_SECRET": "abcdef"})
    with pytest.raises(SettingsError, match="BRIEFINGS_WEBHOOK_SECRET"):
        BotSettings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "BRIEFINGS_MODE": "webhook",
                              "BRIEFINGS_WEBHOOK_URL": "https://bot.example.org/tg"})
