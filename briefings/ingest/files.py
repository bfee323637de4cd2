"""Ingesting files and folders into the store, with a report of what was new, duplicate or failed."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from briefings.ingest.formats import PARSERS, ParseError, parse_file
from briefings.models import Article
from briefings.store import Store


@dataclass
class Failure:
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class IngestReport:
    """What one ingest run did: ids of new articles, duplicates, failures with reasons."""

    new_ids: list[int] = field(default_factory=list)
    duplicate_ids: list[int] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        return f"{len(self.new_ids)} new, {len(self.duplicate_ids)} duplicates, {len(self.failures)} failed"

    def merge(self, other: "IngestReport") -> None:
        self.new_ids += other.new_ids
        self.duplicate_ids += other.duplicate_ids
        self.failures += other.failures


def collect_files(paths: Iterable[str | Path]) -> tuple[list[Path], list[Failure]]:
    """Files named directly, and files with a known extension found recursively in folders."""
    files, missing = [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PARSERS and not p.name.startswith(".")
            )
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Failure(str(path), "no such file or folder"))
    return files, missing


def add_articles(store: Store, articles: Iterable[Article], *, source_id: int | None = None) -> IngestReport:
    """Store each article once; record which were new and which duplicates."""
    report = IngestReport()
    for article in articles:
        result = store.add_article(article, source_id=source_id)
        (report.new_ids if result.new else report.duplicate_ids).append(result.id)
    return report


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    extract: bool = True,
    progress: bool | None = None,
) -> IngestReport:
    """Ingest files and folders; a file that cannot be parsed is reported and the rest go on.

    ``progress`` shows a bar (default: only when stderr is a terminal and there are many files).
    New articles are run through extraction when ``extract`` is true.
    """
    files, failures = collect_files(paths)
    report = IngestReport(failures=failures)
    if progress is None:
        progress = sys.stderr.isatty() and len(files) > 20
    from tqdm import tqdm

    for path in tqdm(files, desc="ingest", unit="file", disable=not progress, file=sys.stderr):
        try:
            items = list(parse_file(path))
        except ParseError as exc:
            report.failures.append(Failure(str(path), str(exc)))
            continue
        except OSError as exc:
            report.failures.append(Failure(str(path), f"cannot read: {exc.strerror or exc}"))
            continue
        articles = []
        for item in items:
            if isinstance(item, ParseError):
                report.failures.append(Failure(str(path), str(item)))
            else:
                articles.append(item)
        report.merge(add_articles(store, articles))
    if extract and report.new_ids:
        run_extraction(store, report.new_ids)
    return report


def run_extraction(store: Store, article_ids: list[int]) -> None:
    """Extract facts from newly stored articles (the extraction package does the work)."""
    from briefings.extract import extract_articles

    extract_articles(store, article_ids)
