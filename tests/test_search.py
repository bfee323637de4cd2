"""Full-text search: any user text is a safe query, and real words are still found."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefings.models import Article
from briefings.store import Store, fts_queries

ARTICLES = [
    Article("Foreign ministers meet in Brest", "2024-11-22",
            "The ministers held talks in Brest on Friday.\n\nThey discussed the Union State and border crossings."),
    Article("Summit in Astana next spring", "2024-11-23", "Leaders will gather in Astana for a summit on water and energy."),
    Article("Phone call on defence cooperation", "2024-11-24", "The presidents spoke by phone about defence cooperation and Brest."),
]

OPERATOR_BITS = ['"', "'", "*", "-", "+", "^", ":", "(", ")", "{", "}", "AND", "OR", "NOT", "NEAR", "NEAR(",
                 "title:", "body:", "articles_fts:", "\x00", "\x1f", "😀", "🇧🇾", "\\", ";", "--", "/*", "%", "_", " ", "NEAR/2"]


@pytest.fixture(scope="module")
def search_store(tmp_path_factory):
    with Store(tmp_path_factory.mktemp("search") / "search.db") as store:
        for article in ARTICLES:
            store.add_article(article)
        yield store


hostile_text = st.lists(st.one_of(st.sampled_from(OPERATOR_BITS), st.text(max_size=6)), max_size=12).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=hostile_text)
def test_any_text_is_a_safe_query(search_store, query):
    hits = search_store.search(query, limit=5)
    assert isinstance(hits, list) and len(hits) <= 5
    for query_text in fts_queries(query):  # every query we build is valid FTS5 syntax
        search_store.conn.execute("select count(*) from articles_fts where articles_fts match ?", [query_text]).fetchone()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(before=st.lists(st.sampled_from(OPERATOR_BITS), max_size=4).map(" ".join),
       after=st.lists(st.sampled_from(OPERATOR_BITS), max_size=4).map(" ".join),
       word=st.sampled_from(["Astana", "astana", "ASTANA"]))
def test_a_real_word_wrapped_in_syntax_is_found(search_store, before, after, word):
    hits = search_store.search(f"{before} {word} {after}", limit=5)
    assert [h["title"] for h in hits] == ["Summit in Astana next spring"]


@pytest.mark.parametrize("query", [
    'Brest"', '"Brest', "title:Brest", "body:Brest", "^Brest", "Brest*", "-Brest", "NOT Brest",
    "Brest AND (", "NEAR(Brest Union)", "Brest\x00", "😀 Brest 🇧🇾", "(((Brest", "Brest OR", "brest's",
])
def test_hostile_forms_of_a_real_word_find_it(search_store, query):
    titles = {h["title"] for h in search_store.search(query)}
    assert "Foreign ministers meet in Brest" in titles


def test_ranking_prefers_title_matches_and_snippets_highlight(search_store):
    hits = search_store.search("Brest")
    assert [h["title"] for h in hits] == ["Foreign ministers meet in Brest", "Phone call on defence cooperation"]
    assert "[Brest]" in hits[0]["snippet"]
    assert {"id", "title", "source", "published", "url", "snippet"} <= set(hits[0])


def test_phrases_stemming_and_limits(search_store):
    assert [h["title"] for h in search_store.search('"defence cooperation"')] == ["Phone call on defence cooperation"]
    assert [h["title"] for h in search_store.search("meeting")] == ["Foreign ministers meet in Brest"]  # porter stems
    assert len(search_store.search("Brest", limit=1)) == 1


@pytest.mark.parametrize("query", ["", "   ", "\x00", "()", '""', "***", "-", "😀", "AND OR NOT"])
def test_queries_without_findable_words_return_nothing(search_store, query):
    assert search_store.search(query) == []


def test_words_absent_from_every_article_find_nothing(search_store):
    assert search_store.search("Zanzibar") == []
    assert search_store.search("Brest Zanzibar") == []


def test_fts_queries_quote_every_term():
    for text in ['a"b', "x AND y", "NEAR(a b)", "t:x"]:
        for query in fts_queries(text):
            conn = sqlite3.connect(":memory:")
            conn.execute("create virtual table t using fts5(x)")
            conn.execute("select * from t where t match ?", [query]).fetchall()
