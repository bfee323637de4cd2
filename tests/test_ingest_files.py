"""File ingestion: every format, broken files among good ones, dedup, idempotence, exit codes."""

from __future__ import annotations

import json
import shutil

import pytest

from briefings.ingest import ingest_paths
from briefings.ingest.formats import ParseError, article_from_record, parse_file
from briefings.models import split_paragraphs

SEED_TEXT = """Ministers agree on visa-free travel

2024-11-18 / Example Wire

The foreign ministers of two neighbouring states agreed on Monday to abolish visas for short trips.

The agreement still needs the approval of both parliaments, officials said.
"""

MARKDOWN = """---
title: Leaders to meet at regional summit in March
date: 2024-11-19
source: Example Desk
url: https://example.org/desk/summit-march
---

# Leaders to meet at regional summit in March
Heads of state from the region will gather for a summit in March, the host government said.

## Agenda
Trade and energy links top the agenda.
"""

HTML = """<!DOCTYPE html><html lang="en"><head>
<title>Envoys sign fisheries accord | Example News</title>
<meta property="og:title" content="Envoys sign fisheries accord">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-11-20T09:30:00Z">
<link rel="canonical" href="https://news.example.org/2024/11/fisheries-accord">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Envoys sign fisheries accord</h1>
<p>Envoys of two coastal states signed a fisheries accord on Wednesday after three years of negotiations, officials said in a joint statement.</p>
<p>The accord sets catch limits for shared stocks and creates a joint commission that will meet twice a year to review the quotas.</p>
<p>Both delegations called the deal a model for practical cooperation despite wider disagreements over maritime borders.</p>
</article><footer>Copyright Example News. Subscribe to our newsletter.</footer></body></html>
"""

JSON_OBJECT = {
    "title": "Prime ministers hold phone call",
    "date": "2024-11-21",
    "source": "Example Desk",
    "url": "https://example.org/desk/phone-call",
    "body": ["The two prime ministers spoke by phone on Thursday.", "They discussed energy supplies."],
}

JSON_LIST = [
    {"title": "Talks on grain corridor resume", "published": "2024-11-22", "text": "Delegations resumed talks on the grain corridor on Friday.",
     "url": "https://example.org/list/1"},
    {"title": "Trade ministers meet", "published": "2024-11-22T08:00:00Z", "text": "Trade ministers met to review tariffs.",
     "url": "https://example.org/list/2"},
]

JSONL_GOOD = [
    {"title": "Parliament ratifies border treaty", "date": "2024-11-23", "text": "Parliament ratified the border treaty on Saturday.", "url": "https://example.org/l/1"},
    {"title": "Foreign minister visits capital", "date": "2024-11-24", "text": "The foreign minister arrived for a two-day visit.", "url": "https://example.org/l/2"},
]


@pytest.fixture
def good_folder(tmp_path):
    folder = tmp_path / "articles"
    (folder / "nested" / "deeper").mkdir(parents=True)
    (folder / "visa.txt").write_text(SEED_TEXT, encoding="utf-8")
    (folder / "nested" / "summit.md").write_text(MARKDOWN, encoding="utf-8")
    (folder / "nested" / "accord.html").write_text(HTML, encoding="utf-8")
    (folder / "call.json").write_text(json.dumps(JSON_OBJECT), encoding="utf-8")
    (folder / "nested" / "deeper" / "list.json").write_text(json.dumps(JSON_LIST), encoding="utf-8")
    (folder / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in JSONL_GOOD) + "\n", encoding="utf-8")
    (folder / "notes.csv").write_text("ignored,in,folders\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text(SEED_TEXT.replace("visa-free", "hidden"), encoding="utf-8")
    return folder


def parse(path):
    return list(parse_file(path))


def test_every_format_is_parsed_with_title_date_and_body_apart(good_folder):
    report_titles = {}
    for path in sorted(good_folder.rglob("*")):
        if path.suffix in {".txt", ".md", ".html", ".json", ".jsonl"} and not path.name.startswith("."):
            for item in parse(path):
                assert not isinstance(item, ParseError), (path, item)
                report_titles[item.title] = item
    assert set(report_titles) == {
        "Ministers agree on visa-free travel", "Leaders to meet at regional summit in March",
        "Envoys sign fisheries accord", "Prime ministers hold phone call", "Talks on grain corridor resume",
        "Trade ministers meet", "Parliament ratifies border treaty", "Foreign minister visits capital",
    }
    seed = report_titles["Ministers agree on visa-free travel"]
    assert (seed.published, seed.source) == ("2024-11-18", "Example Wire")
    assert seed.paragraphs == [
        "The foreign ministers of two neighbouring states agreed on Monday to abolish visas for short trips.",
        "The agreement still needs the approval of both parliaments, officials said.",
    ]
    md = report_titles["Leaders to meet at regional summit in March"]
    assert (md.published, md.source, md.url) == ("2024-11-19", "Example Desk", "https://example.org/desk/summit-march")
    assert md.paragraphs == [
        "Heads of state from the region will gather for a summit in March, the host government said.",
        "Agenda",
        "Trade and energy links top the agenda.",
    ]
    page = report_titles["Envoys sign fisheries accord"]
    assert page.published == "2024-11-20" and page.source == "Example News"
    assert page.url == "https://news.example.org/2024/11/fisheries-accord"
    assert len(page.paragraphs) == 3 and page.paragraphs[0].startswith("Envoys of two coastal states signed")
    assert "Subscribe" not in page.body and "Home" not in page.body
    call = report_titles["Prime ministers hold phone call"]
    assert call.paragraphs == JSON_OBJECT["body"]
    assert report_titles["Trade ministers meet"].published == "2024-11-22"


def test_title_and_dateline_never_glued_into_first_sentence(good_folder, store):
    report = ingest_paths(store, [good_folder], extract=False)
    assert report.ok and len(report.new_ids) == 8
    for article_id in report.new_ids:
        row = store.get_article(article_id)
        first = split_paragraphs(row["body"])[0]
        assert not first.startswith(row["title"]), row["title"]
        assert "2024-11-" not in first and " / " not in first


def test_folder_ingest_is_recursive_skips_hidden_and_unknown_and_is_idempotent(good_folder, store):
    first = ingest_paths(store, [good_folder], extract=False)
    assert (len(first.new_ids), len(first.duplicate_ids), first.failures) == (8, 0, [])
    assert "8 new, 0 duplicates, 0 failed" == first.summary()
    second = ingest_paths(store, [good_folder], extract=False)
    assert (len(second.new_ids), len(second.duplicate_ids), second.failures) == (0, 8, [])
    assert sorted(second.duplicate_ids) == sorted(first.new_ids)
    assert store.db["articles"].count == 8


def test_broken_files_are_reported_and_the_rest_ingested(tmp_path, store):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(SEED_TEXT, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (folder / "empty.md").write_bytes(b"")
    (folder / "blank.txt").write_text("  \n\n \n", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Caf\xe9 talks\n\n2024-11-18 / Wire\n\nBody.\n".encode("latin-1"))
    (folder / "nodate.txt").write_text("A title\n\nno dateline here\n\nBody text.\n", encoding="utf-8")
    (folder / "baddate.json").write_text(json.dumps({"title": "T", "date": "2024-13-45", "body": "B"}), encoding="utf-8")
    (folder / "nodate.md").write_text("---\ntitle: Undated\n---\nSome body.\n", encoding="utf-8")
    (folder / "nofront.md").write_text("Just text without front matter.\n", encoding="utf-8")
    (folder / "broken.json").write_text('{"title": "Oops", "date": ', encoding="utf-8")
    (folder / "records.json").write_text(json.dumps([JSON_OBJECT, {"title": "No body", "date": "2024-11-01"}, "a string"]),
                                         encoding="utf-8")
    lines = [json.dumps(JSONL_GOOD[0]), "{not json", json.dumps({"date": "2024-11-01", "text": "untitled"}), json.dumps(JSONL_GOOD[1])]
    (folder / "feed.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (folder / "nodate.html").write_text("<html><body><article><p>" + "Words without any date. " * 20 + "</p></article></body></html>",
                                        encoding="utf-8")
    missing = tmp_path / "does-not-exist"
    unsupported = tmp_path / "report.pdf"
    unsupported.write_bytes(b"%PDF-1.4")

    report = ingest_paths(store, [folder, missing, unsupported], extract=False)

    titles = {store.get_article(i)["title"] for i in report.new_ids}
    assert titles == {"Ministers agree on visa-free travel", "Prime ministers hold phone call",
                      "Parliament ratifies border treaty", "Foreign minister visits capital"}
    reasons = {}
    for failure in report.failures:
        reasons.setdefault(failure.where.split("/")[-1].split("[")[0], []).append(failure.reason)
    assert "binary" in reasons["binary.txt"][0]
    assert "empty" in reasons["empty.md"][0] and "empty" in reasons["blank.txt"][0]
    assert "UTF-8" in reasons["latin1.txt"][0]
    assert "missing date" in reasons["nodate.txt"][0]
    assert "invalid date" in reasons["baddate.json"][0]
    assert "missing date" in reasons["nodate.md"][0]
    assert "front matter" in reasons["nofront.md"][0]
    assert "malformed JSON" in reasons["broken.json"][0]
    assert sorted(reasons["records.json"]) == ["record 1: missing body text", "record 2: expected a JSON object, got str"]
    assert sorted(reasons["feed.jsonl"]) == ["line 2: malformed JSON (Expecting property name enclosed in double quotes)",
                                             "line 3: missing title"]
    assert reasons["nodate.html"]
    assert reasons["does-not-exist"] == ["no such file or folder"]
    assert "unsupported file type .pdf" in reasons["report.pdf"][0]
    assert not report.ok
    assert report.summary() == f"4 new, 0 duplicates, {len(report.failures)} failed"
    for failure in report.failures:  # every failure names where it happened
        assert str(failure).startswith(str(tmp_path))


def test_dedup_by_canonical_url_and_by_normalised_text(tmp_path, store):
    folder = tmp_path / "dups"
    folder.mkdir()
    records = [
        {"title": "Original", "date": "2024-11-20", "text": "Envoys met in Geneva on Tuesday.", "url": "https://example.org/a"},
        # same page, other tracking parameters and host spelling, edited text
        {"title": "Original (updated)", "date": "2024-11-20", "text": "Envoys met in Geneva on Tuesday evening.",
         "url": "http://WWW.example.org/a/?utm_source=rss#comments"},
        # same text, other spacing and punctuation, other site
        {"title": "Syndicated copy", "date": "2024-11-20", "text": "ENVOYS  met in Geneva, on Tuesday!", "url": "https://mirror.example.net/x"},
    ]
    (folder / "batch.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    (folder / "copy.txt").write_text("Another headline\n\n2024-11-20 / Elsewhere\n\nEnvoys met in   Geneva on Tuesday.\n",
                                     encoding="utf-8")
    report = ingest_paths(store, [folder], extract=False)
    assert len(report.new_ids) == 1 and len(report.duplicate_ids) == 3
    assert set(report.duplicate_ids) == set(report.new_ids)
    assert store.get_article(report.new_ids[0])["title"] == "Original"


def test_seed_folder_ingests_cleanly_twice(tmp_path, store, seeds_dir):
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir, seeds)
    first = ingest_paths(store, [seeds], extract=False)
    assert first.ok and len(first.new_ids) >= 5
    d000 = next(store.get_article(i) for i in first.new_ids if store.get_article(i)["title"].startswith("Top Russian diplomat"))
    assert d000["published"] == "2024-11-22"
    assert d000["body"].startswith("Russian Foreign Minister Sergey Lavrov will participate")
    second = ingest_paths(store, [seeds], extract=False)
    assert second.new_ids == [] and len(second.duplicate_ids) == len(first.new_ids)


def test_record_accepts_field_aliases_and_reports_bad_shapes():
    art = article_from_record({"title": " A  title ", "published": "2024-11-02", "text": "Line one.\n\n\n\nLine two."})
    assert art.title == "A title" and art.paragraphs == ["Line one.", "Line two."]
    with pytest.raises(ParseError, match="missing date"):
        article_from_record({"title": "x", "body": "y"})
    with pytest.raises(ParseError, match="missing title"):
        article_from_record({"date": "2024-11-02", "body": "y"})
    with pytest.raises(ParseError, match="expected a JSON object"):
        article_from_record(["not", "an", "object"])


def test_utf8_bom_and_crlf_are_accepted(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED_TEXT.replace("\n", "\r\n").encode("utf-8"))
    (article,) = parse(path)
    assert article.title == "Ministers agree on visa-free travel"
    assert len(article.paragraphs) == 2 and "\r" not in article.body


@pytest.mark.parametrize("value, expected", [
    ("2024-11-22", "2024-11-22"),
    ("2024-11-22T23:30:00-05:00", "2024-11-22"),
    ("Fri, 22 Nov 2024 10:00:00 GMT", "2024-11-22"),
    ("22 November 2024", "2024-11-22"),
    ("November 22, 2024", "2024-11-22"),
])
def test_record_dates_in_common_forms(value, expected):
    assert article_from_record({"title": "t", "date": value, "body": "b"}).published == expected


@pytest.mark.parametrize("value", ["yesterday", "3 days ago", "Nov 2024", "2024-02-30", "soon"])
def test_relative_partial_and_impossible_dates_are_refused(value):
    with pytest.raises(ParseError, match="date"):
        article_from_record({"title": "t", "date": value, "body": "b"})
