"""Golden files: each template on the seed articles.

The facts come from the real pipeline (ingestion and extraction of ``seeds/``), frozen in
``tests/golden/seed-facts.json`` so that these files change only when the digest layer does;
a separate test runs the live pipeline. When extraction, the seeds or a template change on
purpose, review the new output and regenerate everything with
``BRIEFINGS_UPDATE_GOLDEN=1 python -m pytest tests/test_digest_golden.py``.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from briefings.digest import build_brief, build_calendar, build_digest
from briefings.ingest import ingest_paths
from briefings.render import render, telegram_messages
from briefings.store import Store
from telegram_html import check_telegram_html, utf16

GOLDEN = Path(__file__).parent / "golden"
FACTS = GOLDEN / "seed-facts.json"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
UPDATE = os.environ.get("BRIEFINGS_UPDATE_GOLDEN") == "1"
EXTENSIONS = {"html": "html", "md": "md", "text": "txt"}
#: Fact tables as extraction writes them (columns the store's triggers maintain are left out).
TABLES = {
    "entities": ("id", "kind", "name", "key", "country", "role", "aliases"),
    "events": ("id", "article_id", "type", "kind", "status", "date_from", "date_to", "location", "location_country",
               "document", "title", "confidence", "evidence_start", "evidence_end", "evidence"),
    "event_participants": ("event_id", "entity_id", "side", "name", "role", "country"),
    "article_countries": ("article_id", "country", "rank", "salience"),
}


def live_store(path: Path) -> Store:
    """The seeds through real ingestion and extraction."""
    pytest.importorskip("briefings.extract")
    store = Store(path)
    report = ingest_paths(store, [SEEDS])
    assert report.ok, report.failures
    return store


def frozen_store(path: Path) -> Store:
    """The seeds ingested, with the facts extraction gave them when the golden files were made."""
    store = Store(path)
    report = ingest_paths(store, [SEEDS], extract=False)
    assert report.ok, report.failures
    facts = json.loads(FACTS.read_text(encoding="utf-8"))
    titles = {r[0]: r[1] for r in store.conn.execute("select id, title from articles")}
    assert titles == {int(k): v for k, v in facts["articles"].items()}, "seeds changed: regenerate the golden files"
    with store.conn:
        for table, columns in TABLES.items():
            store.db[table].insert_all([dict(zip(columns, row)) for row in facts[table]])
    return store


def freeze(store: Store) -> None:
    facts = {"articles": {r[0]: r[1] for r in store.conn.execute("select id, title from articles order by id")}}
    for table, columns in TABLES.items():
        facts[table] = [list(r) for r in store.conn.execute(f"select {', '.join(columns)} from {table} order by rowid")]
    FACTS.write_text(json.dumps(facts, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("golden")
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        with live_store(folder / "live.db") as live:
            freeze(live)
    store = frozen_store(folder / "frozen.db")
    yield store
    store.close()


def seed_views(store) -> dict:
    latest = store.stats()["last_published"]
    return {
        "digest": build_digest(store, day=latest),
        "brief-belarus": build_brief(store, "Belarus", period="30d", today=latest),
        "brief-lavrov": build_brief(store, "Lavrov", period="30d", today=latest),
        "upcoming": build_calendar(store, today=latest),
    }


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
@pytest.mark.parametrize("name", ["digest", "brief-belarus", "brief-lavrov", "upcoming"])
def test_golden(seeded, name, fmt):
    out = render(seed_views(seeded)[name], fmt)
    path = GOLDEN / f"{name}.{EXTENSIONS[fmt]}"
    if UPDATE:
        path.write_text(out, encoding="utf-8")
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    diff = "".join(difflib.unified_diff(expected.splitlines(True), out.splitlines(True), str(path), "rendered"))
    assert out == expected, f"output differs from {path} (regenerate with BRIEFINGS_UPDATE_GOLDEN=1 if intended):\n{diff}"


def test_seed_views_are_valid_telegram_messages(seeded):
    for name, view in seed_views(seeded).items():
        for message in telegram_messages(view):
            text, entities = check_telegram_html(message)
            assert utf16(text) <= 4096 and entities <= 100, name


def test_live_pipeline_on_the_seeds_reports_the_brest_talks_once_with_every_report(tmp_path):
    with live_store(tmp_path / "live.db") as store:
        latest = store.stats()["last_published"]
        brief = build_brief(store, "Belarus", period="30d", today=latest)
        for view in seed_views(store).values():
            for message in telegram_messages(view):
                check_telegram_html(message)
    brest = [m for m in brief.meetings if m.location == "Brest"]
    assert len(brest) == 1
    assert {
        "Top Russian diplomat to meet with Belarusian counterpart in Brest",
        "Lavrov, Ryzhenkov meet in Brest for joint collegium",
        "Russian and Belarusian foreign ministers sign declaration on international law in Brest",
    } <= {s.title for s in brest[0].sources}
    assert brest[0].status == "held" and {p.key for p in brest[0].countries} >= {"RU", "BY"}
