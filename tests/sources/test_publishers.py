"""The catalogue publishers by name."""

from __future__ import annotations

import pytest

from modelwatch.errors import ModelwatchError
from modelwatch.sources.publishers import importer
from modelwatch.vocabulary import Catalogue


@pytest.mark.parametrize("source", list(Catalogue))
def test_each_publisher_has_an_importer_and_an_address(source: str) -> None:
    module = importer(source)
    assert module.__name__ == f"modelwatch.sources.{source}"
    assert module.URL.startswith("https://")


def test_an_unknown_catalogue_is_one_line() -> None:
    with pytest.raises(ModelwatchError) as err:
        importer("os")  # never imports a module by an arbitrary name
    assert str(err.value) == "unknown catalogue 'os'; one of epoch, openrouter, modelsdev"
