"""Subscriber storage on the store's subscriptions table."""

from __future__ import annotations

import pytest

from bot import subscriptions


def test_subscribe_update_unsubscribe_and_resubscribe_keep_follows(store):
    sub = subscriptions.subscribe(store, 7, time="08:00", tz="Europe/Minsk", chat_type="private", title="Ann")
    assert (sub.active, sub.time, sub.tz, sub.follows) == (True, "08:00", "Europe/Minsk", [])
    assert subscriptions.follow(store, 7, "Belarus", time="08:00", tz="UTC")
    assert not subscriptions.follow(store, 7, "Belarus", time="08:00", tz="UTC")
    assert subscriptions.update(store, 7, time="09:30", only_follows=True).only_follows
    assert subscriptions.unsubscribe(store, 7) and not subscriptions.unsubscribe(store, 7)
    assert [s.chat_id for s in subscriptions.active(store)] == []
    again = subscriptions.subscribe(store, 7, time="10:00", tz="UTC")
    assert (again.active, again.time, again.follows, again.only_follows) == (True, "10:00", ["Belarus"], True)
    assert [s.chat_id for s in subscriptions.active(store)] == [7]


def test_follow_creates_an_inactive_row_and_has_a_limit(store):
    for n in range(subscriptions.MAX_FOLLOWS):
        subscriptions.follow(store, 8, f"topic {n}", time="08:00", tz="UTC")
    sub = subscriptions.get(store, 8)
    assert not sub.active and len(sub.follows) == subscriptions.MAX_FOLLOWS
    with pytest.raises(ValueError, match="unfollow"):
        subscriptions.follow(store, 8, "one more", time="08:00", tz="UTC")
    assert subscriptions.unfollow(store, 8, "topic 0") and not subscriptions.unfollow(store, 8, "topic 0")
    assert "topic 0" not in subscriptions.get(store, 8).follows


def test_update_of_an_unknown_chat_changes_nothing_and_ensure_creates_it(store):
    assert subscriptions.update(store, 9, time="07:00") is None
    assert subscriptions.get(store, 9) is None
    sub = subscriptions.ensure(store, 9, time="07:00", tz="Asia/Colombo", chat_type="group", title="G")
    assert (sub.active, sub.tz, sub.chat_type) == (False, "Asia/Colombo", "group")
    assert subscriptions.ensure(store, 9, time="11:00", tz="UTC").time == "07:00"  # existing row kept


def test_move_chat_follows_a_group_that_became_a_supergroup(store):
    subscriptions.subscribe(store, -5, time="08:00", tz="UTC", chat_type="group")
    subscriptions.follow(store, -5, "BRICS", time="08:00", tz="UTC")
    assert subscriptions.move_chat(store, -5, -1005)
    assert subscriptions.get(store, -5) is None
    moved = subscriptions.get(store, -1005)
    assert (moved.chat_type, moved.follows, moved.active) == ("supergroup", ["BRICS"], True)


def test_a_damaged_follows_value_reads_as_no_follows(store):
    subscriptions.subscribe(store, 10, time="08:00", tz="UTC")
    store.conn.execute("update subscriptions set follows = 'not json' where chat_id = 10")
    assert subscriptions.get(store, 10).follows == []


def test_concurrent_follows_of_one_chat_all_stay(store, db_path):
    """Handlers run concurrently, each on its own connection: no follow overwrites another."""
    from concurrent.futures import ThreadPoolExecutor

    from briefings.store import Store

    items = [f"topic {i}" for i in range(16)]

    def follow(item):
        with Store(db_path) as store:
            return subscriptions.follow(store, 5, item, time="08:00", tz="UTC")

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(follow, items))
    assert sorted(subscriptions.get(store, 5).follows) == sorted(items)
