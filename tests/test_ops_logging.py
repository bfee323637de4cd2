"""Logging: one format, the level from the environment, never a token, no article bodies at INFO."""

from __future__ import annotations

import io
import logging
import re
import shutil

import pytest

from briefings import logsetup
from briefings.models import split_paragraphs

TOKEN = "7312345678:AAFq3nZ0b_ExampleTokenValue-xyz0123456789"
LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: ")


@pytest.fixture
def stream():
    out = io.StringIO()
    yield out
    for handler in [h for h in logging.getLogger().handlers if getattr(h, "_briefings", False)]:
        logging.getLogger().removeHandler(handler)


def test_one_format_and_level_from_environment(stream, monkeypatch):
    monkeypatch.setenv("BRIEFINGS_LOG_LEVEL", "info")
    assert logsetup.configure_logging(stream=stream) == "INFO"
    logging.getLogger("briefings.test").info("stored %d articles", 3)
    logging.getLogger("briefings.test").debug("not shown")
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and LINE.match(lines[0]) and lines[0].endswith("INFO briefings.test: stored 3 articles")
    logsetup.configure_logging("DEBUG", stream=stream)  # reconfiguring replaces the handler, no doubled lines
    logging.getLogger("briefings.test").debug("now shown")
    assert stream.getvalue().count("now shown") == 1


def test_bad_level_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("BRIEFINGS_LOG_LEVEL", "chatty")
    with pytest.raises(ValueError, match="BRIEFINGS_LOG_LEVEL: 'CHATTY' is not one of DEBUG, INFO"):
        logsetup.level_from_env()
    assert logsetup.level_from_env(env={}) == "WARNING"


def test_token_shapes_are_redacted_everywhere(stream):
    logsetup.configure_logging("DEBUG", stream=stream)
    log = logging.getLogger("httpx")
    log.info('HTTP Request: POST https://api.telegram.org/bot%s/getUpdates "HTTP/1.1 200 OK"', TOKEN)
    log.warning("token in message bot" + TOKEN)
    log.debug("in a dict %s", {"token": TOKEN})
    try:
        raise RuntimeError(f"cannot reach https://api.telegram.org/bot{TOKEN}/sendMessage")
    except RuntimeError:
        logging.getLogger("telegram.ext").exception("send failed")
    text = stream.getvalue()
    assert TOKEN not in text and TOKEN.split(":")[1] not in text
    assert text.count(logsetup.REDACTED) == 4  # three messages and the traceback
    assert "getUpdates" in text and "sendMessage" in text and "Traceback" in text


def test_registered_secrets_are_redacted(stream):
    logsetup.configure_logging("INFO", stream=stream, secrets=["webhook-Secret_42", None, "abc"])
    logging.getLogger("bot").info("webhook secret is webhook-Secret_42; short abc stays")
    assert "webhook-Secret_42" not in stream.getvalue()
    assert "short abc stays" in stream.getvalue()
    logsetup.add_secrets(["42:Other-shape-token", "42:abc"])  # a token the pattern misses, and its secret half
    logging.getLogger("bot").info("token 42:Other-shape-token, half Other-shape-token; bot 42, abc")
    assert stream.getvalue().splitlines()[-1].endswith("token <redacted>, half <redacted>; bot 42, abc")


def test_long_messages_are_cut_below_debug(stream):
    body = "The ministers met and talked at length about many things. " * 40
    logsetup.configure_logging("INFO", stream=stream)
    logging.getLogger("briefings.test").info("article text: %s", body)
    assert body not in stream.getvalue()
    assert "chars; full text only at DEBUG" in stream.getvalue()
    logsetup.configure_logging("DEBUG", stream=stream)
    logging.getLogger("briefings.test").debug("article text: %s", body)
    assert body in stream.getvalue()


def test_chatty_http_loggers_only_at_debug(stream):
    logsetup.configure_logging("INFO", stream=stream)
    logging.getLogger("httpx").info("HTTP Request: GET https://example.org/feed")
    assert "example.org/feed" not in stream.getvalue()


def test_cli_ingest_at_info_logs_no_article_bodies(runner, tmp_path, seeds_dir, monkeypatch):
    from briefings.cli import cli

    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir, seeds)
    monkeypatch.setenv("BRIEFINGS_LOG_LEVEL", "INFO")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "ingest", "--no-extract", str(seeds)])
    assert result.exit_code == 0
    for path in seeds.glob("*.txt"):
        for paragraph in split_paragraphs(path.read_text(encoding="utf-8"))[2:]:
            assert paragraph[:80] not in result.stderr


def test_cli_uses_the_environment_level_and_rejects_a_bad_one(runner, tmp_path, monkeypatch):
    from briefings.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFINGS_LOG_LEVEL", "LOUD")
    result = runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "stats"])
    assert result.exit_code == 1 and "BRIEFINGS_LOG_LEVEL: 'LOUD'" in result.stderr
    monkeypatch.setenv("BRIEFINGS_LOG_LEVEL", "debug")
    assert runner.invoke(cli, ["--db", str(tmp_path / "x.db"), "stats"]).exit_code == 0
    assert logging.getLogger().level == logging.DEBUG
