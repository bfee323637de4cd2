"""Golden files: each template on the seed articles, run through the real ingestion and extraction.

When extraction or a template changes on purpose, review the new output and regenerate with
``BRIEFINGS_UPDATE_GOLDEN=1 python -m pytest tests/test_digest_golden.py``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from briefings.digest import build_brief, build_calendar, build_digest
from briefings.render import render, telegram_messages
from telegram_html import check_telegram_html, utf16

extract = pytest.importorskip("briefings.extract")

GOLDEN = Path(__file__).parent / "golden"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
UPDATE = os.environ.get("BRIEFINGS_UPDATE_GOLDEN") == "1"
EXTENSIONS = {"html": "html", "md": "md", "text": "txt"}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from briefings.ingest import ingest_paths
    from briefings.store import Store

    store = Store(tmp_path_factory.mktemp("golden") / "seeds.db")
    report = ingest_paths(store, [SEEDS])
    assert report.ok, report.failures
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
        path.parent.mkdir(exist_ok=True)
        path.write_text(out, encoding="utf-8")
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    diff = "".join(difflib.unified_diff(expected.splitlines(True), out.splitlines(True), str(path), "rendered"))
    assert out == expected, f"output differs from {path} (regenerate with BRIEFINGS_UPDATE_GOLDEN=1 if intended):\n{diff}"


def test_seed_views_are_valid_telegram_messages(seeded):
    for name, view in seed_views(seeded).items():
        for message in telegram_messages(view):
            text, entities = check_telegram_html(message)
            assert utf16(text) <= 4096 and entities <= 100, name


def test_the_brest_talks_appear_once_with_every_report(seeded):
    brief = seed_views(seeded)["brief-belarus"]
    brest = [m for m in brief.meetings if m.location == "Brest"]
    assert len(brest) == 1
    sources = {s.title for s in brest[0].sources}
    assert {
        "Top Russian diplomat to meet with Belarusian counterpart in Brest",
        "Lavrov, Ryzhenkov meet in Brest for joint collegium",
        "Russian and Belarusian foreign ministers sign declaration on international law in Brest",
    } <= sources
    assert brest[0].status == "held" and {p.key for p in brest[0].countries} >= {"RU", "BY"}
