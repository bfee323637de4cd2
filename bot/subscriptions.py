"""Subscribers: one row per chat in the store's ``subscriptions`` table.

A subscription says when (local ``time`` in zone ``tz``) a chat gets its daily digest, what it
follows (a JSON list of queries the digest resolves: ``Belarus``, ``BRICS``, ``energy``) and whether
the digest is limited to those (``only_follows``). Unsubscribing keeps the row (``active = 0``)
so a later /subscribe restores the follows.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from briefings.store import Store
from briefings.store.database import utcnow

#: At most this many followed items per chat.
MAX_FOLLOWS = 25


@dataclass
class Subscription:
    chat_id: int
    chat_type: str = "private"
    title: str | None = None
    time: str = "08:00"
    tz: str = "UTC"
    follows: list[str] = field(default_factory=list)
    only_follows: bool = False
    active: bool = False
    failures: int = 0

    @classmethod
    def from_row(cls, row: dict) -> "Subscription":
        try:
            follows = [str(item) for item in json.loads(row.get("follows") or "[]")]
        except (TypeError, ValueError):
            follows = []
        return cls(
            chat_id=row["chat_id"],
            chat_type=row.get("chat_type") or "private",
            title=row.get("title"),
            time=row.get("time") or "08:00",
            tz=row.get("tz") or "UTC",
            follows=follows,
            only_follows=bool(row.get("only_follows")),
            active=bool(row.get("active")),
            failures=row.get("failures") or 0,
        )


def get(store: Store, chat_id: int) -> Subscription | None:
    """The chat's subscription row (active or not), if it ever had one."""
    rows = list(store.db["subscriptions"].rows_where("chat_id = ?", [chat_id]))
    return Subscription.from_row(rows[0]) if rows else None


def get_or_default(store: Store, chat_id: int, *, time: str, tz: str) -> Subscription:
    """The chat's subscription, or an inactive one with the given defaults."""
    return get(store, chat_id) or Subscription(chat_id=chat_id, time=time, tz=tz)


def subscribe(
    store: Store,
    chat_id: int,
    *,
    time: str,
    tz: str,
    chat_type: str = "private",
    title: str | None = None,
) -> Subscription:
    """Create or reactivate the chat's subscription at ``time`` in ``tz``; keep its follows."""
    now = utcnow()
    record = {
        "chat_id": chat_id,
        "chat_type": chat_type,
        "title": title,
        "time": time,
        "tz": tz,
        "active": 1,
        "failures": 0,
        "updated_at": now,
    }
    with store.write_transaction():  # read and write under one lock: handlers run concurrently
        if get(store, chat_id):
            store.db["subscriptions"].update(chat_id, record)
        else:
            store.db["subscriptions"].insert({**record, "follows": "[]", "only_follows": 0, "created_at": now})
    return get(store, chat_id)


def unsubscribe(store: Store, chat_id: int) -> bool:
    """Stop the chat's digests; False when it was not subscribed."""
    with store.write_transaction():
        existing = get(store, chat_id)
        if not existing or not existing.active:
            return False
        _update(store, chat_id, active=0)
    return True


def update(store: Store, chat_id: int, *, time: str | None = None, tz: str | None = None,
           only_follows: bool | None = None) -> Subscription | None:
    """Change time, timezone or the only-follows switch of an existing subscription."""
    if not get(store, chat_id):
        return None
    changes = {"time": time, "tz": tz, "only_follows": None if only_follows is None else int(only_follows)}
    _update(store, chat_id, **{k: v for k, v in changes.items() if v is not None})
    return get(store, chat_id)


def ensure(store: Store, chat_id: int, *, time: str, tz: str, chat_type: str = "private",
           title: str | None = None) -> Subscription:
    """The chat's row, first created inactive with ``time`` and ``tz`` if it has none."""
    sub = get(store, chat_id)
    if sub is None:
        now = utcnow()
        with store.write_transaction():
            store.db["subscriptions"].insert({
                "chat_id": chat_id, "chat_type": chat_type, "title": title, "time": time, "tz": tz, "follows": "[]",
                "only_follows": 0, "active": 0, "failures": 0, "created_at": now, "updated_at": now,
            }, ignore=True)
        sub = get(store, chat_id)
    return sub


def follow(store: Store, chat_id: int, item: str, *, time: str, tz: str, chat_type: str = "private") -> bool:
    """Add ``item`` to what the chat follows (creating an inactive row if needed); False if present.

    Raises ValueError when the chat already follows MAX_FOLLOWS items.
    """
    with store.write_transaction():  # read-modify-write under one lock: no concurrent follow is lost
        sub = ensure(store, chat_id, time=time, tz=tz, chat_type=chat_type)
        if item in sub.follows:
            return False
        if len(sub.follows) >= MAX_FOLLOWS:
            raise ValueError(f"you already follow {MAX_FOLLOWS} items; /unfollow some first")
        _update(store, chat_id, follows=json.dumps(sub.follows + [item], ensure_ascii=False))
    return True


def unfollow(store: Store, chat_id: int, item: str) -> bool:
    """Remove ``item`` from what the chat follows; False if it was not followed."""
    with store.write_transaction():
        sub = get(store, chat_id)
        if not sub or item not in sub.follows:
            return False
        _update(store, chat_id, follows=json.dumps([f for f in sub.follows if f != item], ensure_ascii=False))
    return True


def active(store: Store) -> list[Subscription]:
    """Every active subscription, oldest first."""
    return [Subscription.from_row(r) for r in store.db["subscriptions"].rows_where("active = 1", order_by="created_at, chat_id")]


def move_chat(store: Store, old_chat_id: int, new_chat_id: int) -> bool:
    """Move a subscription to a new chat id (a group that became a supergroup)."""
    sub = get(store, old_chat_id)
    if not sub:
        return False
    with store.write_transaction():
        store.db["subscriptions"].delete_where("chat_id = ?", [new_chat_id])
        store.db.execute("update subscriptions set chat_id = ?, chat_type = 'supergroup', updated_at = ? where chat_id = ?",
                         [new_chat_id, utcnow(), old_chat_id])
    return True


def _update(store: Store, chat_id: int, **changes) -> None:
    with store.write_transaction():
        store.db["subscriptions"].update(chat_id, {**changes, "updated_at": utcnow()})


__all__ = ["Subscription", "MAX_FOLLOWS", "get", "get_or_default", "ensure", "subscribe", "unsubscribe", "update",
           "follow", "unfollow", "active", "move_chat"]
