"""Scheduled digests and delivery users can trust (the code is in :mod:`bot.delivery.service`)."""

from bot.delivery.service import (
    MAX_ATTEMPTS, MAX_FAILURES, Delivery, Ledger, Outcome, RateLimiter, compose_digest, delivery_of, html_to_text,
    install, retry_seconds, schedule_subscription, send_messages,
)

__all__ = ["install", "schedule_subscription", "send_messages", "RateLimiter", "Ledger", "Delivery", "Outcome",
           "compose_digest", "delivery_of", "html_to_text", "retry_seconds", "MAX_ATTEMPTS", "MAX_FAILURES"]
