"""How a proposal's name and tier are read from what the sources show: literal cases."""

from __future__ import annotations

import datetime as dt

import pytest

from modelwatch.analyze.evidence import Item, release_name, tier_fields
from modelwatch.normalize.licenses import LicenseIndex
from modelwatch.sources.registry import load_registry
from tests.conftest import REGISTRY

LICENSES = LicenseIndex(load_registry(REGISTRY).licenses.values())


def _hub(repo: str, license_: str = "") -> Item:
    return Item("hub", repo, repo, dt.date(2025, 9, 1), True, license=license_)


def _row(source: str, name: str, license_: str = "", stated: str = "") -> Item:
    return Item(source, name, name, dt.date(2025, 9, 1), True, license=license_, stated_tier=stated)


@pytest.mark.parametrize(
    ("group", "name"),
    [
        ([_hub("DragonAI/Dragon-3-8B"), _hub("DragonAI/Dragon-3-30B-A3B")], "Dragon-3"),
        ([_hub("DragonAI/Dragon-3-8B"), _row("epoch", "Dragon 3")], "Dragon 3"),  # a catalogue's own name first
        ([_hub("DragonAI/Dragon-2-7B-Instruct-2507")], "Dragon-2-Instruct-2507"),
        ([_hub("DragonAI/Dragon-Coder")], "Dragon-Coder"),
    ],
)
def test_the_name(group: list[Item], name: str) -> None:
    assert release_name(group) == name


@pytest.mark.parametrize(
    ("group", "fields"),
    [
        (
            [_hub("DragonAI/Dragon-3-8B", "apache-2.0")],
            {"license": "Apache-2.0", "tier": "open_unrestricted"},
        ),
        ([_hub("DragonAI/Dragon-3-8B")], {"tier": "unknown"}),  # no licence read
        ([_hub("DragonAI/Dragon-3-8B", "other")], {"tier": "unknown"}),  # a tag licenses.toml does not know
        (
            [_hub("DragonAI/A", "apache-2.0"), _hub("DragonAI/B", "cc-by-nc-4.0")],
            {"license": "", "tier": "unknown"},  # sources disagree: nothing is picked
        ),
        ([_row("epoch", "Dragon Max", stated="api")], {"tier": "api"}),  # a closed tier the catalogue states
        ([_row("epoch", "Dragon Max", stated="api"), _hub("DragonAI/Max")], {"tier": "unknown"}),
    ],
)
def test_the_tier_comes_from_a_licence_or_a_stated_closed_tier(group: list[Item], fields: dict[str, str]) -> None:
    assert {k: v.value for k, v in tier_fields(group, LICENSES).items()} == fields
