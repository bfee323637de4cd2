"""Benchmarks that print figures (never run by pytest): corpus and stores (``bench.corpus``,
``bench.stores``), ingest vs bare spaCy (``bench.ingest``), query latency (``bench.query``),
delivery at Telegram's limits (``bench.delivery``), bot memory (``bench.memory``) and
``bench.summary``. See docs/benchmarks.md."""
