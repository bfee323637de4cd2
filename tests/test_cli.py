"""The CLI through click's CliRunner: ingest, search, articles, show, stats."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import SEEDS


@pytest.fixture
def seeded(invoke, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    result = invoke("ingest", "--no-extract", seeds)
    assert result.exit_code == 0, result.output
    return seeds


def test_ingest_reports_counts_and_is_idempotent(invoke, tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    count = sum(1 for _ in seeds.glob("*.txt")) + sum(1 for _ in seeds.glob("*.md")) + 1 + 2  # json: 1, jsonl: 2
    first = invoke("ingest", "--no-extract", seeds)
    assert first.exit_code == 0
    assert f"Ingested: {count} new, 0 duplicates, 0 failed" in first.stdout
    second = invoke("ingest", "--no-extract", seeds)
    assert second.exit_code == 0
    assert f"Ingested: 0 new, {count} duplicates, 0 failed" in second.stdout


def test_ingest_with_failures_exits_nonzero_and_names_each_file(invoke, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "d000.txt", folder)
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
    result = invoke("articles")
    dates = [line.split()[1] for line in result.stdout.splitlines()]
    assert dates == sorted(dates, reverse=True) and len(dates) == 6
    since = invoke("articles", "--since", "2024-11-24").stdout.splitlines()
    assert {line.split()[1] for line in since} == {"2024-11-24", "2024-11-25"}
    until = invoke("articles", "--until", "2024-11-21").stdout.splitlines()
    assert [line.split()[1] for line in until] == ["2024-11-21"]
    wire = invoke("articles", "--source", "sample wire").stdout.splitlines()
    assert len(wire) == 2 and all("(Sample Wire)" in line for line in wire)
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
    assert "Articles: 6 (2024-11-21 .. 2024-11-25)" in text
    data = json.loads(invoke("stats", "--json").stdout)
    assert data["articles"] == 6 and data["schema_version"] >= 1


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
