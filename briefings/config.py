"""Settings read once from the environment (and an optional ``.env`` file).

The core's own settings, and the bot's (:class:`BotSettings`): ``briefings doctor`` checks
those without importing the bot, and ``bot.settings`` re-exports them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

APP_NAME = "briefings"


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message says which and how to fix it."""


def load_dotenv_file(path: str | os.PathLike | None = None) -> None:
    """Load variables from a ``.env`` file into the environment without overriding set ones."""
    from dotenv import load_dotenv

    load_dotenv(path or Path.cwd() / ".env", override=False)


def user_data_dir() -> Path:
    """The per-user data directory (XDG on Linux, ~/Library on macOS, %APPDATA% on Windows)."""
    if os.name == "nt":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif os.uname().sysname == "Darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def default_db_path(env: Mapping[str, str] | None = None) -> Path:
    """``BRIEFINGS_DB`` of ``env`` (default: the process environment) if set, else ``<user data dir>/briefings.db``."""
    value = (os.environ if env is None else env).get("BRIEFINGS_DB")
    return Path(value).expanduser() if value else user_data_dir() / "briefings.db"


@dataclass(frozen=True)
class CoreSettings:
    """Settings the core needs; the bot extends these with its own."""

    db_path: Path = field(default_factory=default_db_path)
    spacy_model: str | None = None
    templates_dir: Path | None = None
    timezone: str = "UTC"

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> "CoreSettings":
        env = dict(os.environ if env is None else env)
        templates = env.get("BRIEFINGS_TEMPLATES")
        tz = env.get("BRIEFINGS_TIMEZONE", "UTC")
        validate_timezone(tz, "BRIEFINGS_TIMEZONE")
        return cls(
            db_path=default_db_path(env),
            spacy_model=env.get("BRIEFINGS_SPACY_MODEL") or None,
            templates_dir=Path(templates).expanduser() if templates else None,
            timezone=tz,
        )


def int_setting(env: Mapping[str, str], name: str, default: int, *, minimum: int = 1, maximum: int | None = None) -> int:
    """``env[name]`` as a whole number within bounds (``default`` when unset or empty); SettingsError naming it."""
    raw = str(env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{name}: {raw!r} is not a whole number") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"{minimum}..{maximum}" if maximum is not None else f"(at least {minimum})"
        raise SettingsError(f"{name}: {value} is out of range {bounds}")
    return value


def validate_timezone(name: str, setting: str = "timezone") -> str:
    """Return ``name`` if it is a known IANA zone, else raise SettingsError with examples."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"{setting}: unknown timezone {name!r}; use an IANA name such as "
            "Europe/Minsk, Europe/Berlin, Asia/Colombo or UTC"
        ) from None
    return name


# -- the bot's settings ---------------------------------------------------------------------
#: (name, default, description) of every environment variable the bot reads.
SETTINGS: list[tuple[str, str | None, str]] = [
    ("TELEGRAM_BOT_TOKEN", None, "Bot token from @BotFather (123456:ABC...); required unless TELEGRAM_BOT_TOKEN_FILE is set."),
    ("TELEGRAM_BOT_TOKEN_FILE", None, "Path of a file holding the bot token (for Docker/systemd secrets)."),
    ("BRIEFINGS_ADMINS", "", "Comma-separated Telegram user ids allowed to add articles and sources and see /stats."),
    ("BRIEFINGS_DB", None, "SQLite database file (default: ~/.local/share/briefings/briefings.db)."),
    ("BRIEFINGS_DIGEST_TIME", "08:00", "Default local time (HH:MM) for daily digests of new subscribers."),
    ("BRIEFINGS_TIMEZONE", "UTC", "Default IANA timezone of new subscribers, e.g. Europe/Minsk."),
    ("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot", "Bot API server URL; the token is appended (or replaces {token})."),
    ("BRIEFINGS_MODE", "polling", "How updates arrive: polling or webhook."),
    ("BRIEFINGS_WEBHOOK_URL", None, "Public HTTPS URL Telegram posts updates to (webhook mode)."),
    ("BRIEFINGS_WEBHOOK_SECRET", None, "Secret Telegram sends with every webhook call (1-256 of A-Z a-z 0-9 _ -; use 16 or more)."),
    ("BRIEFINGS_LISTEN", "127.0.0.1", "Address the webhook server listens on."),
    ("BRIEFINGS_PORT", "8443", "Port the webhook server listens on."),
    ("BRIEFINGS_LOG_LEVEL", "INFO", "Log level: DEBUG, INFO, WARNING or ERROR."),
    ("BRIEFINGS_POLL_MINUTES", "30", "Minutes between polls of the news sources (0 turns polling off)."),
    ("BRIEFINGS_FETCH_ALLOW", "", "Comma-separated hosts/networks URL fetches may reach although private (e.g. 127.0.0.1)."),
    ("BRIEFINGS_FETCH_MAX_MB", "5", "Largest page or feed fetched, in megabytes."),
    ("BRIEFINGS_FETCH_CA_BUNDLE", None, "PEM file of extra certificate authorities for intranet HTTPS sources."),
    ("BRIEFINGS_FULLTEXT_PER_POLL", "30", "Article pages fetched per poll for feeds that carry only summaries (0: never)."),
    ("BRIEFINGS_SOURCE_NOTICE_AFTER", "3", "Failed polls in a row before admins get a notice about a source."),
    ("BRIEFINGS_TEMPLATES", None, "Folder of templates overriding the built-in digest templates."),
    ("BRIEFINGS_RATE_LIMIT_COMMANDS", "5", "Heavy commands (/brief, /digest) one user may run per minute."),
]

DEFAULTS = {name: default for name, default, _ in SETTINGS}

TOKEN_PATTERN = re.compile(r"^\d+:[A-Za-z0-9_-]{30,}$")
_TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
MODES = ("polling", "webhook")


def parse_time(text: str, setting: str = "time") -> str:
    """``HH:MM`` (zero-padded) from ``H:MM`` or ``HH:MM``, else SettingsError saying the format."""
    match = _TIME_PATTERN.match((text or "").strip())
    if not match:
        raise SettingsError(f"{setting}: {text!r} is not a time; use HH:MM, 24-hour, e.g. 08:00 or 19:30")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def check_token(token: str, setting: str = "TELEGRAM_BOT_TOKEN") -> str:
    """Return the token if it looks like a Bot API token; the error never repeats the token."""
    if not token:
        raise SettingsError(f"{setting} is not set; get a token from @BotFather and set TELEGRAM_BOT_TOKEN")
    if not TOKEN_PATTERN.match(token):
        raise SettingsError(f"{setting} is malformed; a token looks like 123456789:AAH... (digits, a colon, 30+ letters)")
    return token


def read_token(env: dict[str, str]) -> tuple[str, str]:
    """The token and where it came from (TELEGRAM_BOT_TOKEN or TELEGRAM_BOT_TOKEN_FILE)."""
    token = (env.get("TELEGRAM_BOT_TOKEN") or "").strip()
    if token:
        return token, "TELEGRAM_BOT_TOKEN"
    path = (env.get("TELEGRAM_BOT_TOKEN_FILE") or "").strip()
    if path:
        try:
            return Path(path).expanduser().read_text(encoding="utf-8").strip(), "TELEGRAM_BOT_TOKEN_FILE"
        except OSError as exc:
            raise SettingsError(f"TELEGRAM_BOT_TOKEN_FILE: cannot read {path}: {exc.strerror}") from None
    return "", "TELEGRAM_BOT_TOKEN"


def parse_user_ids(text: str | None, setting: str = "BRIEFINGS_ADMINS") -> frozenset[int]:
    """Telegram user ids from "123, 456" (commas or semicolons); SettingsError naming a bad entry."""
    ids = set()
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not re.fullmatch(r"-?\d+", part):
            raise SettingsError(f"{setting}: {part!r} is not a Telegram user id (a number such as 123456789)")
        ids.add(int(part))
    return frozenset(ids)


def _check_fetch_allow(entries: tuple[str, ...]) -> None:
    from briefings.ingest.fetch import AllowList  # imported here: it imports this module

    try:
        AllowList.parse(entries)
    except SettingsError as exc:
        raise SettingsError(f"BRIEFINGS_FETCH_ALLOW: {exc}") from None


@dataclass(frozen=True)
class BotSettings:
    """Everything the bot needs to run; build it with :meth:`from_env`."""

    token: str = field(repr=False)
    token_file: Path | None = None
    admins: frozenset[int] = frozenset()
    db_path: Path = field(default_factory=default_db_path)
    digest_time: str = "08:00"
    timezone: str = "UTC"
    api_base_url: str = "https://api.telegram.org/bot"
    mode: str = "polling"
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    listen: str = "127.0.0.1"
    port: int = 8443
    log_level: str = "INFO"
    poll_minutes: int = 30
    fetch_allow: tuple[str, ...] = ()
    templates_dir: Path | None = None
    commands_per_minute: int = 5

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, *, dotenv: bool | None = None) -> "BotSettings":
        """Read and validate the settings; raise SettingsError with a one-line message.

        With ``env`` None the process environment is used, after loading ``./.env`` (which
        never overrides variables already set). Pass ``dotenv=False`` to skip the file.
        """
        from briefings.logsetup import LEVELS
        from briefings.sources import MAX_POLL_MINUTES  # imported here: it imports this module

        if env is None:
            if dotenv is not False:
                load_dotenv_file()
            env = dict(os.environ)
        get = lambda name: (env.get(name) if env.get(name) not in (None, "") else DEFAULTS[name])  # noqa: E731

        token_file = get("TELEGRAM_BOT_TOKEN_FILE")
        token, origin = read_token(env)
        check_token(token, origin)

        mode = (get("BRIEFINGS_MODE") or "").strip().lower()
        if mode not in MODES:
            raise SettingsError(f"BRIEFINGS_MODE: {mode!r} is not one of {', '.join(MODES)}")
        webhook_url = get("BRIEFINGS_WEBHOOK_URL")
        secret = get("BRIEFINGS_WEBHOOK_SECRET")
        if mode == "webhook":
            if not webhook_url or not webhook_url.startswith("https://"):
                raise SettingsError("BRIEFINGS_WEBHOOK_URL: webhook mode needs a public https:// URL")
            if not secret:
                raise SettingsError("BRIEFINGS_WEBHOOK_SECRET: webhook mode needs a secret (1-256 of A-Z a-z 0-9 _ -; use 16 or more)")
        if secret and not _SECRET_PATTERN.match(secret):
            raise SettingsError("BRIEFINGS_WEBHOOK_SECRET: use 1-256 characters of A-Z a-z 0-9 _ -")

        level = (get("BRIEFINGS_LOG_LEVEL") or "").strip().upper()
        if level not in LEVELS:
            raise SettingsError(f"BRIEFINGS_LOG_LEVEL: {level!r} is not one of {', '.join(LEVELS)}")
        base_url = (get("TELEGRAM_API_BASE_URL") or "").strip()
        if not re.match(r"^https?://[^\s/]+", base_url):
            raise SettingsError(f"TELEGRAM_API_BASE_URL: {base_url!r} is not an http(s) URL")
        fetch_allow = tuple(p.strip() for p in re.split(r"[\s,;]+", get("BRIEFINGS_FETCH_ALLOW") or "") if p.strip())
        _check_fetch_allow(fetch_allow)
        templates = get("BRIEFINGS_TEMPLATES")
        return cls(
            token=token,
            token_file=Path(token_file).expanduser() if token_file else None,
            admins=parse_user_ids(get("BRIEFINGS_ADMINS")),
            db_path=default_db_path(env),
            digest_time=parse_time(get("BRIEFINGS_DIGEST_TIME"), "BRIEFINGS_DIGEST_TIME"),
            timezone=validate_timezone(get("BRIEFINGS_TIMEZONE").strip(), "BRIEFINGS_TIMEZONE"),
            api_base_url=base_url,
            mode=mode,
            webhook_url=webhook_url,
            webhook_secret=secret,
            listen=get("BRIEFINGS_LISTEN").strip(),
            port=int_setting(env, "BRIEFINGS_PORT", int(DEFAULTS["BRIEFINGS_PORT"]), maximum=65535),
            log_level=level,
            poll_minutes=int_setting(env, "BRIEFINGS_POLL_MINUTES", int(DEFAULTS["BRIEFINGS_POLL_MINUTES"]), minimum=0,
                                     maximum=MAX_POLL_MINUTES),
            fetch_allow=fetch_allow,
            templates_dir=Path(templates).expanduser() if templates else None,
            commands_per_minute=int_setting(env, "BRIEFINGS_RATE_LIMIT_COMMANDS", int(DEFAULTS["BRIEFINGS_RATE_LIMIT_COMMANDS"]),
                                            maximum=1000),
        )

    @property
    def bot_id(self) -> int:
        """The bot's numeric id: the part of the token before the colon (not secret)."""
        return int(self.token.split(":", 1)[0])

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.admins

    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a log: the token and the webhook secret."""
        return tuple(s for s in (self.token, self.webhook_secret) if s)
