"""Analyze: SQL over the store, returning plain rows (dicts)."""
