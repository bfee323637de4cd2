"""The bot extracts, in the background after it starts, what an interrupted ingest left pending."""

from __future__ import annotations

from pathlib import Path

from briefings.extract import EXTRACTOR_VERSION
from briefings.ingest import ingest_paths
from briefings.store import Store
from tests.test_bot_process import USER, server, start_bot, stop, wait_until  # noqa: F401  (server: a fixture)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def test_bot_start_extracts_pending_articles_without_holding_up_commands(server, tmp_path):  # noqa: F811
    with Store(tmp_path / "bot.db") as store:  # stored, never extracted: as a killed ingest leaves them
        report = ingest_paths(store, [SEEDS], extract=False)
        assert store.extraction_backlog(EXTRACTOR_VERSION) == {"pending": len(report.new_ids), "stale": 0}

    def backlog() -> dict:
        with Store(tmp_path / "bot.db") as store:
            return store.extraction_backlog(EXTRACTOR_VERSION)

    process = start_bot(server, tmp_path, BRIEFINGS_POLL_MINUTES="0")
    try:
        server.send_command(USER, USER, "/help")
        [reply] = server.wait_for_messages_sync(USER, 1, timeout=60)  # answered while extraction runs
        assert "/subscribe" in reply.plain
        wait_until(lambda: backlog() == {"pending": 0, "stale": 0}, process, timeout=300)
    finally:
        code, stderr = stop(process)
    assert code == 0, stderr[-2000:]
    assert f"extracted {len(report.new_ids)} articles left pending" in stderr
    with Store(tmp_path / "bot.db") as store:
        assert store.db["events"].count > 0
