"""Real local stand-ins for services the tests cannot reach (Telegram's Bot API)."""

from tests.fakes.botapi import FakeBotAPI, SentMessage, TelegramHTMLError, parse_telegram_html

__all__ = ["FakeBotAPI", "SentMessage", "TelegramHTMLError", "parse_telegram_html"]
