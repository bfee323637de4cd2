"""The rules kept as data: lexicons in ``data/`` and spaCy patterns in ``patterns/``, loaded once."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE / "data"
PATTERNS = HERE / "patterns"


def read_words(name: str) -> frozenset[str]:
    """A one-word-a-line list from ``data/`` (``#`` comments and blank lines skipped)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def read_json(name: str) -> dict:
    data = json.loads((DATA / name).read_text(encoding="utf-8"))
    data.pop("_doc", None)
    return data


def read_patterns(name: str) -> list[dict]:
    """JSON lines from ``patterns/``: one pattern object a line."""
    rows = []
    for line in (PATTERNS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("//"):
            rows.append(json.loads(line))
    return rows


@dataclass(frozen=True)
class Lexicon:
    roles: frozenset[str]
    honorifics: frozenset[str]
    documents: frozenset[str]
    vague: frozenset[str]
    modality: dict
    events: dict
    triggers: tuple[dict, ...]
    max_role_words: int


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """All lexicons and patterns (cached)."""
    roles = read_words("roles.txt")
    return Lexicon(
        roles=roles,
        max_role_words=max(len(r.split()) for r in roles),
        honorifics=read_words("honorifics.txt"),
        documents=read_words("documents.txt"),
        vague=read_words("vague.txt"),
        modality=read_json("modality.json"),
        events=read_json("events.json"),
        triggers=tuple(read_patterns("triggers.jsonl")),
    )
