"""Briefings: a self-hosted briefing assistant for diplomacy and world politics.

The core (store, ingest, extract, digest, render, CLI) never imports Telegram;
the ``bot`` package is the Telegram adapter on top of it.
"""

__version__ = "0.1.0"
