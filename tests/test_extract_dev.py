"""The extractor on the shared dev set, scored by its own score.py: floors a little below today's figures.

Skips when ../shared/eval/dev is absent (a user's clone has no shared folder).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "dev"

pytestmark = pytest.mark.skipif(not (DEV / "gold.jsonl").is_file(), reason="no ../shared/eval/dev here")

FLOORS = {"meetings": 0.80, "signings": 0.90, "upcoming": 0.90, "countries": 0.90}
STATUS_FLOOR = 0.85


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    from briefings.extract import extract_many
    from briefings.ingest.formats import parse_file

    paths = sorted((DEV / "articles").glob("*.txt"))
    articles = [next(iter(parse_file(p))) for p in paths]
    pred = tmp_path_factory.mktemp("dev") / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for path, facts in zip(paths, extract_many(articles)):
            fh.write(json.dumps(facts.to_record(path.stem), ensure_ascii=False) + "\n")
    done = subprocess.run([sys.executable, str(DEV.parent / "score.py"), str(DEV / "gold.jsonl"), str(pred), "--json"],
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("kind", sorted(FLOORS))
def test_f1_floor(result, kind):
    assert result[kind]["f1"] >= FLOORS[kind], result[kind]


@pytest.mark.parametrize("kind", ["meetings", "signings"])
def test_status_accuracy_floor(result, kind):
    assert result[kind]["attributes"]["status"] >= STATUS_FLOOR, result[kind]


def test_every_article_has_a_prediction(result):
    assert result["missing_predictions"] == []
