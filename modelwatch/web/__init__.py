"""The web explorer and JSON API over the store (`modelwatch serve`): the top of the pipeline, beside the CLI."""
