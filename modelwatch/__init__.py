"""modelwatch: an observatory of AI model releases."""

__version__ = "0.1.0"
