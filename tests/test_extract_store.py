"""Extracted facts in the store: written per the shared contract, replaced atomically, idempotent."""

from __future__ import annotations

import shutil

import pytest

from briefings.extract import extract_articles
from briefings.extract.storage import FactWriter, stored_record
from briefings.ingest import ingest_paths


def table_rows(store, article_id: int) -> dict:
    q = store.conn.execute
    return {
        "events": q("select type, kind, status, date_from, date_to, location, location_country, document, title,"
                    " evidence_start, evidence_end from events where article_id = ? order by id", (article_id,)).fetchall(),
        "participants": q("select e.type, p.side, p.name, p.role, p.country, en.kind, en.key from event_participants p"
                          " join events e on e.id = p.event_id join entities en on en.id = p.entity_id"
                          " where e.article_id = ? order by e.id, p.rowid", (article_id,)).fetchall(),
        "mentions": sorted(q("select entity_id, count from mentions where article_id = ?", (article_id,)).fetchall()),
        "countries": q("select country, rank from article_countries where article_id = ? order by rank", (article_id,)).fetchall(),
    }


@pytest.fixture
def seeded(store, seeds_dir, tmp_path):
    folder = tmp_path / "seeds"
    shutil.copytree(seeds_dir, folder)
    report = ingest_paths(store, [folder], progress=False)
    assert report.ok and report.new_ids
    seed_id = next(i for i in report.new_ids if store.get_article(i)["published"] == "2024-11-22"
                   and "Brest" in store.get_article(i)["title"] and "Top Russian" in store.get_article(i)["title"])
    return store, report.new_ids, seed_id


def test_ingest_extracts_the_seed(seeded):
    store, _, seed_id = seeded
    rows = table_rows(store, seed_id)
    types = [e[0] for e in rows["events"]]
    assert types.count("meeting") == 1 and types.count("signing") == 4 and types.count("upcoming") == 1
    meeting = next(e for e in rows["events"] if e[0] == "meeting")
    assert meeting[1:6] == ("talks", "planned", None, None, "Brest") and meeting[6] == "BY"
    assert rows["countries"] == [("RU", 1), ("BY", 2)] or rows["countries"] == [("BY", 1), ("RU", 2)]
    people = {(p[2], p[3], p[4]) for p in rows["participants"] if p[0] == "meeting" and p[5] == "person"}
    assert people == {("Sergey Lavrov", "Foreign Minister", "RU"), ("Maxim Ryzhenkov", "Foreign Minister", "BY")}
    sides = {(p[1], p[6]) for p in rows["participants"] if p[0] == "meeting" and p[5] == "country"}
    assert sides == {("participant", "RU"), ("host", "BY")}
    upcoming = next(e for e in rows["events"] if e[0] == "upcoming")
    assert (upcoming[3], upcoming[4]) == ("2024-12-01", "2024-12-10")
    article = store.get_article(seed_id)
    for e in rows["events"]:
        if e[9] is not None:
            assert 0 <= e[9] < e[10] <= len(article["body"])


def test_extracting_twice_gives_the_same_rows_and_no_duplicates(seeded):
    store, ids, seed_id = seeded
    before = {i: table_rows(store, i) for i in ids}
    entities = store.conn.execute("select count(*) from entities").fetchone()[0]
    assert extract_articles(store, ids) == len(ids)
    assert extract_articles(store, None) == len(ids)
    after = {i: table_rows(store, i) for i in ids}
    assert before == after
    assert store.conn.execute("select count(*) from entities").fetchone()[0] == entities
    dupes = store.conn.execute(
        "select count(*) from (select kind, key, count(*) n from entities group by kind, key having n > 1)").fetchone()[0]
    assert dupes == 0


def test_reextraction_is_atomic(seeded):
    """A failure half-way through writing an article's facts leaves its old facts in place."""
    store, _, seed_id = seeded
    before = stored_record(store, seed_id)
    from briefings.extract import extract_article

    facts = extract_article(store.get_article(seed_id))
    writer = FactWriter(store)
    original = writer._upcoming

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    writer._upcoming = broken
    with pytest.raises(RuntimeError):
        with store.write_transaction():
            writer.write(seed_id, facts)
    writer._upcoming = original
    assert stored_record(store, seed_id) == before


def test_extract_all_cli(invoke, seeds_dir, tmp_path, db_path):
    from briefings.store import Store

    folder = tmp_path / "in"
    shutil.copytree(seeds_dir, folder)
    assert invoke("ingest", folder, "--no-extract").exit_code == 0
    with Store(db_path) as store:
        stored = len(store.article_ids())
        assert store.conn.execute("select count(*) from events").fetchone()[0] == 0
    result = invoke("extract", "--all")
    assert result.exit_code == 0, result.output
    assert f"Extracted {stored} articles" in result.output
    with Store(db_path) as store:
        assert store.conn.execute("select count(*) from events").fetchone()[0] > 0
    result = invoke("extract", "1", "--jsonl")
    assert result.exit_code == 0 and '"id": "1"' in result.output


def test_cli_reports_bad_targets_and_goes_on(invoke, seeds_dir, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = invoke("extract", seeds_dir / "d000.txt", broken, tmp_path / "missing.txt", "--jsonl")
    assert result.exit_code == 1
    assert '"id": "d000"' in result.output
