"""Settings read once from the environment (and an optional ``.env`` file)."""

from __future__ import annotations

import os
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
