"""The synthetic benchmark corpus: deterministic, well-formed, and stored as the facts contract says.

Only the generator and the store loader are tested here (small N); the benchmarks themselves
are scripts that print figures and never run from pytest.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pycountry
import pytest

from bench.corpus import generate, make_article, write_jsonl, write_txt
from bench.stores import BuildInfo, build_store, ensure_store, label
from briefings.ingest import ingest_paths
from briefings.ingest.formats import article_from_record, parse_seed_text
from briefings.store import Store

KINDS = {
    "meeting": {"talks", "visit", "call"},
    "upcoming": {"summit", "forum", "conference", "session", "election", "other"},
    "signing": {None},
}
STATUSES = {"meeting": {"held", "planned", "cancelled"}, "signing": {"signed", "expected"}, "upcoming": {"planned", "cancelled"}}
SIDES = {"meeting": {"participant", "host", "visitor"}, "signing": {"party"}, "upcoming": {"member", "host"}}


@pytest.fixture(scope="module")
def corpus():
    return list(generate(400))


def test_same_seed_same_corpus_other_seed_other_corpus():
    first = [a.record() for a in generate(30)]
    assert first == [a.record() for a in generate(30)]
    other = [a.record() for a in generate(30, seed=7)]
    assert sum(a["text"] == b["text"] for a, b in zip(first, other)) == 0


def test_an_article_does_not_depend_on_corpus_size_or_start():
    small = list(generate(10))
    large = list(generate(40))
    assert [a.record() for a in small] == [a.record() for a in large[:10]]
    assert list(generate(5, start=20))[3].record() == large[23].record()
    assert make_article(23).body == large[23].body


def test_publication_days_count_back_from_the_end_at_a_fixed_rate():
    end = date(2025, 3, 31)
    articles = list(generate(25, per_day=10, end=end))
    assert [a.published for a in articles] == [(end - timedelta(days=i // 10)).isoformat() for i in range(25)]


def test_articles_are_distinct(corpus):
    assert len({a.body for a in corpus}) == len(corpus)
    assert len({a.url for a in corpus}) == len(corpus)
    assert len({a.title for a in corpus}) > len(corpus) * 0.9


def test_records_parse_as_ingestible_articles(corpus):
    for synthetic in corpus[:100]:
        parsed = article_from_record(synthetic.record())
        assert (parsed.title, parsed.published, parsed.body, parsed.source, parsed.url) == (
            synthetic.title,
            synthetic.published,
            synthetic.body,
            synthetic.source,
            synthetic.url,
        )
        [from_text] = parse_seed_text(synthetic.seed_text())
        assert (from_text.title, from_text.published, from_text.body, from_text.source) == (
            synthetic.title,
            synthetic.published,
            synthetic.body,
            synthetic.source,
        )


def test_events_follow_the_facts_contract(corpus):
    seen_types = set()
    for article in corpus:
        published = date.fromisoformat(article.published)
        assert article.countries and all(pycountry.countries.get(alpha_2=c) for c in article.countries)
        for ev in article.events:
            seen_types.add((ev.type, ev.kind, ev.status))
            assert ev.kind in KINDS[ev.type] and ev.status in STATUSES[ev.type]
            assert article.body[ev.evidence_start : ev.evidence_end] == ev.evidence
            if ev.date_from:
                assert ev.date_to >= ev.date_from
            if ev.type == "upcoming":
                assert date.fromisoformat(ev.date_from) > published
            if ev.type == "meeting" and ev.status == "held" and ev.date_from:
                assert date.fromisoformat(ev.date_from) <= published
            if ev.type == "signing":
                assert ev.document and ev.document in ev.evidence
            if ev.location:
                assert ev.location in article.body and pycountry.countries.get(alpha_2=ev.location_country)
            assert {p.side for p in ev.participants} <= SIDES[ev.type]
            for p in ev.participants:
                if p.kind == "person":
                    assert p.name in article.body and p.key == p.name.casefold() and p.role
                elif p.kind == "country":
                    assert pycountry.countries.get(alpha_2=p.key)
    assert {t for t, _, _ in seen_types} == {"meeting", "signing", "upcoming"}
    assert {k for t, k, _ in seen_types if t == "meeting"} == {"talks", "visit", "call"}


def test_gold_records_have_the_evaluation_shape(corpus):
    gold = corpus[0].gold()
    assert set(gold) == {"id", "published", "countries", "meetings", "signings", "upcoming"}
    for article in corpus:
        record = article.gold()
        assert len(record["meetings"]) + len(record["signings"]) + len(record["upcoming"]) == len(article.events)
        for meeting in record["meetings"]:
            assert set(meeting) == {"participants", "countries", "kind", "location", "date", "status"}


def test_jsonl_and_txt_files_ingest_every_article(tmp_path):
    jsonl = tmp_path / "corpus.jsonl"
    assert write_jsonl(jsonl, 25) == 25
    lines = jsonl.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 25 and json.loads(lines[0])["gold"]["id"] == "s0000000"
    assert write_txt(tmp_path / "txt", 5) == 5
    with Store(tmp_path / "ingest.db") as store:
        report = ingest_paths(store, [jsonl, tmp_path / "txt"], extract=False, progress=False)
        assert report.ok, report.failures
        assert len(report.new_ids) == 25  # the 5 .txt articles are the first 5 of the JSONL ones
        assert len(report.duplicate_ids) == 5


def test_built_store_holds_articles_and_their_facts(tmp_path):
    path = tmp_path / "bench.db"
    info = build_store(path, 120, show_progress=False)
    articles = list(generate(120))
    assert (info.articles, info.events) == (120, sum(len(a.events) for a in articles))
    with Store(tmp_path / "fresh.db") as fresh:
        schema = sorted(fresh.db.execute("select type, name, sql from sqlite_master where name not like '%fts%'").fetchall())
    with Store(path) as store:
        assert store.current_schema
        # the indexes dropped for the bulk load are back, exactly as the migrations made them
        assert sorted(store.db.execute("select type, name, sql from sqlite_master where name not like '%fts%'").fetchall()) == schema
        assert store.db["articles"].count == 120
        assert store.db.execute("select count(*) from events").fetchone()[0] == info.events
        # the triggers filled the denormalised publication dates the digest queries use
        assert store.db.execute("select count(*) from event_participants where published is null").fetchone()[0] == 0
        # every event's evidence is the body text at its offsets
        for body, start, end, evidence in store.db.execute(
            "select a.body, e.evidence_start, e.evidence_end, e.evidence from events e join articles a on a.id = e.article_id"
        ):
            assert body[start:end] == evidence
        # stored oldest first, as a store fills: the newest article (index 0) has the highest id
        assert [r[0] for r in store.db.execute("select published from articles order by id")] == [a.published for a in reversed(articles)]
        # the newest article's countries and participants, as the generator stated them
        first = articles[0]
        ranked = [r[0] for r in store.db.execute("select country from article_countries where article_id = 120 order by rank")]
        assert ranked == first.countries
        people = {
            r[0]
            for r in store.db.execute(
                "select en.name from event_participants p join entities en on en.id = p.entity_id "
                "join events e on e.id = p.event_id where e.article_id = 120 and en.kind = 'person'"
            )
        }
        assert people == {p.name for ev in first.events for p in ev.participants if p.kind == "person"}
        # full-text search sees the bulk-loaded bodies
        word = first.title.split()[0]
        assert any(hit["id"] == 120 for hit in store.search(word, limit=200))


def test_ensure_store_reuses_a_matching_store(tmp_path, monkeypatch):
    monkeypatch.setattr("bench.stores.OUT", tmp_path)
    path, info, built = ensure_store(30, show_progress=False)
    assert built and path.parent == tmp_path and BuildInfo.read(path) == info
    assert ensure_store(30, show_progress=False)[2] is False
    assert ensure_store(30, show_progress=False, force=True)[2] is True
    assert label(10_000) == "10k" and label(1_000_000) == "1M" and label(1234) == "1234"
