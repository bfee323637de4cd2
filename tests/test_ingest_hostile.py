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


