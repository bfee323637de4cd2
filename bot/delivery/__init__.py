"""Scheduled digests and delivery users can trust.

- :func:`install` (called once at start) schedules one daily JobQueue job per active subscriber
  at their local time (zoneinfo; APScheduler's cron trigger keeps the wall-clock time across DST
  changes), resumes deliveries a crash interrupted and sends, once, a digest missed while the bot
  was down if its day is not over. :func:`schedule_subscription` (re)schedules one chat. A daily
  job only queues its chat (:meth:`Delivery.enqueue`); at most ``CONCURRENCY`` workers deliver
  the queue, so thousands of jobs firing in one minute cost an int each, not a task each.
- The **ledger** (``deliveries`` table, one row per chat and period such as ``digest:2024-11-22``)
  makes each digest arrive exactly once: the rendered parts are stored when the delivery is
  claimed, each part's message id is committed right after Telegram accepted it, and a restart
  sends only the parts not yet recorded. The one window left: a request on its way when the
  process dies. The part is marked in flight before it is sent; after a crash nobody can tell
  whether Telegram got it (the Bot API has no idempotency key), so it is sent again and counted
  in ``deliveries.uncertain``: at most one duplicate part per chat and crash, never a loss.
  The same holds when a request times out or its connection drops after it left: the retry
  is counted there too.
- :func:`send_messages` sends several messages in order within Telegram's limits (a
  :class:`RateLimiter`: 30 messages/s overall, 1/s per chat, 20/min per group) and recovers:
  429 -> wait ``retry_after`` and retry; "can't parse entities" -> resend as plain text;
  chat migrated -> continue in the new chat; network errors and 5xx -> bounded exponential
  backoff. Blocked or kicked (403) and other refusals are the caller's to count: a subscription
  is deactivated after :data:`MAX_FAILURES` consecutive failed deliveries.

A scheduled digest sent on local day D covers the news published on D-1 (the whole previous
day, so consecutive digests neither overlap nor leave gaps) plus what is coming.

``application.bot_data`` may hold, before :func:`install` runs, ``"digest_composer"`` (a
function ``(store, subscription, local_day) -> list[str]`` replacing the default digest; its
result must depend only on the day and the subscription's tz, follows and only_follows, since
subscribers alike share one composition) and
``"delivery_rate_scale"`` (multiplies the rate limits; only for benchmarks on a fake server).

Modules: ``limiter`` (the rate limits), ``sending`` (:func:`send_messages`), ``ledger`` (the
``deliveries`` table), ``service`` (:class:`Delivery`: one chat's digest, the queue, the catch-up)
and ``jobs`` (the JobQueue wiring: :func:`install`, :func:`schedule_subscription`).
"""

from bot.delivery.jobs import JOB_PREFIX, delivery_of, install, schedule_subscription
from bot.delivery.ledger import LEDGER_KEEP_DAYS, PERIOD_PREFIX, Ledger
from bot.delivery.limiter import RateLimiter
from bot.delivery.sending import MAX_ATTEMPTS, html_to_text, retry_seconds, send_messages
from bot.delivery.service import MAX_FAILURES, RETRY_LATER, Delivery, Outcome, compose_digest, log_failure

__all__ = ["install", "schedule_subscription", "send_messages", "RateLimiter", "Ledger", "Delivery", "Outcome",
           "compose_digest", "delivery_of", "html_to_text", "log_failure", "retry_seconds", "MAX_ATTEMPTS", "MAX_FAILURES",
           "RETRY_LATER", "LEDGER_KEEP_DAYS", "JOB_PREFIX", "PERIOD_PREFIX"]
