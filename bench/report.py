"""What every benchmark prints with its figures: the machine, percentiles, peak memory, saved results."""

from __future__ import annotations

import json
import os
import platform
import resource
import sqlite3
import sys
from datetime import datetime, timezone
from pathlib import Path

RESULTS = Path(__file__).parent / "out" / "results"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict:
    """nproc, RAM, CPU model, OS, Python, SQLite and spaCy versions, and the load when measured."""
    import psutil

    info = {
        "nproc": os.cpu_count(),
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "cpu": cpu_model(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_avg": [round(x, 2) for x in os.getloadavg()],
    }
    try:
        import spacy

        info["spacy"] = spacy.__version__
    except ImportError:
        pass
    return info


def machine_line(info: dict | None = None) -> str:
    m = info or machine()
    return (
        f"machine: {m['nproc']} CPUs ({m['cpu']}), {m['ram_gb']} GB RAM, {m['os']}, Python {m['python']}, "
        f"SQLite {m['sqlite']}, spaCy {m.get('spacy', '-')}; load average {m['load_avg'][0]} at start"
    )


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of ``values``."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def command_line() -> str:
    return " ".join(["python", "-m", Path(sys.argv[0]).stem if sys.argv[0].endswith(".py") else sys.argv[0], *sys.argv[1:]])


def save(name: str, result: dict) -> Path:
    """Write a benchmark's figures, machine and time to bench/out/results/<name>.json."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    result = {"measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(), **result}
    path.write_text(json.dumps(result, indent=1, default=str) + "\n")
    return path
