"""One log format for the CLI and the bot, the level from ``BRIEFINGS_LOG_LEVEL``, and no secrets.

Every log record passes through a redaction step installed as the log-record factory, so it
covers every logger and handler (httpx request lines carry the bot token in the URL), the
formatted message, its arguments and tracebacks:

* anything shaped like a Bot API token (``123456:AAH...``) becomes ``<redacted>``;
* secrets registered with :func:`add_secrets` (the webhook secret) become ``<redacted>``;
* below DEBUG, a message is cut to :data:`MAX_MESSAGE_CHARS`, so an article body passed to a
  log call by mistake never lands in the logs whole (log ids and titles, not bodies).
"""

from __future__ import annotations

import logging
import os
import re
import sys
from typing import Iterable

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
REDACTED = "<redacted>"
MAX_MESSAGE_CHARS = 500
#: Registered secrets shorter than this are not redacted (they would garble ordinary words).
MIN_SECRET_CHARS = 6
#: A Bot API token: the bot id, a colon, 30+ characters of the secret half.
TOKEN_SHAPE = re.compile(r"\d+:[A-Za-z0-9_-]{30,}")
#: Loggers that repeat request URLs (with the token) at INFO: only shown at DEBUG.
CHATTY_LOGGERS = ("httpx", "httpcore", "apscheduler.executors.default")

_secrets: set[str] = set()
_clip = True
_factory_installed = False


def redact(text: str) -> str:
    """``text`` with token-shaped strings and registered secrets replaced by ``<redacted>``."""
    text = TOKEN_SHAPE.sub(REDACTED, text)
    for secret in sorted(_secrets, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


def add_secrets(secrets: Iterable[str | None]) -> None:
    """Also redact these exact values (webhook secret, a token of another shape) from now on."""
    for secret in filter(None, secrets):
        # a token's secret half too, in case it is logged apart from the bot id
        values = (secret, secret.split(":", 1)[1]) if ":" in secret else (secret,)
        _secrets.update(value for value in values if len(value) >= MIN_SECRET_CHARS)
    install_redaction()


def _clean(record: logging.LogRecord) -> logging.LogRecord:
    try:
        message = record.getMessage()
    except Exception:  # a malformed format string: logging reports it itself
        return record
    cleaned = redact(message)
    if _clip and record.levelno >= logging.INFO and len(cleaned) > MAX_MESSAGE_CHARS:
        cleaned = f"{cleaned[:MAX_MESSAGE_CHARS]}… ({len(cleaned)} chars; full text only at DEBUG)"
    if cleaned != message:
        record.msg, record.args = cleaned, None
    if record.exc_info and not record.exc_text:
        record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = redact(record.stack_info)
    return record


def install_redaction() -> None:
    """Hook the log-record factory once so every record is redacted (idempotent)."""
    global _factory_installed
    if _factory_installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        return _clean(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _factory_installed = True


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    @property
    def stream(self):  # type: ignore[override]
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def level_from_env(default: str = "WARNING", env: dict[str, str] | None = None) -> str:
    """``BRIEFINGS_LOG_LEVEL`` (case-insensitive) or ``default``; ValueError names the choices."""
    env = os.environ if env is None else env
    value = (env.get("BRIEFINGS_LOG_LEVEL") or default).strip().upper()
    if value not in LEVELS:
        raise ValueError(f"BRIEFINGS_LOG_LEVEL: {value!r} is not one of {', '.join(LEVELS)}")
    return value


def configure_logging(level: str | int | None = None, *, secrets: Iterable[str | None] = (), stream=None) -> str:
    """Log to stderr in the one format at ``level`` (default: ``BRIEFINGS_LOG_LEVEL`` or WARNING).

    Replaces handlers a previous call installed, so calling it twice does not double lines.
    Returns the level name in effect.
    """
    global _clip
    name = logging.getLevelName(level) if isinstance(level, int) else (level or level_from_env()).upper()
    if name not in LEVELS:
        raise ValueError(f"log level {name!r} is not one of {', '.join(LEVELS)}")
    add_secrets(secrets)
    install_redaction()
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_briefings", False)]:
        root.removeHandler(handler)
    handler = logging.StreamHandler(stream) if stream is not None else _StderrHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler._briefings = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(name)
    _clip = name != "DEBUG"
    for chatty in CHATTY_LOGGERS:
        logging.getLogger(chatty).setLevel(logging.DEBUG if name == "DEBUG" else logging.WARNING)
    return name


__all__ = [
    "LOG_FORMAT", "MAX_MESSAGE_CHARS", "MIN_SECRET_CHARS", "REDACTED", "TOKEN_SHAPE",
    "add_secrets", "configure_logging", "install_redaction", "level_from_env", "redact",
]
