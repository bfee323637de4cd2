"""The store: articles, full-text search, extracted facts, subscriptions (SQLite via sqlite-utils)."""

from briefings.store.database import AddResult, Store, fts_queries, storage_problem
from briefings.store.migrations import MIGRATIONS, migrate, schema_version

__all__ = ["AddResult", "Store", "fts_queries", "storage_problem", "MIGRATIONS", "migrate", "schema_version"]
