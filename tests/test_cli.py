"""The CLI through click's CliRunner: ingest, search, articles, show, stats."""

from __future__ import annotations

import json
import re
import shutil

import pytest


SAMPLES = [
    {"title": "Ministers meet in Brest", "date": "2024-11-21", "source": "Sample Wire",
     "text": "The foreign ministers met in Brest on Thursday.\n\nThey discussed border crossings."},
    {"title": "Summit planned in Astana", "date": "2024-11-23", "source": "Sample Wire",
     "text": "Leaders will gather in Astana next spring. Brest was not mentioned as a venue."},
    {"title": "Envoys sign fisheries accord", "date": "2024-11-25", "source": "Other Desk",
     "text": "Envoys signed a fisheries accord on Monday."},
]


@pytest.fixture
def seeded(invoke, tmp_path, seeds_dir):
    """The seed article d000 plus three samples of our own, ingested without extraction."""
    folder = tmp_path / "samples"
    folder.mkdir()
    shutil.copy(seeds_dir / "d000.txt", folder)
    (folder / "samples.jsonl").write_text("\n".join(json.dumps(r) for r in SAMPLES), encoding="utf-8")
    result = invoke("ingest", "--no-extract", folder)
    assert result.exit_code == 0, result.output
    assert "4 new" in result.stdout
    return folder


def test_ingest_of_seeds_is_idempotent(invoke, tmp_path, seeds_dir):
    seeds = tmp_path / "seeds"
    shutil.copytree(seeds_dir, seeds)
    first = invoke("ingest", "--no-extract", seeds)
    assert first.exit_code == 0
    new = int(re.search(r"Ingested: (\d+) new, 0 duplicates, 0 failed", first.stdout).group(1))
    assert new >= 5
    second = invoke("ingest", "--no-extract", seeds)
    assert second.exit_code == 0
    assert f"Ingested: 0 new, {new} duplicates, 0 failed" in second.stdout


def test_ingest_with_failures_exits_nonzero_and_names_each_file(invoke, tmp_path, seeds_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seeds_dir / "d000.txt", folder)
    (folder / "broken.json").write_text("{", encoding="utf-8")
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02")
    result = invoke("ingest", "--no-extract", folder, tmp_path / "missing")
    assert result.exit_code == 1
    assert "Ingested: 1 new, 0 duplicates, 3 failed" in result.stdout
    assert f"failed: {folder / 'broken.json'}: malformed JSON" in result.stderr
    assert f"failed: {folder / 'bin.txt'}: binary file" in result.stderr
    assert f"failed: {tmp_path / 'missing'}: no such file or folder" in result.stderr
    assert "Traceback" not in result.output


def test_ingest_needs_a_path(invoke):
    result = invoke("ingest")
    assert result.exit_code == 2 and "Missing argument" in result.stderr


def test_search_prints_ranked_hits_with_snippets(invoke, seeded):
    result = invoke("search", "Brest")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("[") and "Brest" in lines[0]
    assert any("[Brest]" in line for line in lines[1::2])
    as_json = invoke("search", "--json", "--limit", "2", "Brest")
    hits = [json.loads(line) for line in as_json.stdout.splitlines()]
    assert len(hits) == 2 and all("[Brest]" in h["snippet"] or "Brest" in h["title"] for h in hits)


@pytest.mark.parametrize("query", ['"unbalanced AND (', "title:", "NEAR(", "\x00", "😀", "-", "*"])
def test_search_never_shows_a_traceback(invoke, seeded, query):
    result = invoke("search", query)
    assert result.exit_code == 0
    assert "Traceback" not in result.output
    assert "No articles match" in result.stdout


def test_search_rejects_a_bad_limit(invoke, seeded):
    result = invoke("search", "--limit", "0", "Brest")
    assert result.exit_code == 2 and "--limit" in result.stderr


def test_articles_lists_latest_first_and_filters(invoke, seeded):
    def dates(*args):
        return [line.split()[1] for line in invoke("articles", *args).stdout.splitlines()]

    assert dates() == ["2024-11-25", "2024-11-23", "2024-11-22", "2024-11-21"]
    assert dates("--since", "2024-11-23") == ["2024-11-25", "2024-11-23"]
    assert dates("--until", "2024-11-22") == ["2024-11-22", "2024-11-21"]
    assert dates("--source", "sample wire") == ["2024-11-23", "2024-11-21"]
    assert dates("--limit", "1") == ["2024-11-25"]
    assert invoke("articles", "--since", "2030-01-01").stdout.strip() == "No articles."


def test_articles_rejects_a_bad_date(invoke):
    result = invoke("articles", "--since", "yesterday")
    assert result.exit_code == 2
    assert "'yesterday' is not a date; use YYYY-MM-DD" in result.stderr


def test_show_prints_title_dateline_and_body(invoke, seeded):
    listing = invoke("articles", "--source", "Новости").stdout
    article_id = listing.split("]")[0].lstrip("[")
    result = invoke("show", article_id)
    assert result.exit_code == 0
    title, dateline, blank, first = result.stdout.splitlines()[:4]
    assert title == "Top Russian diplomat to meet with Belarusian counterpart in Brest"
    assert dateline == "2024-11-22 / Новости" and blank == ""
    assert first.startswith("Russian Foreign Minister Sergey Lavrov")


def test_show_unknown_id_is_a_clear_error(invoke, seeded):
    result = invoke("show", "9999")
    assert result.exit_code == 1 and "no article with id 9999" in result.stderr
    assert invoke("show", "abc").exit_code == 2


def test_stats_text_and_json(invoke, seeded):
    text = invoke("stats").stdout
    assert "Articles: 4 (2024-11-21 .. 2024-11-25)" in text
    assert "Top sources: Sample Wire (2)" in text
    data = json.loads(invoke("stats", "--json").stdout)
    assert data["articles"] == 4 and data["schema_version"] >= 1


def test_missing_parent_folders_are_created(invoke, runner, tmp_path):
    from briefings.cli import cli

    path = tmp_path / "x" / "y" / "briefings.db"
    assert runner.invoke(cli, ["--db", str(path), "stats"]).exit_code == 0
    assert path.exists()


@pytest.mark.parametrize("make", [
    lambda p: p.write_text("not a database " * 100),  # some other file
    lambda p: p.mkdir(),  # a folder
])
def test_unusable_database_is_a_clear_error(runner, tmp_path, make):
    from briefings.cli import cli

    path = tmp_path / "bad.db"
    make(path)
    result = runner.invoke(cli, ["--db", str(path), "stats"], catch_exceptions=False)
    assert result.exit_code in (1, 2)
    assert "cannot open database" in result.stderr or "is a directory" in result.stderr
    assert "Traceback" not in result.output


def test_db_from_environment(runner, tmp_path, monkeypatch):
    from briefings.cli import cli

    monkeypatch.setenv("BRIEFINGS_DB", str(tmp_path / "env.db"))
    result = runner.invoke(cli, ["stats"], catch_exceptions=False)
    assert result.exit_code == 0 and str(tmp_path / "env.db") in result.stdout


def test_progress_bar_only_when_asked_or_on_a_terminal(invoke, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(25):
        (folder / f"a{i}.jsonl").write_text(json.dumps({"title": f"T{i}", "date": "2024-11-01", "text": f"Body {i}."}))
    quiet = invoke("ingest", "--no-extract", folder)  # stderr is not a terminal here
    assert quiet.exit_code == 0 and quiet.stderr == ""
    shown = invoke("ingest", "--no-extract", "--progress", folder)
    assert shown.exit_code == 0 and "ingest: 100%" in shown.stderr and "25/25" in shown.stderr
