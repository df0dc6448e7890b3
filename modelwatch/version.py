"""The version of modelwatch, kept apart from the package's `__init__` so that a module reading it (an export's
manifest, the site's footer) imports nothing else: `modelwatch/__init__.py` reaches up to the Python API."""

__version__ = "0.1.0"
