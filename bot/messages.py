"""The bot's own replies, rendered from ``bot/templates/messages.html`` (Jinja2, autoescaped).

Each reply is a macro in that file; :func:`text` renders one to Telegram HTML. Anything a user
or an article supplies is escaped by Jinja2, so it can never inject markup.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _module():
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        keep_trailing_newline=False,
    )
    return env.get_template("messages.html").module


def text(name: str, /, **values) -> str:
    """Render the reply ``name`` with ``values`` to Telegram HTML."""
    macro = getattr(_module(), name)
    return str(macro(**values)).strip()


def plain(name: str, /, **values) -> str:
    """Render ``name`` as plain text (button answers and alerts, which Telegram shows unparsed)."""
    return Markup(text(name, **values)).striptags()


__all__ = ["text", "plain"]
