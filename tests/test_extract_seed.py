"""End to end on the seed article (TASS, 2024-11-22): the facts the product promises for it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefings.extract import extract_article
from briefings.ingest.formats import parse_file

SEED = Path(__file__).resolve().parents[1] / "seeds" / "d000.txt"


@pytest.fixture(scope="module")
def seed_facts():
    article = next(iter(parse_file(SEED)))
    return article, extract_article(article)


def test_talks_in_brest_are_planned(seed_facts):
    _, facts = seed_facts
    assert len(facts.meetings) == 1
    talks = facts.meetings[0]
    assert [p.name for p in talks.participants] == ["Sergey Lavrov", "Maxim Ryzhenkov"]
    assert (talks.kind, talks.status, talks.location) == ("talks", "planned", "Brest")
    assert set(talks.countries) == {"RU", "BY"}


def test_counterpart_takes_the_other_sides_role(seed_facts):
    _, facts = seed_facts
    roles = {p.name: (p.role, p.country) for p in facts.meetings[0].participants}
    assert roles == {"Sergey Lavrov": ("Foreign Minister", "RU"), "Maxim Ryzhenkov": ("Foreign Minister", "BY")}


def test_signings(seed_facts):
    _, facts = seed_facts
    found = {s.document.split(" on ")[0].split(" of ")[0].split(" saying")[0]: s for s in facts.signings}
    assert set(found) == {"bilateral declaration", "plan", "joint statement", "formal letter"}
    for name in ("bilateral declaration", "plan", "joint statement"):
        assert found[name].status == "expected" and set(found[name].parties) == {"RU", "BY"}, name
    assert found["plan"].document == "plan of consultations between foreign ministries for 2025"
    assert found["joint statement"].document.startswith("joint statement on their shared perception of the Eurasian Charter")
    letter = found["formal letter"]
    assert (letter.status, letter.date, letter.parties) == ("signed", "2024-11-05", ["BY"])


def test_relevant_resolution_is_too_vague(seed_facts):
    _, facts = seed_facts
    assert not any("resolution" in s.document for s in facts.signings)


def test_supreme_state_council_is_upcoming_in_early_december(seed_facts):
    _, facts = seed_facts
    assert [(u.event, u.date_from, u.date_to) for u in facts.upcoming] == [
        ("meeting of the Supreme State Council of the Union State", "2024-12-01", "2024-12-10")
    ]


def test_past_brics_summit_is_not_upcoming(seed_facts):
    _, facts = seed_facts
    assert not any("BRICS" in u.event for u in facts.upcoming)


def test_countries(seed_facts):
    _, facts = seed_facts
    assert facts.countries == ["RU", "BY"] or facts.countries == ["BY", "RU"]


def test_evidence_offsets_point_into_the_body(seed_facts):
    article, facts = seed_facts
    for event in [*facts.meetings, *facts.signings, *facts.upcoming]:
        for ev in event.evidence:
            if ev.start >= 0:
                assert article.body[ev.start:ev.end] == ev.text


def test_cli_exports_the_schema_record(invoke):
    result = invoke("extract", SEED, "--jsonl")
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[-1])
    assert record["id"] == "d000" and record["published"] == "2024-11-22"
    assert set(record) >= {"countries", "meetings", "signings", "upcoming"}
    assert record["meetings"][0]["participants"] == ["Sergey Lavrov", "Maxim Ryzhenkov"]
    assert record["upcoming"][0]["date_from"] == "2024-12-01"
