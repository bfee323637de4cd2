#!/usr/bin/env python3
"""Score the extractor on the dev set and measure its throughput against bare spaCy.

Usage:
    python bench/extract_eval.py [--dev PATH] [--rounds N] [--keep PRED.jsonl]

Runs the extractor over ``PATH/articles/*.txt`` (default ``../shared/eval/dev`` next to the repo),
prints ``score.py``'s table and ``by_family.py``'s score per publisher family (both run as subprocesses
from the shared eval folder), then the throughput of the whole pipeline
(read from the store + spaCy parse + rules + dates + store writes into a temporary SQLite file)
next to bare ``nlp.pipe`` over the same texts in the same run, and their ratio. Each timing is the
best of ``--rounds`` runs, the two measured alternately so machine load affects both alike.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DEV = REPO.parent / "shared" / "eval" / "dev"


def load_articles(dev: Path):
    from briefings.ingest.formats import ParseError, parse_file

    out = []
    for path in sorted((dev / "articles").glob("*.txt")):
        for item in parse_file(path):
            if not isinstance(item, ParseError):
                out.append((path.stem, item))
    return out


def score(dev: Path, records: list[dict]) -> int:
    """Write predictions, print score.py's table, then by_family.py's score per family (when it is there).

    Return score.py's exit code (or by_family.py's when score.py succeeded and it failed)."""
    with tempfile.TemporaryDirectory() as tmp:
        pred = Path(tmp) / "pred.jsonl"
        pred.write_text("".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records), encoding="utf-8")
        code = _run(dev.parent / "score.py", str(dev / "gold.jsonl"), str(pred))
        by_family = dev.parent / "by_family.py"
        if by_family.is_file() and (dev / "sources.jsonl").is_file():
            print()
            print("per publisher family (macro F1 and F1 per fact type):")
            family_code = _run(by_family, str(pred), "--dev", str(dev))
            code = code or family_code
    return code


def _run(script: Path, *args: str) -> int:
    done = subprocess.run([sys.executable, str(script), *args], text=True, capture_output=True, check=False)
    print(done.stdout.rstrip())
    if done.returncode:
        print(done.stderr.rstrip(), file=sys.stderr)
    return done.returncode


def bare_spacy(nlp, texts: list[str]) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.perf_counter() - start


def whole_pipeline(articles, workdir: Path, n: int) -> float:
    """Seconds to extract every stored article and write its facts (articles stored beforehand, untimed)."""
    from briefings.extract import extract_articles
    from briefings.store import Store

    with Store(workdir / f"bench-{n}.db") as store:
        ids = [store.add_article(a).id for _, a in articles]
        start = time.perf_counter()
        extract_articles(store, ids)
        return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV, help=f"dev folder (default: {DEFAULT_DEV})")
    parser.add_argument("--rounds", type=int, default=3, help="timing rounds; the best is reported")
    parser.add_argument("--keep", type=Path, help="also write the predictions to this JSONL file")
    args = parser.parse_args(argv)
    if not (args.dev / "gold.jsonl").is_file():
        print(f"no dev set at {args.dev} (expected gold.jsonl and articles/)", file=sys.stderr)
        return 2

    from briefings.extract import extract_many
    from briefings.extract.pipeline import paragraph_texts
    from briefings.nlp import load_model

    t0 = time.perf_counter()
    nlp = load_model()
    load_s = time.perf_counter() - t0
    articles = load_articles(args.dev)
    facts = extract_many([a for _, a in articles], nlp)  # also warms geo/date/lexicon caches
    records = [f.to_record(aid) for (aid, _), f in zip(articles, facts)]
    if args.keep:
        args.keep.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    code = score(args.dev, records)

    texts = []
    for _, art in articles:
        texts.append(art.title)
        texts += paragraph_texts(art)[0]
    tokens = sum(f.tokens for f in facts)
    bare, full = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(max(1, args.rounds)):
            bare.append(bare_spacy(nlp, texts))
            full.append(whole_pipeline(articles, Path(tmp), n))
    b, f = min(bare), min(full)
    n = len(articles)
    print()
    print(f"model load {load_s:.2f} s; {n} articles, {tokens} tokens; best of {len(bare)} rounds")
    print(f"{'':18} {'seconds':>8} {'articles/s':>11} {'tokens/s':>10}")
    print(f"{'bare nlp.pipe':18} {b:8.3f} {n / b:11.1f} {tokens / b:10.0f}")
    print(f"{'whole pipeline':18} {f:8.3f} {n / f:11.1f} {tokens / f:10.0f}")
    print(f"ratio (pipeline / bare spaCy throughput): {b / f:.2f}  (target >= 0.70)")
    return code


if __name__ == "__main__":
    sys.exit(main())
