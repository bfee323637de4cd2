"""Extraction: who met whom, what was signed, which summits are coming, and what an article is about.

``extract_article(article) -> ArticleFacts`` works on one article (no database);
``extract_articles(store, ids)`` extracts stored articles and writes their facts to the store.
"""

from __future__ import annotations

from briefings.extract.facts import ArticleFacts, Meeting, Person, Signing, Upcoming
from briefings.extract.pipeline import extract_article, extract_many


def extract_articles(store, ids=None, *, progress: bool = False, batch: int = 64) -> int:
    """Extract the stored articles ``ids`` (all when None) and replace their facts; return how many."""
    from briefings.extract.storage import extract_stored

    return extract_stored(store, ids, progress=progress, batch=batch)


__all__ = [
    "ArticleFacts",
    "Meeting",
    "Person",
    "Signing",
    "Upcoming",
    "extract_article",
    "extract_articles",
    "extract_many",
]
