"""Sources: one module per source, each yielding typed records with provenance."""
