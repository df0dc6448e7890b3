"""Publish: terminal tables, charts, the report, exports."""
