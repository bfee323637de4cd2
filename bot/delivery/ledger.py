"""The delivery ledger: one row per chat and period, so each digest arrives exactly once."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from briefings.store import Store
from briefings.store.database import utcnow

PERIOD_PREFIX = "digest:"  # ledger periods: digest:<local date>
LEDGER_KEEP_DAYS = 7  # days a closed delivery keeps the texts it sent


class Ledger:
    """The ``deliveries`` table: what was (being) sent to each chat for each period."""

    def __init__(self, store: Store):
        self.store = store

    def get(self, chat_id: int, period_key: str) -> dict | None:
        rows = list(self.store.db["deliveries"].rows_where("chat_id = ? and period_key = ?", [chat_id, period_key]))
        return rows[0] if rows else None

    def claim(self, chat_id: int, period_key: str, parts: list[str]) -> dict:
        """Start a delivery of ``parts`` (or return the existing row: a claim never replaces one)."""
        now = utcnow()
        with self.store.write_transaction():
            self.store.db["deliveries"].insert({
                "chat_id": chat_id, "period_key": period_key, "status": "sending", "parts": json.dumps(parts),
                "message_ids": "[]", "attempts": 0, "uncertain": 0, "created_at": now, "updated_at": now,
            }, ignore=True)
        return self.get(chat_id, period_key)

    def begin_attempt(self, chat_id: int, period_key: str, *, uncertain: bool) -> None:
        with self.store.write_transaction():
            self.store.conn.execute(
                "update deliveries set attempts = attempts + 1, uncertain = uncertain + ?, updated_at = ? "
                "where chat_id = ? and period_key = ?", [int(uncertain), utcnow(), chat_id, period_key])

    def count_uncertain(self, chat_id: int, period_key: str) -> None:
        """A part is being sent again though it may have arrived (it may show twice)."""
        with self.store.write_transaction():
            self.store.conn.execute("update deliveries set uncertain = uncertain + 1 where chat_id = ? and period_key = ?",
                                    [chat_id, period_key])

    def mark_inflight(self, chat_id: int, period_key: str, index: int) -> None:
        with self.store.write_transaction():
            self.store.conn.execute("update deliveries set inflight = ? where chat_id = ? and period_key = ?",
                                    [index, chat_id, period_key])

    def record_part(self, chat_id: int, period_key: str, index: int, message_id: int) -> None:
        """Commit that part ``index`` arrived as ``message_id`` (call right after Telegram's answer)."""
        with self.store.write_transaction():
            row = self.get(chat_id, period_key)
            ids = json.loads(row["message_ids"] or "[]")
            if len(ids) == index:
                ids.append(message_id)
            self.store.conn.execute(
                "update deliveries set message_ids = ?, inflight = null, updated_at = ? where chat_id = ? and period_key = ?",
                [json.dumps(ids), utcnow(), chat_id, period_key])

    def finish(self, chat_id: int, period_key: str, status: str, error: str | None = None) -> None:
        """Close a delivery: sent, failed, empty or expired."""
        now = utcnow()
        with self.store.write_transaction():
            self.store.conn.execute(
                "update deliveries set status = ?, error = ?, inflight = null, updated_at = ?, "
                "sent_at = case when ? = 'sent' then ? else sent_at end where chat_id = ? and period_key = ?",
                [status, error, now, status, now, chat_id, period_key])

    def note_error(self, chat_id: int, period_key: str, error: str) -> None:
        with self.store.write_transaction():
            self.store.conn.execute("update deliveries set error = ?, updated_at = ? where chat_id = ? and period_key = ?",
                                    [error, utcnow(), chat_id, period_key])

    def prune(self, keep_days: int = LEDGER_KEEP_DAYS) -> int:
        """Forget the texts of deliveries closed more than ``keep_days`` ago (the rows stay)."""
        cutoff = (datetime.now(timezone.utc) - timedelta(days=keep_days)).isoformat(timespec="seconds")
        with self.store.write_transaction():
            return self.store.conn.execute(
                "update deliveries set parts = null where status != 'sending' and parts is not null and updated_at < ?",
                [cutoff]).rowcount

    def unfinished(self) -> list[dict]:
        return list(self.store.db["deliveries"].rows_where("status = 'sending'", order_by="created_at"))

    def move_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Give ``old_chat_id``'s rows to ``new_chat_id`` (a group upgraded to a supergroup)."""
        with self.store.write_transaction():
            self.store.conn.execute(
                "delete from deliveries where chat_id = ? and period_key in "
                "(select period_key from deliveries where chat_id = ?)", [new_chat_id, old_chat_id])
            self.store.conn.execute("update deliveries set chat_id = ? where chat_id = ?", [new_chat_id, old_chat_id])

