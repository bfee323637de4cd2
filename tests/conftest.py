"""Shared fixtures: a store on a real SQLite file, a click runner, an article factory.

Keep this file small and generic; fixtures for one area belong in that area's test files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefings.models import Article
from briefings.store import Store

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_EVAL = REPO.parent / "shared" / "eval"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    """No test reads the developer's own database, .env or model choice."""
    for name in ("BRIEFINGS_DB", "BRIEFINGS_SPACY_MODEL", "BRIEFINGS_TEMPLATES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture
def seeds_dir() -> Path:
    """The repository's seeds/ folder (read-only: copy it before writing)."""
    return SEEDS


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "briefings.db"


@pytest.fixture
def store(db_path):
    with Store(db_path) as opened:
        yield opened


@pytest.fixture
def make_article():
    """Build an Article; every call gives distinct text unless you pass ``body``."""
    counter = iter(range(1, 1_000_000))

    def make(title=None, published="2024-11-22", body=None, **kwargs) -> Article:
        n = next(counter)
        return Article(
            title=title or f"Sample article {n}",
            published=published,
            body=body or f"Paragraph one of sample {n} about foreign ministers.\n\nParagraph two of sample {n}.",
            **kwargs,
        )

    return make


@pytest.fixture(scope="session")
def _running_feed_server():
    from tests.fixtures.feeds.localserver import FeedServer

    with FeedServer() as running:
        yield running


@pytest.fixture
def feed_server(_running_feed_server):
    """A real HTTP server on 127.0.0.1 for feeds and pages (tests/fixtures/feeds/localserver.py), no routes yet."""
    _running_feed_server.reset()
    return _running_feed_server


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def invoke(runner, db_path, tmp_path, monkeypatch):
    """Run ``briefings --db <tmp db> ARGS...`` in a temporary working directory."""
    from briefings.cli import cli

    monkeypatch.chdir(tmp_path)

    def run(*args, **kwargs):
        return runner.invoke(cli, ["--db", str(db_path), *map(str, args)], catch_exceptions=False, **kwargs)

    return run
