"""Hostile and broken files at ingest: alias bombs, wrong types, deep nesting, bad dates, lone surrogates,
control characters, links out of the folder, entity-bomb feeds, over-long articles.

Every hostile input is generated here; no real system file is read.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefings.cli import cli
from briefings.ingest import ingest_paths
from briefings.ingest.feeds import FeedError, parse_feed
from briefings.ingest.formats import ParseError, article_from_record, parse_file

GOOD_BODY = "The foreign ministers of France and Germany met in Paris on Monday to discuss energy links."


def seed_text(title: str, body: str = GOOD_BODY) -> str:
    return f"{title}\n\n2024-11-18 / Example Wire\n\n{body}\n"


def markdown(front_matter: str, body: str = GOOD_BODY) -> str:
    return f"---\n{front_matter.strip()}\n---\n{body}\n"


def alias_bomb() -> str:
    """A few hundred bytes of YAML whose ``title`` expands to 9**9 strings when turned into text."""
    names = "abcdefghi"
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]" for prev, cur in zip(names, names[1:])]
    return markdown("\n".join(lines) + "\ntitle: *i\ndate: 2024-11-18\n", body="Body.")


def _limit_memory():  # runs in the child: a regression fails with MemoryError, not by eating the machine
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))


def test_yaml_alias_bomb_is_refused_before_anything_expands_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    bomb = alias_bomb()
    assert len(bomb.encode()) < 450
    (folder / "bomb.md").write_text(bomb, encoding="utf-8")
    (folder / "good.txt").write_text(seed_text("Ministers meet in Paris"), encoding="utf-8")
    env = {**os.environ, "BRIEFINGS_DB": str(tmp_path / "b.db")}
    result = subprocess.run(
        [sys.executable, "-c", "from briefings.cli import main; main()", "ingest", "--no-extract", str(folder)],
        capture_output=True, text=True, timeout=120, env=env, preexec_fn=_limit_memory,
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "bomb.md: front matter uses YAML anchors or aliases" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Ingested: 1 new, 0 duplicates, 1 failed" in result.stdout


@pytest.mark.parametrize("front_matter, field, kind", [
    ("title: [a, b]\ndate: 2024-11-18", "title", "a list"),
    ("title: {x: 1}\ndate: 2024-11-18", "title", "a mapping"),
    ("title: !!binary aGVsbG8=\ndate: 2024-11-18", "title", "binary data"),
    ("title: 2024\ndate: 2024-11-18", "title", "a number"),
    ("title: " + "9" * 200 + "\ndate: 2024-11-18", "title", "a number"),
    ("title: yes\ndate: 2024-11-18", "title", "true/false"),
    ("title: Fine\ndate: [2024, 11, 18]", "date", "a list"),
    ("title: Fine\npublished: !!binary aGVsbG8=", "published", "binary data"),
    ("title: Fine\ndate: 2024-11-18\nsource: [a, b]", "source", "a list"),
    ("title: Fine\ndate: 2024-11-18\nurl: {a: b}", "url", "a mapping"),
])
def test_front_matter_values_of_the_wrong_type_are_refused_naming_the_field(tmp_path, front_matter, field, kind):
    path = tmp_path / "typed.md"
    path.write_text(markdown(front_matter), encoding="utf-8")
    with pytest.raises(ParseError) as caught:
        list(parse_file(path))
    assert str(caught.value) == f"front matter: {field} must be {'text' if field != 'date' and field != 'published' else 'a date like YYYY-MM-DD'}, got {kind}"


@pytest.mark.parametrize("front_matter, reason", [
    ("title: T\ndate: 2024-13-45", "invalid date '2024-13-45'"),
    ("title: T\ndate: !!timestamp 2024-13-45", "malformed front matter"),
    ("title: " + "9" * 5000 + "\ndate: 2024-11-18", "malformed front matter"),
    ("title: " + "[" * 5000 + "\ndate: 2024-11-18", "malformed front matter"),
    ("title: &t Anchored\ndate: 2024-11-18", "anchors or aliases"),
    ("title: !!python/object:os.system echo\ndate: 2024-11-18", "malformed front matter"),
])
def test_broken_front_matter_is_a_parse_error(tmp_path, front_matter, reason):
    path = tmp_path / "broken.md"
    path.write_text(markdown(front_matter), encoding="utf-8")
    with pytest.raises(ParseError, match=reason.replace("[", r"\[")):
        list(parse_file(path))


def test_front_matter_dates_still_read(tmp_path):
    path = tmp_path / "ok.md"
    path.write_text(markdown("title: Dated\ndate: 2024-11-18\nsource: Wire"), encoding="utf-8")
    (article,) = parse_file(path)
    assert (article.title, article.published, article.source) == ("Dated", "2024-11-18", "Wire")


@pytest.mark.parametrize("record, message", [
    ({"title": ["a", "b"], "date": "2024-11-18", "body": "B"}, "title must be text, got a list"),
    ({"title": 12, "date": "2024-11-18", "body": "B"}, "title must be text, got a number"),
    ({"title": "T", "date": "2024-11-18", "body": {"p": "B"}}, "body must be text, got a mapping"),
    ({"title": "T", "date": "2024-11-18", "text": ["ok", ["nested"]]}, "text paragraph 2 must be text, got a list"),
    ({"title": "T", "date": "2024-11-18", "body": "B", "source": ["x"]}, "source must be text, got a list"),
    ({"title": "T", "date": "2024-11-18", "body": "B", "url": 7}, "url must be text, got a number"),
    ({"title": "T", "date": True, "body": "B"}, "date must be a date like YYYY-MM-DD, got true/false"),
])
def test_json_values_of_the_wrong_type_are_refused_not_stored_as_reprs(record, message):
    with pytest.raises(ParseError) as caught:
        article_from_record(record)
    assert str(caught.value) == message


def folder_of_bad_files(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "a_good.txt").write_text(seed_text("Ministers meet in Paris"), encoding="utf-8")
    (folder / "b_deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (folder / "c_deep.jsonl").write_text('{"title": "x"}\n' + "[" * 100_000 + "\n", encoding="utf-8")
    (folder / "d_baddate.md").write_text(markdown("title: Bad date\ndate: 2024-13-45"), encoding="utf-8")
    # a JSON escape for a lone surrogate: valid JSON, but no UTF-8 can hold it
    (folder / "e_surrogate.json").write_text(
        '{"title": "Talks \\ud800 resume", "date": "2024-11-19", "body": "Envoys of Spain and Portugal met in Lisbon.\\udfff"}',
        encoding="utf-8")
    (folder / "f_huge_int.json").write_text('{"title": ' + "1" * 5000 + "}", encoding="utf-8")
    (folder / "z_good.txt").write_text(seed_text("Envoys meet in Rome", "Envoys of Italy and Greece met in Rome on Tuesday."),
                                       encoding="utf-8")
    return folder


def test_every_failing_file_is_reported_and_the_rest_ingested_and_extracted(tmp_path):
    folder = folder_of_bad_files(tmp_path)
    db = tmp_path / "b.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(folder)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    failed = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    where = sorted(Path(line[len("failed: "):].split(":")[0]).name for line in failed)
    assert where == ["b_deep.json", "c_deep.jsonl", "c_deep.jsonl", "d_baddate.md", "f_huge_int.json"]
    assert any("b_deep.json: malformed JSON: nested too deeply" in line for line in failed)
    assert any("c_deep.jsonl: line 2: malformed JSON (nested too deeply)" in line for line in failed)
    assert any("c_deep.jsonl: line 1: missing" in line for line in failed)
    assert any("d_baddate.md: invalid date '2024-13-45'" in line for line in failed)
    assert "Ingested: 3 new, 0 duplicates, 5 failed" in result.stdout

    from briefings.store import Store

    with Store(db) as store:
        rows = {r["title"]: r for r in (store.get_article(i) for i in store.article_ids())}
        assert set(rows) == {"Ministers meet in Paris", "Talks \ufffd resume", "Envoys meet in Rome"}
        assert rows["Talks \ufffd resume"]["body"].endswith("Lisbon.\ufffd")
        for row in rows.values():  # extraction ran for the files before and after the bad ones
            countries = store.conn.execute("select country from article_countries where article_id = ?", (row["id"],))
            assert countries.fetchall(), row["title"]


def test_an_unexpected_error_in_one_file_is_reported_and_the_others_go_on(tmp_path, store, monkeypatch):
    from briefings.ingest import formats

    def explode(text, origin=None):
        raise KeyError("boom")

    monkeypatch.setitem(formats.PARSERS, ".md", explode)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(markdown("title: T\ndate: 2024-11-18"), encoding="utf-8")
    (folder / "b.txt").write_text(seed_text("Ministers meet in Paris"), encoding="utf-8")
    report = ingest_paths(store, [folder], extract=False)
    assert len(report.new_ids) == 1
    assert [(Path(f.where).name, f.reason) for f in report.failures] == [("a.md", "unexpected error: KeyError: 'boom'")]


def test_control_characters_are_stripped_from_titles_and_emoji_sequences_kept(tmp_path, store):
    family = "\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466"
    title = f"Sum\x00mit\x07 opens \u202eevil\u202c {family} in Ni\u0301ce\x1b[31m"
    (tmp_path / "t.json").write_text(json.dumps({"title": title, "date": "2024-11-18", "body": GOOD_BODY}), encoding="utf-8")
    report = ingest_paths(store, [tmp_path / "t.json"], extract=False)
    assert report.ok
    assert store.get_article(report.new_ids[0])["title"] == f"Summit opens evil {family} in Ni\u0301ce[31m"


def test_a_title_of_only_control_characters_is_a_missing_title():
    with pytest.raises(ParseError, match="missing title"):
        article_from_record({"title": "\x00\x07\u202e", "date": "2024-11-18", "body": "B"})


@pytest.fixture
def linked_folder(tmp_path):
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.txt").write_text(seed_text("Outside file read"), encoding="utf-8")
    (outside / "dir" / "other.txt").write_text(seed_text("Outside folder read", "Envoys met in Oslo."), encoding="utf-8")
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(seed_text("Inside file read", "Envoys met in Rome."), encoding="utf-8")
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "linked-dir").symlink_to(outside / "dir", target_is_directory=True)
    (folder / "same.txt").symlink_to(folder / "good.txt")  # a link that stays inside is read
    (folder / "loop").symlink_to(folder, target_is_directory=True)  # walked once, even with --follow-links
    return folder


def test_folder_ingest_does_not_follow_links_out_of_the_folder(linked_folder, store):
    report = ingest_paths(store, [linked_folder], extract=False)
    titles = {store.get_article(i)["title"] for i in report.new_ids}
    assert titles == {"Inside file read"} and len(report.duplicate_ids) == 1
    assert sorted(Path(s.where).name for s in report.skipped) == ["link.txt", "linked-dir"]
    assert all("--follow-links" in s.reason for s in report.skipped)
    assert report.ok and report.summary() == "1 new, 1 duplicates, 0 failed, 2 skipped"


def test_follow_links_reads_them(linked_folder, tmp_path):
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "b.db"), "ingest", "--no-extract", "--follow-links", str(linked_folder)])
    assert result.exit_code == 0, result.output
    assert "Ingested: 3 new, 1 duplicates, 0 failed" in result.stdout
    default = CliRunner().invoke(cli, ["--db", str(tmp_path / "c.db"), "ingest", "--no-extract", str(linked_folder)])
    assert default.exit_code == 0 and "skipped: " in default.stderr and "Outside" not in default.output


ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
<!ENTITY a "aaaaaaaaaa">
""" + b"".join(b'<!ENTITY %s "%s">\n' % (bytes([c]), (b"&%s;" % bytes([c - 1])) * 10) for c in range(ord("b"), ord("k"))) + b"""]>
<rss version="2.0"><channel><title>Feed</title>
<item><title>&j;</title><description>&j;</description><link>http://example.org/x</link></item>
</channel></rss>"""


def test_a_feed_that_fails_to_parse_with_declared_entities_stores_nothing():
    with pytest.raises(FeedError, match="declares its own XML entities"):
        parse_feed(ENTITY_BOMB, url="http://127.0.0.1/feed.xml")


def test_polling_an_entity_bomb_feed_stores_nothing(store, feed_server):
    from briefings.ingest.fetch import AllowList, FetchSettings
    from briefings.sources import PollSettings, add_source, poll_all

    feed_server.add("/bomb.xml", ENTITY_BOMB, content_type="application/rss+xml")
    add_source(store, feed_server.url("/bomb.xml"))
    settings = PollSettings(fetch=FetchSettings(allow=AllowList.parse("127.0.0.1/32"), total_timeout=10))
    (result,) = poll_all(store, settings, extract=False).results
    assert result.status == "failed" and "declares its own XML entities" in result.error
    assert store.db["articles"].count == 0


def test_a_merely_sloppy_feed_is_still_read():
    sloppy = (b'<rss version="2.0"><channel><title>Feed</title><item><title>Trade & energy talks</title>'
              b"<description>Envoys met.</description><link>http://example.org/y</link></item></channel></rss>")
    feed = parse_feed(sloppy, url="http://127.0.0.1/feed.xml")
    assert [e.title for e in feed.entries] == ["Trade & energy talks"] and feed.problem


def test_extraction_reads_a_capped_prefix_of_a_long_article_and_says_so(monkeypatch, caplog):
    from briefings.extract import pipeline
    from briefings.models import Article

    monkeypatch.setattr(pipeline, "MAX_EXTRACT_CHARS", 2_000)
    paragraphs = [f"Paragraph {n} says envoys of France met in Paris on day {n}." for n in range(300)]
    long = Article(title="Long", published="2024-11-18", body="\n\n".join(paragraphs))
    one_block = Article(title="Block", published="2024-11-18", body=" ".join(paragraphs))
    short = Article(title="Short", published="2024-11-18", body="\n\n".join(paragraphs[:3]))
    with caplog.at_level(logging.WARNING, logger="briefings.extract.pipeline"):
        parsed = list(pipeline.parse_articles([long, one_block, short]))
    body_chars = [sum(len(d.text) for d in p.docs[1:]) for p in parsed]
    assert 1_900 < body_chars[0] <= 2_000 and 1_000 < body_chars[1] <= 2_000
    assert parsed[1].docs[1].text.endswith(".")  # cut at a sentence end
    assert body_chars[2] == sum(map(len, paragraphs[:3]))
    for p in parsed:  # offsets still point into the whole stored body
        for doc, at in zip(p.docs[1:], p.offsets[1:]):
            assert p.article.body[at:at + len(doc.text)] == doc.text
    cut = [r.getMessage() for r in caplog.records if "is long" in r.getMessage()]
    assert len(cut) == 2 and "'Long'" in cut[0] and "of 300 paragraphs" in cut[0] and "limit 2,000" in cut[0]
    assert long.body == "\n\n".join(paragraphs)  # the article itself is untouched
