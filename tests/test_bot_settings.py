"""Bot settings from the environment, .env and token files; the CLI's one-line errors; log redaction."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SETTINGS, BotSettings, SettingsError, parse_time

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"


def settings(**env) -> BotSettings:
    return BotSettings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, **env})


def test_defaults_and_values_from_env(tmp_path):
    plain = settings()
    assert (plain.digest_time, plain.timezone, plain.mode, plain.admins) == ("08:00", "UTC", "polling", frozenset())
    full = settings(
        BRIEFINGS_ADMINS="11, 22;33", BRIEFINGS_DB=str(tmp_path / "x.db"), BRIEFINGS_DIGEST_TIME="7:05",
        BRIEFINGS_TIMEZONE="Europe/Minsk", TELEGRAM_API_BASE_URL="http://127.0.0.1:9/bot", BRIEFINGS_PORT="8080",
        BRIEFINGS_LOG_LEVEL="debug", BRIEFINGS_FETCH_ALLOW="127.0.0.1, example.org",
    )
    assert full.admins == {11, 22, 33}
    assert full.db_path == tmp_path / "x.db"
    assert full.digest_time == "07:05"
    assert full.timezone == "Europe/Minsk"
    assert full.api_base_url == "http://127.0.0.1:9/bot"
    assert (full.port, full.log_level, full.fetch_allow) == (8080, "DEBUG", ("127.0.0.1", "example.org"))
    assert full.is_admin(22) and not full.is_admin(44) and not full.is_admin(None)


def test_every_field_is_documented_in_the_settings_list():
    names = [name for name, _, _ in SETTINGS]
    assert len(names) == len(set(names))
    assert all(description.strip() for _, _, description in SETTINGS)
    for required in ("TELEGRAM_BOT_TOKEN", "TELEGRAM_BOT_TOKEN_FILE", "BRIEFINGS_ADMINS", "BRIEFINGS_DB",
                     "BRIEFINGS_DIGEST_TIME", "BRIEFINGS_TIMEZONE", "TELEGRAM_API_BASE_URL", "BRIEFINGS_MODE",
                     "BRIEFINGS_WEBHOOK_URL", "BRIEFINGS_WEBHOOK_SECRET"):
        assert required in names


@pytest.mark.parametrize("env, fragment", [
    ({"TELEGRAM_BOT_TOKEN": ""}, "TELEGRAM_BOT_TOKEN is not set"),
    ({"TELEGRAM_BOT_TOKEN": "123:short"}, "malformed"),
    ({"TELEGRAM_BOT_TOKEN": "abc:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw1"}, "malformed"),
    ({"BRIEFINGS_ADMINS": "12,bob"}, "'bob' is not a Telegram user id"),
    ({"BRIEFINGS_DIGEST_TIME": "25:00"}, "HH:MM"),
    ({"BRIEFINGS_TIMEZONE": "Mars/Olympus"}, "Europe/Minsk"),
    ({"BRIEFINGS_MODE": "push"}, "polling, webhook"),
    ({"BRIEFINGS_MODE": "webhook"}, "https://"),
    ({"BRIEFINGS_MODE": "webhook", "BRIEFINGS_WEBHOOK_URL": "https://bot.example.org/tg"}, "needs a secret"),
    ({"BRIEFINGS_WEBHOOK_SECRET": "has space in the secret"}, "A-Z a-z 0-9"),
    ({"BRIEFINGS_PORT": "99999"}, "out of range"),
    ({"BRIEFINGS_LOG_LEVEL": "LOUD"}, "DEBUG"),
    ({"TELEGRAM_API_BASE_URL": "ftp://x"}, "not an http(s) URL"),
    ({"BRIEFINGS_FETCH_ALLOW": "10.0.0.0/8, bad host!"}, "BRIEFINGS_FETCH_ALLOW"),
])
def test_bad_values_get_one_line_errors_without_the_token(env, fragment):
    with pytest.raises(SettingsError) as caught:
        BotSettings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, **env})
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
    assert TOKEN.split(":")[1] not in message


def test_token_file_and_repr_hides_secrets(tmp_path):
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n")
    loaded = BotSettings.from_env({"TELEGRAM_BOT_TOKEN_FILE": str(path), "BRIEFINGS_WEBHOOK_SECRET": "s3cr3t-value"})
    assert loaded.token == TOKEN
    assert loaded.bot_id == 123456789
    assert TOKEN not in repr(loaded) and "AAHdq" not in repr(loaded) and "s3cr3t" not in repr(loaded)
    with pytest.raises(SettingsError, match="cannot read"):
        BotSettings.from_env({"TELEGRAM_BOT_TOKEN_FILE": str(tmp_path / "missing")})
    path.write_text("not a token")
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN_FILE is malformed"):
        BotSettings.from_env({"TELEGRAM_BOT_TOKEN_FILE": str(path)})


def test_dotenv_file_is_read_and_environment_wins(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nBRIEFINGS_TIMEZONE=Asia/Colombo\nBRIEFINGS_PORT=9000\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    monkeypatch.delenv("BRIEFINGS_TIMEZONE", raising=False)
    monkeypatch.setenv("BRIEFINGS_PORT", "9100")
    loaded = BotSettings.from_env()
    assert (loaded.token, loaded.timezone, loaded.port) == (TOKEN, "Asia/Colombo", 9100)


@pytest.mark.parametrize("value, expected", [("8:00", "08:00"), ("08:00", "08:00"), ("23:59", "23:59"), (" 0:00 ", "00:00")])
def test_parse_time(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize("value", ["24:00", "8", "08:60", "8am", "", "08:00:00"])
def test_parse_time_rejects(value):
    with pytest.raises(SettingsError, match="HH:MM"):
        parse_time(value)


@pytest.mark.parametrize("command", [["briefings", "bot"], [sys.executable, "-m", "bot"]])
@pytest.mark.parametrize("token", ["", "12345:nope"])
def test_cli_refuses_missing_or_malformed_token_in_one_line(command, token, tmp_path):
    env = {"PATH": str(Path(sys.executable).parent), "HOME": str(tmp_path), "TELEGRAM_BOT_TOKEN": token}
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("error: TELEGRAM_BOT_TOKEN")
    assert "Traceback" not in done.stderr and "nope" not in done.stderr


def test_building_the_bot_redacts_its_token_from_messages_arguments_and_tracebacks(caplog):
    from bot.app import build_application

    hook_secret = "hook-Secret_0123456"
    build_application(settings(BRIEFINGS_WEBHOOK_SECRET=hook_secret))
    logger = logging.getLogger("httpx")
    caplog.set_level(logging.DEBUG, logger="httpx")  # an earlier logging setup may have quietened it
    with caplog.at_level(logging.DEBUG):
        logger.info('HTTP Request: POST https://api.telegram.org/bot%s/getMe "HTTP/1.1 200 OK"', TOKEN)
        logger.debug("secret half %s, webhook secret %s", TOKEN.split(":")[1], hook_secret)
        try:
            raise RuntimeError(f"failed calling https://api.telegram.org/bot{TOKEN}/sendMessage")
        except RuntimeError:
            logging.getLogger("telegram.ext").exception("boom")
    rendered = caplog.text + "".join(logging.Formatter().format(r) for r in caplog.records)
    assert "getMe" in rendered and "<redacted>" in rendered
    assert TOKEN not in rendered and TOKEN.split(":")[1] not in rendered and hook_secret not in rendered
    assert "secret half <redacted>, webhook secret <redacted>" in rendered
