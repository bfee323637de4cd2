"""The worst single article: a generated text file just under the 20 MB file cap, ingested and extracted
by the real ``briefings ingest`` command in its own process, against a short article as the baseline.

Prints wall time, peak resident memory (psutil samples of the process), the facts stored and whether
the log says the article was cut for extraction (``MAX_EXTRACT_CHARS`` in briefings/extract/pipeline.py).

    nice -n 19 python -m bench.long_article              # ~20 MB
    nice -n 19 python -m bench.long_article --mb 5
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.report import machine, machine_line, save
from briefings.extract.pipeline import MAX_EXTRACT_CHARS
from briefings.ingest.formats import MAX_FILE_BYTES

# invented people; real country and city names so extraction has something to find
PEOPLE = ["Arlen Voss", "Mira Talbeck", "Oskar Lindqvar", "Tessa Morrow", "Idris Kalem", "Lena Brask"]
PLACES = [("France", "Paris"), ("Kenya", "Nairobi"), ("Chile", "Santiago"), ("Japan", "Tokyo"), ("Poland", "Warsaw")]
SENTENCES = [
    "Foreign Minister {p} of {c1} met {q}, the foreign minister of {c2}, in {city} on Monday.",
    "The two sides signed a memorandum on trade and energy cooperation.",
    "{c1} and {c2} agreed to hold the next round of consultations in {city} in March.",
    "Officials said the talks covered visas, transport links and climate finance.",
    "{p} told reporters that relations with {c2} had entered a new phase.",
]


def generate(path: Path, target_bytes: int, seed: int = 7) -> int:
    """A seed-format article (title, dateline, paragraphs of five sentences) of about ``target_bytes``."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("Ministers hold talks on trade and energy\n\n2024-11-18 / Bench Wire\n\n")
        written = 0
        while written < target_bytes:
            (c1, city), (c2, _) = rng.sample(PLACES, 2)
            p, q = rng.sample(PEOPLE, 2)
            para = " ".join(s.format(p=p, q=q, c1=c1, c2=c2, city=city) for s in rng.sample(SENTENCES, 5)) + "\n\n"
            out.write(para)
            written += len(para.encode("utf-8"))
    return path.stat().st_size


def run_ingest(article: Path, db: Path, interval: float) -> dict:
    """``briefings ingest`` of one file in a child process; wall time, peak RSS, stderr, facts."""
    env = {**os.environ, "BRIEFINGS_DB": str(db)}
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", "from briefings.cli import main; main()", "ingest", str(article)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    watched, peak = psutil.Process(proc.pid), 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, watched.memory_info().rss / 2**20)
        except psutil.NoSuchProcess:
            break
        time.sleep(interval)
    out, err = proc.communicate()
    seconds = time.perf_counter() - began
    from briefings.store import Store

    with Store(db) as store:
        events = store.conn.execute("select count(*) from events").fetchone()[0]
        countries = store.conn.execute("select count(*) from article_countries").fetchone()[0]
    return {"exit": proc.returncode, "seconds": round(seconds, 1), "peak_rss_mb": round(peak), "events": events,
            "article_countries": countries, "cut_logged": "is long: extraction reads" in err,
            "output": out.strip().splitlines()[-1:] + [line for line in err.splitlines() if "is long" in line][:1]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=MAX_FILE_BYTES / 2**20 - 0.1, help="size of the long article (MiB)")
    parser.add_argument("--interval", type=float, default=0.1, help="RSS sampling interval (s)")
    args = parser.parse_args()
    info = machine()
    print(machine_line(info))
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for name, size in (("short", 3_000), ("long", int(args.mb * 2**20))):
            article = tmp / f"{name}.txt"
            actual = generate(article, size)
            result = run_ingest(article, tmp / f"{name}.db", args.interval)
            result["bytes"] = actual
            results[name] = result
            print(f"{name:5s} {actual:>12,} bytes: {result['seconds']:6.1f} s, peak RSS {result['peak_rss_mb']:5d} MB, "
                  f"exit {result['exit']}, {result['events']} events, {result['article_countries']} article countries, "
                  f"cut logged: {result['cut_logged']}")
            for line in result["output"]:
                print(f"      {line}")
    extra = {name: results["long"][name] - results["short"][name] for name in ("seconds", "peak_rss_mb")}
    print(f"long - short: +{extra['seconds']:.1f} s, +{extra['peak_rss_mb']} MB (extraction cap {MAX_EXTRACT_CHARS:,} characters)")
    save("long_article", {"machine": info, "cap_chars": MAX_EXTRACT_CHARS, "results": results})


if __name__ == "__main__":
    main()
