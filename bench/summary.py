"""Print the saved benchmark results (bench/out/results/*.json) as Markdown tables.

    python -m bench.summary
"""

from __future__ import annotations

import json
import sys

from bench.report import RESULTS


def _machine(m: dict) -> str:
    return (f"{m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, Python {m['python']}, SQLite {m['sqlite']}, "
            f"spaCy {m.get('spacy', '-')}; load average {m['load_avg'][0]} at start")


def ingest(r: dict) -> None:
    print("| corpus | articles | tokens | bare spaCy articles/s | tokens/s | pipeline articles/s | tokens/s | pipeline / bare: CPU time (wall median, wall best) | parse / store / extract s |")
    print("|---|---|---|---|---|---|---|---|---|")
    for x in r["results"]:
        s = x["stage_seconds"]
        print(f"| {x['corpus']} | {x['articles']} | {x['tokens']:,} | {x['bare_articles_per_s']:.1f} | {x['bare_tokens_per_s']:,.0f} | "
              f"{x['pipeline_articles_per_s']:.1f} | {x['pipeline_tokens_per_s']:,.0f} | **{x.get('ratio_cpu', float('nan')):.2f}** ({x['ratio']:.2f}, {x.get('ratio_best', x['ratio']):.2f}) | "
              f"{s['parse']:.2f} / {s['store']:.2f} / {s['extract']:.2f} |")


def query(r: dict) -> None:
    sizes = list(r["results"])
    print("| operation | " + " | ".join(f"{n} p50 / p95 / max ms (cached p50)" for n in sizes) + " | p95 growth |")
    print("|---|" + "---|" * len(sizes) + "---|")
    for name in r["results"][sizes[0]]:
        cells = [
            f"{f['p50']:.0f} / {f['p95']:.0f} / {f['max']:.0f} ({f['cached_p50']:.1f})" if "cached_p50" in f else f"{f['p50']:.0f} / {f['p95']:.0f} / {f['max']:.0f}"
            for f in (r["results"][n][name] for n in sizes)
        ]
        growth = r.get("growth_p95", {}).get(name)
        print(f"| {name} | " + " | ".join(cells) + (f" | {growth:.2f}x |" if growth is not None else " | - |"))


def delivery(r: dict) -> None:
    print("| subscribers | limit msg/s | messages | round s | msg/s (whole / steady) | of limit (whole / steady) | 429s | lost | duplicates | not sent |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    not_sent = sum(n for status, n in r["outcomes"].items() if status != "sent")
    print(f"| {r['args']['subscribers']:,} | {r['limit_msgs_per_s']:g} | {r['messages']:,} | {r['round_seconds']:.0f} | "
          f"{r['rate_whole']:.1f} / {r['rate_steady']:.1f} | {r['fraction_whole']:.1%} / {r['fraction_steady']:.1%} | "
          f"{r['rate_limited']} | {r['lost']} | {r['duplicates']} | {not_sent} |")


def memory(r: dict) -> None:
    print("| phase | peak RSS MB |")
    print("|---|---|")
    for phase, mb in r["peaks_mb"].items():
        print(f"| {phase} | {mb:.0f} |")


def main() -> int:
    for path in sorted(RESULTS.glob("*.json")):
        r = json.loads(path.read_text())
        print(f"\n### {path.stem}\n\n`{r.get('command', '')}` — {r['measured_at']}; {_machine(r['machine'])}\n")
        kind = path.stem.split("-")[0]
        {"ingest": ingest, "query": query, "delivery": delivery, "memory": memory}.get(kind, lambda _r: None)(r)
    return 0


if __name__ == "__main__":
    sys.exit(main())
