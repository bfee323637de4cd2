"""The bot's settings, read once from the environment or a ``.env`` file.

They are defined in the core (:mod:`briefings.config`), so ``briefings doctor`` checks them
without importing the bot; this module is the bot's name for them. ``SETTINGS`` is the single
list of every variable the bot reads, with its default and what it means.
"""

from __future__ import annotations

from briefings.config import (
    DEFAULTS,
    MODES,
    SETTINGS,
    TOKEN_PATTERN,
    BotSettings,
    SettingsError,
    check_token,
    parse_time,
    parse_user_ids,
    read_token,
)

__all__ = ["SETTINGS", "DEFAULTS", "MODES", "BotSettings", "SettingsError", "check_token", "parse_time", "parse_user_ids", "read_token", "TOKEN_PATTERN"]
