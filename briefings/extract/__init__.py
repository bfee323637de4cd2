"""Extraction: who met whom, what was signed, which summits are coming, and what an article is about.

``extract_article(article) -> ArticleFacts`` works on one article (no database);
``extract_articles(store, ids)`` extracts stored articles and writes their facts to the store;
``extract_pending(store)`` those never extracted (``stale=True``: also those of older rules).
"""

from __future__ import annotations

from briefings.extract.facts import ArticleFacts, Meeting, Person, Signing, Upcoming
from briefings.extract.pipeline import extract_article, extract_many

#: The version of the extraction rules, recorded with each article's facts (articles.extracted_with).
#: Bump it with every release that changes what is extracted: stored articles then count as stale
#: until ``briefings extract --stale`` re-extracts them.
EXTRACTOR_VERSION = "2026.12.2"


def extract_articles(store, ids=None, *, progress: bool = False, batch: int = 64) -> int:
    """Extract the stored articles ``ids`` (all when None) and replace their facts; return how many."""
    from briefings.extract.storage import extract_stored

    return extract_stored(store, ids, progress=progress, batch=batch)


def extract_pending(store, *, stale: bool = False, progress: bool = False) -> int:
    """Extract the articles never extracted (an interrupted or failed run left them), and with
    ``stale`` also those extracted by another ``EXTRACTOR_VERSION``; return how many."""
    ids = store.unextracted_ids(EXTRACTOR_VERSION if stale else None)
    return extract_articles(store, ids, progress=progress) if ids else 0


__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleFacts",
    "Meeting",
    "Person",
    "Signing",
    "Upcoming",
    "extract_article",
    "extract_articles",
    "extract_many",
    "extract_pending",
]
