"""Enrichment of stored items: watchlist entities (and, later, stories)."""
