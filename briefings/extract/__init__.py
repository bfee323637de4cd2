"""Fact extraction from articles: entities, meetings, signings, upcoming events, dates."""
