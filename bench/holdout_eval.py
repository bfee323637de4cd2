#!/usr/bin/env python3
"""Score the extractor on the held-out set (bench/holdout), which no rule is tuned against.

Usage:
    python bench/holdout_eval.py [--holdout DIR] [--score PATH] [--keep PRED.jsonl] [--verbose] [--json]

Runs ``briefings extract DIR/articles/*.txt --jsonl`` (the CLI installed next to this Python,
else ``briefings`` on PATH), writes the predictions to a file, and scores them against
``DIR/gold.jsonl`` with ``score.py`` (default ``../shared/eval/score.py`` next to the repo; also
``BRIEFINGS_SCORE_PY``). ``--verbose`` and ``--json`` are passed through to ``score.py``.
Exit code: score.py's, or 2 when the extractor or score.py cannot be run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_HOLDOUT = REPO / "bench" / "holdout"
DEFAULT_SCORE = REPO.parent / "shared" / "eval" / "score.py"


def briefings_command() -> list[str]:
    """The `briefings` CLI of this interpreter's environment, else the one on PATH."""
    beside = Path(sys.executable).with_name("briefings")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("briefings")
    if found:
        return [found]
    return [sys.executable, "-c", "from briefings.cli import main; main()"]


def extract(articles: list[Path]) -> list[dict]:
    """Run the extractor CLI over the article files and parse its JSONL output."""
    cmd = briefings_command() + ["extract", *map(str, articles), "--jsonl"]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:2])} failed ({done.returncode}):\n{done.stderr.strip()}")
    records = []
    for n, line in enumerate(done.stdout.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise RuntimeError(f"extractor output line {n} is not JSON: {exc}: {line[:120]!r}") from exc
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--holdout", type=Path, default=DEFAULT_HOLDOUT, help="folder with articles/ and gold.jsonl")
    parser.add_argument("--score", type=Path, default=Path(os.environ.get("BRIEFINGS_SCORE_PY", DEFAULT_SCORE)),
                        help="path to score.py (default ../shared/eval/score.py)")
    parser.add_argument("--keep", type=Path, help="also write the predictions to this JSONL file")
    parser.add_argument("--verbose", action="store_true", help="list every miss, extra and wrong attribute")
    parser.add_argument("--json", action="store_true", help="print score.py's JSON summary line too")
    args = parser.parse_args(argv)

    gold = args.holdout / "gold.jsonl"
    articles = sorted((args.holdout / "articles").glob("*.txt"))
    if not gold.is_file() or not articles:
        print(f"no held-out set at {args.holdout} (need gold.jsonl and articles/*.txt)", file=sys.stderr)
        return 2
    if not args.score.is_file():
        print(f"score.py not found at {args.score}: this script scores with the shared evaluation "
              "scorer (SCHEMA.md's score.py). Pass --score PATH or set BRIEFINGS_SCORE_PY.", file=sys.stderr)
        return 2
    try:
        records = extract(articles)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{len(records)} predictions for {len(articles)} held-out articles", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        pred = args.keep or Path(tmp) / "holdout_pred.jsonl"
        pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        cmd = [sys.executable, str(args.score), str(gold), str(pred)]
        cmd += ["--verbose"] * args.verbose + ["--json"] * args.json
        return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
