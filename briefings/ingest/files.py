"""Ingesting files and folders into the store, with a report of what was new, duplicate or failed."""

from __future__ import annotations

import logging
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from briefings.ingest.formats import PARSERS, ParseError, parse_file
from briefings.models import Article
from briefings.store import Store

log = logging.getLogger(__name__)


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
    skipped: list[Failure] = field(default_factory=list)  # left alone on purpose (links out of a folder)

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        text = f"{len(self.new_ids)} new, {len(self.duplicate_ids)} duplicates, {len(self.failures)} failed"
        return text + (f", {len(self.skipped)} skipped" if self.skipped else "")

    def merge(self, other: "IngestReport") -> None:
        self.new_ids += other.new_ids
        self.duplicate_ids += other.duplicate_ids
        self.failures += other.failures
        self.skipped += other.skipped


def collect_files(paths: Iterable[str | Path], *, follow_links: bool = False) -> tuple[list[Path], list[Failure], list[Failure]]:
    """Files named directly, and files with a known extension found recursively in folders.

    Inside a folder, a symbolic link whose target lies outside that folder is skipped (and listed)
    unless ``follow_links``; files named directly are always read. Returns (files, missing, skipped).
    """
    files, missing, skipped = [], [], []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, outside = _folder_files(path, follow_links)
            files += found
            skipped += [Failure(str(p), "symbolic link to outside the folder; skipped (use --follow-links to read it)")
                        for p in outside]
        elif path.is_file():
            files.append(path)
        else:
            missing.append(Failure(str(path), "no such file or folder"))
    return files, missing, skipped


def _folder_files(folder: Path, follow_links: bool) -> tuple[list[Path], list[Path]]:
    """Known-extension, non-hidden files under ``folder``, and the links among them that lead outside it."""
    root = folder.resolve()
    found, outside, seen = [], [], {root}
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=follow_links):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        if follow_links:  # each real folder once: a link to an ancestor is no endless loop
            dirnames[:] = [d for d in dirnames if (base / d).resolve() not in seen]
            seen.update((base / d).resolve() for d in dirnames)
        else:  # a linked folder is not walked; name it if it leads out
            outside += [base / d for d in dirnames if (base / d).is_symlink() and not _inside((base / d).resolve(), root)]
        for name in filenames:
            p = base / name
            if name.startswith(".") or p.suffix.lower() not in PARSERS or not p.is_file():
                continue
            if p.is_symlink() and not follow_links and not _inside(p.resolve(), root):
                outside.append(p)
            else:
                found.append(p)
    return sorted(found), sorted(outside)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def add_articles(store: Store, articles: Iterable[Article], *, source_id: int | None = None) -> IngestReport:
    """Store each article once; record which were new and which duplicates."""
    report = IngestReport()
    for article in articles:
        try:
            result = store.add_article(article, source_id=source_id)
        except (ValueError, TypeError) as exc:  # this article's values; store failures (sqlite3.Error) propagate
            report.failures.append(Failure(article.origin or article.title, f"cannot store: {type(exc).__name__}: {exc}"))
            continue
        (report.new_ids if result.new else report.duplicate_ids).append(result.id)
    return report


def ingest_paths(
    store: Store,
    paths: Iterable[str | Path],
    *,
    extract: bool = True,
    progress: bool | None = None,
    follow_links: bool = False,
) -> IngestReport:
    """Ingest files and folders; a file that cannot be read is reported (path, reason) and the rest go on.

    ``progress`` shows a bar (default: only when stderr is a terminal and there are many files).
    New articles are run through extraction when ``extract`` is true, also when some files failed.
    ``follow_links`` reads links in folders that lead outside them (skipped by default).
    """
    files, failures, skipped = collect_files(paths, follow_links=follow_links)
    report = IngestReport(failures=failures, skipped=skipped)
    if progress is None:
        progress = sys.stderr.isatty() and len(files) > 20
    from tqdm import tqdm

    for path in tqdm(files, desc="ingest", unit="file", disable=not progress, file=sys.stderr):
        try:
            items = list(parse_file(path))
        except Exception as exc:  # one bad file never stops the others
            report.failures.append(Failure(str(path), file_failure_reason(exc)))
            if not isinstance(exc, (ParseError, OSError, RecursionError)):
                log.warning("unexpected error reading %s", path, exc_info=True)
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


def file_failure_reason(exc: BaseException) -> str:
    """What went wrong reading one file, in a line."""
    if isinstance(exc, ParseError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"cannot read: {exc.strerror or exc}"
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    return f"unexpected error: {type(exc).__name__}: {str(exc)[:200]}"


def run_extraction(store: Store, article_ids: list[int]) -> None:
    """Extract facts from newly stored articles (the extraction package does the work)."""
    from briefings.extract import extract_articles

    extract_articles(store, article_ids)
