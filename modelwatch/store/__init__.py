"""The store: one DuckDB file holding every import, with its provenance."""
