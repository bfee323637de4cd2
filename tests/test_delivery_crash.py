"""The bot is killed (SIGKILL) in the middle of a delivery round to 200 subscribers and restarted:
every subscriber then holds that digest exactly once.

The bot runs as a real separate process (``bot.app.build_application`` with its handlers, its
rate limiter and ``bot.delivery``) against the fake Bot API server in this process; the round
is the start-up catch-up of a digest due for everyone. Only the digest text is simplified (two
numbered parts) so that each message can be traced.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone

from briefings.store import Store
from tests.conftest import REPO
from tests.fakes.botapi import FakeBotAPI

SUBSCRIBERS = 200
PARTS = 2
SCALE = 10  # the fake's flood limits and the bot's own limiter, x10


def crash_test_digest(store, sub, day) -> list[str]:
    return [f"<b>Digest {day}</b>, part {i} of {PARTS}" for i in range(1, PARTS + 1)]


def run_bot() -> None:
    """The subprocess: the real bot, settings from the environment, the traceable digest."""
    from bot.app import build_application
    from bot.settings import BotSettings
    from briefings.logsetup import configure_logging

    settings = BotSettings.from_env(dotenv=False)
    configure_logging(settings.log_level, secrets=settings.secrets())
    application = build_application(settings)
    application.bot_data["digest_composer"] = crash_test_digest
    application.bot_data["delivery_rate_scale"] = SCALE
    application.run_polling(poll_interval=0, timeout=1)


async def start_bot(server: FakeBotAPI, db_path, log_path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "BRIEFINGS_DB": str(db_path),
        "BRIEFINGS_LOG_LEVEL": "INFO",
    }
    env.pop("TELEGRAM_BOT_TOKEN_FILE", None)
    with open(log_path, "ab") as log:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-c", "from tests.test_delivery_crash import run_bot; run_bot()",
            cwd=REPO, env=env, stdout=log, stderr=log,
        )


def ledger(db_path, period_key):
    with Store(db_path) as store:
        return {row["chat_id"]: row for row in store.db["deliveries"].rows_where("period_key = ?", [period_key])}


async def test_sigkill_mid_round_then_restart_delivers_each_digest_exactly_once(db_path, tmp_path):
    chats = list(range(1001, 1001 + SUBSCRIBERS))
    yesterday = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat(timespec="seconds")
    with Store(db_path) as store:
        store.db["subscriptions"].insert_all(
            {"chat_id": chat_id, "chat_type": "private", "time": "00:00", "tz": "UTC", "follows": "[]",
             "only_follows": 0, "active": 1, "failures": 0, "created_at": yesterday, "updated_at": yesterday}
            for chat_id in chats
        )
    total = SUBSCRIBERS * PARTS
    log_path = tmp_path / "bot.log"
    async with FakeBotAPI(scale=SCALE) as server:
        first = await start_bot(server, db_path, log_path)
        try:
            await server.wait_for_messages(None, total // 3, timeout=40)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        sent_before_kill = len(server.sent)
        assert first.returncode == -signal.SIGKILL
        assert 0 < sent_before_kill < total, "the kill must land in the middle of the round"

        second = await start_bot(server, db_path, log_path)
        try:
            await server.wait_for_messages(None, total, timeout=40)
            period_key = f"digest:{datetime.now(timezone.utc).date()}"
            for _ in range(200):  # the last ledger commits follow the last answers
                rows = ledger(db_path, period_key)
                if len(rows) == SUBSCRIBERS and all(r["status"] == "sent" for r in rows.values()):
                    break
                await asyncio.sleep(0.05)
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.wait(), 20)

    log_text = log_path.read_text(errors="replace")
    assert "catching up" in log_text
    rows = ledger(db_path, period_key)
    assert sorted(rows) == chats and {r["status"] for r in rows.values()} == {"sent"}
    duplicates = 0
    for chat_id in chats:
        texts = Counter(m.plain for m in server.messages(chat_id))
        expected = [f"Digest {period_key[7:]}, part {i} of {PARTS}" for i in range(1, PARTS + 1)]
        assert set(texts) == set(expected), f"chat {chat_id} got {texts}"
        extra = sum(texts.values()) - len(expected)
        # a part may come twice only where the ledger saw it on its way at the kill
        assert extra <= rows[chat_id]["uncertain"], f"chat {chat_id}: {texts}, ledger {rows[chat_id]}"
        assert json.loads(rows[chat_id]["message_ids"]) == [m.message_id for m in server.messages(chat_id)][-PARTS:] \
            or extra
        duplicates += extra
    uncertain = sum(r["uncertain"] for r in rows.values())
    after = [m.time for m in server.sent[sent_before_kill:]]
    print(f"\nsent before SIGKILL: {sent_before_kill}/{total}; parts in flight at the kill: {uncertain}; "
          f"duplicates: {duplicates}; after restart {len(after)} messages at "
          f"{(len(after) - 1) / (after[-1] - after[0]):.0f}/s")
    assert uncertain <= 40  # at most the chats being worked on at once
