"""Developer scripts: `make docs` and its check in `make lint`."""
