"""Articles stored but never extracted (a killed or failed ingest) are found and extracted later.

Each article records the extractor version that produced its facts (``articles.extracted_with``,
NULL while pending). An ingest killed with SIGKILL halfway through extraction, then run again,
leaves exactly the facts of a clean run; so does storing with ``--no-extract`` and then
``briefings extract --pending``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefings.cli import cli
from briefings.extract import EXTRACTOR_VERSION

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
COPIES = 20  # x 4 seed files = 80 articles: more than one extraction batch (64)


@pytest.fixture(scope="module")
def news(tmp_path_factory) -> Path:
    """80 distinct articles: each text or Markdown seed with a different closing line."""
    folder = tmp_path_factory.mktemp("news")
    seeds = sorted(p for p in SEEDS.iterdir() if p.suffix in {".txt", ".md"})
    assert len(seeds) == 4
    for seed in seeds:
        text = seed.read_text(encoding="utf-8").rstrip("\n")
        for k in range(COPIES):  # each copy its own URL too: the same URL would make it a duplicate
            copy = text.replace("url: https://example.org/samples/", f"url: https://example.org/copy-{k}/")
            (folder / f"{seed.stem}-{k:02d}{seed.suffix}").write_text(f"{copy}\n\nDesk copy number {k}.\n", encoding="utf-8")
    return folder


def facts(db: Path) -> dict[str, list[tuple]]:
    """Every fact in the store keyed by article text, not by row ids (which may differ between runs)."""
    with sqlite3.connect(db) as conn:
        q = lambda sql: sorted(conn.execute(sql).fetchall(), key=repr)  # noqa: E731
        return {
            "events": q("select a.content_hash, e.type, e.kind, e.status, e.date_from, e.date_to, e.location,"
                        " e.location_country, e.document, e.title, e.confidence, e.evidence_start, e.evidence_end,"
                        " e.evidence, (select group_concat(p.side || ':' || p.name, '|') from"
                        "  (select side, name from event_participants where event_id = e.id order by side, name) p)"
                        " from events e join articles a on a.id = e.article_id"),
            "mentions": q("select a.content_hash, n.kind, n.key, m.count, m.salience from mentions m"
                          " join articles a on a.id = m.article_id join entities n on n.id = m.entity_id"),
            "countries": q("select a.content_hash, c.country, c.rank from article_countries c"
                           " join articles a on a.id = c.article_id"),
            "versions": q("select content_hash, extracted_with from articles"),
        }


@pytest.fixture(scope="module")
def clean_run(news, tmp_path_factory) -> dict[str, list[tuple]]:
    """The facts of one uninterrupted ingest of ``news``."""
    from click.testing import CliRunner

    db = tmp_path_factory.mktemp("clean") / "clean.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(news), "--no-progress"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    found = facts(db)
    assert len(found["versions"]) == COPIES * 4 and {v for _, v in found["versions"]} == {EXTRACTOR_VERSION}
    assert len(found["events"]) >= COPIES * 4  # every seed has events
    return found


def briefings(*args: str, **kwargs) -> subprocess.Popen:
    exe = Path(sys.executable).parent / "briefings"
    return subprocess.Popen([str(exe), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def extracted_count(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("select count(*) from articles where extracted_with is not null").fetchone()[0]
    except sqlite3.OperationalError:  # not created or not migrated yet
        return 0


def test_an_ingest_killed_during_extraction_is_completed_by_the_next_run(news, clean_run, tmp_path):
    db = tmp_path / "killed.db"
    process = briefings("--db", str(db), "ingest", str(news), "--no-progress")
    deadline = time.monotonic() + 300
    while extracted_count(db) == 0:  # storing is done and extraction has begun
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "extraction never started"
        time.sleep(0.005)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(db) as conn:
        stored = conn.execute("select count(*) from articles").fetchone()[0]
        pending = conn.execute("select count(*) from articles where extracted_with is null").fetchone()[0]
    assert stored == COPIES * 4 and 0 < pending < stored  # killed halfway: some articles have facts, some none

    rerun = briefings("--db", str(db), "ingest", str(news), "--no-progress")
    out, err = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, err
    assert f"0 new, {COPIES * 4} duplicates" in out  # nothing new to store, yet the pending ones are extracted
    assert facts(db) == clean_run


def only(found: dict[str, list[tuple]], hashes: set[str]) -> dict[str, list[tuple]]:
    """The facts of the articles with these content hashes."""
    return {name: [row for row in rows if row[0] in hashes] for name, rows in found.items()}


def test_stored_without_extraction_then_extract_pending_gives_the_clean_facts(news, clean_run, invoke, db_path):
    some = sorted(news.iterdir())[::10]  # 8 files, two copies of each seed
    assert invoke("ingest", *some, "--no-extract").exit_code == 0
    assert f"{len(some)} pending, 0 stale — run: briefings extract --pending" in invoke("stats").output
    stored = facts(db_path)
    assert stored["events"] == [] and {v for _, v in stored["versions"]} == {None}
    result = invoke("extract", "--pending", "--no-progress")
    assert result.exit_code == 0, result.output
    assert f"Extracted {len(some)} articles" in result.output and "0 pending, 0 stale left" in result.output
    assert facts(db_path) == only(clean_run, {h for h, _ in stored["versions"]})
    again = invoke("extract", "--pending")  # nothing left: nothing done, the facts unchanged
    assert "Extracted 0 articles" in again.output
    assert facts(db_path) == only(clean_run, {h for h, _ in stored["versions"]})


def test_stale_articles_are_re_extracted_only_with_stale(news, invoke, db_path):
    assert invoke("ingest", *sorted(news.iterdir())[::20]).exit_code == 0
    current = facts(db_path)
    with sqlite3.connect(db_path) as conn:  # as if extracted by the rules of an earlier release
        conn.execute("update articles set extracted_with = '2000.1' where id <= 3")
        conn.execute("delete from event_participants where event_id in (select id from events where article_id <= 3)")
        conn.execute("delete from events where article_id <= 3")
    assert "0 pending, 3 stale — run: briefings extract --stale" in invoke("stats").output
    assert "Extracted 0 articles" in invoke("extract", "--pending").output  # stale is not pending
    assert facts(db_path) != current
    result = invoke("extract", "--stale", "--no-progress")
    assert result.exit_code == 0 and "Extracted 3 articles" in result.output
    assert facts(db_path) == current


def test_extraction_flags_do_not_mix(invoke):
    result = invoke("extract", "--pending", "--stale")
    assert result.exit_code == 2 and "use one of" in result.output
