"""Ingestion: files, folders (and, later, feeds, URLs and messages) into the store."""

from briefings.ingest.files import Failure, IngestReport, add_articles, collect_files, ingest_paths
from briefings.ingest.formats import ParseError, article_from_record, parse_file

__all__ = [
    "Failure",
    "IngestReport",
    "ParseError",
    "add_articles",
    "article_from_record",
    "collect_files",
    "ingest_paths",
    "parse_file",
]
