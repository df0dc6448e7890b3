"""Normalize: organizations, licences and model names into one vocabulary."""
