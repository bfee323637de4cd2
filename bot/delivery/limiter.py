"""Telegram's rate limits as sliding windows: 30 messages/s overall, 1/s per chat, 20/min per group."""

from __future__ import annotations

import asyncio
import contextlib
import math
import time as monotonic_time
from typing import Any


class RateLimiter:
    """Sliding-window limits on sends: ``overall``, ``per_chat`` and ``per_group`` (count, seconds).

    ``async with limiter.slot(chat_id):`` around a request waits until it fits every window that
    applies. A send counts from its start until its answer plus the window, so the limits hold
    at Telegram's end however long requests queue or travel. ``scale`` multiplies the rates
    (1 in production; more only against a fake server).
    """

    def __init__(self, scale: float = 1.0, *, overall=(30, 1.0), per_chat=(1, 1.0), per_group=(20, 60.0)):
        self.scale = scale
        self.overall, self.per_chat, self.per_group = overall, per_chat, per_group
        self._sends: dict[Any, list[list[float]]] = {}  # window key -> [finish time] (inf while in flight)

    @contextlib.asynccontextmanager
    async def slot(self, chat_id: int | str, group: bool | None = None):
        """Wait for room for one message to ``chat_id``, then hold it while the request runs."""
        if group is None:
            group = _is_group(chat_id)
        windows = [("all", *self.overall), (("chat", chat_id), *self.per_chat)]
        if group:
            windows.append((("group", chat_id), *self.per_group))
        while True:
            now = monotonic_time.monotonic()
            delay = 0.0
            for key, limit, period in windows:
                span = period / self.scale
                sends = self._sends[key] = [s for s in self._sends.get(key, ()) if s[0] > now - span]
                if len(sends) >= limit:
                    finished = sorted(s[0] for s in sends if s[0] != math.inf)
                    enough = len(sends) - limit  # this many must expire first
                    delay = max(delay, finished[enough] + span - now if len(finished) > enough else 0.01)
            if delay <= 0:
                break
            await asyncio.sleep(delay)
        send = [math.inf]
        for key, _, _ in windows:
            self._sends[key].append(send)
        try:
            yield
        finally:
            send[0] = monotonic_time.monotonic()
            if len(self._sends) > 10_000:
                self._forget_idle(send[0])

    def _forget_idle(self, now: float) -> None:
        longest = max(self.overall[1], self.per_chat[1], self.per_group[1]) / self.scale
        self._sends = {k: v for k, v in self._sends.items() if any(s[0] > now - longest for s in v)}


def _is_group(chat_id: int | str) -> bool:
    return isinstance(chat_id, str) or chat_id < 0

