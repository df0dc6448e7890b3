"""Writing records into curated files: every byte of the rest of the file stays as it was."""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelwatch.publish.curated import add_omission, add_release, change_release, new_org_file

BUNDLED = sorted((Path(__file__).resolve().parents[2] / "modelwatch" / "data" / "orgs").glob("*.toml"))
RELEASE = {"id": "x-1", "name": "X 1", "family": "x", "date": dt.date(2025, 5, 1), "tier": "unknown"}
BLOCK = '[[release]]\nid = "x-1"\nname = "X 1"\nfamily = "x"\ndate = 2025-05-01\ntier = "unknown"\n'
ORG = '[organization]\nid = "x"\n'


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ORG, ORG + "\n" + BLOCK),
        (ORG.rstrip("\n"), ORG + "\n" + BLOCK),  # no final newline
        (
            ORG + '\n[[release]]\nid = "a"\n\n# ---- omissions\n[[omission]]\nname = "b"\n',
            ORG + '\n[[release]]\nid = "a"\n\n' + BLOCK + '\n# ---- omissions\n[[omission]]\nname = "b"\n',
        ),
        (
            ORG + '[[omission]]\nname = "b"\n',
            ORG + "\n" + BLOCK + '\n[[omission]]\nname = "b"\n',
        ),
        # records kept in date order interleave releases and omissions: still after the last release
        (
            ORG + '[[release]]\nid = "a"\n\n[[omission]]\nname = "b"\n\n[[release]]\nid = "c"\n\n'
            '[[omission]]\nname = "d"\n',
            ORG
            + '[[release]]\nid = "a"\n\n[[omission]]\nname = "b"\n\n[[release]]\nid = "c"\n\n'
            + BLOCK
            + '\n[[omission]]\nname = "d"\n',
        ),
    ],
)
def test_a_release_lands_after_the_last_release_before_the_omissions(text: str, expected: str) -> None:
    assert add_release(text, "x.toml", {**RELEASE, "members": [], "note": ""}) == expected


def test_an_omission_lands_at_the_end() -> None:
    got = add_omission(ORG, "x.toml", {"name": "b", "catalogue": "epoch", "reason": "why", "date": None})
    assert got == ORG + '\n[[omission]]\nname = "b"\ncatalogue = "epoch"\nreason = "why"\n'


def test_a_change_keeps_comments_and_other_lines() -> None:
    text = ORG + '\n[[release]]\nid = "a"  # keep me\ndate = 2025-01-02\nmembers = ["O/A"]\n'
    got = change_release(text, "x.toml", "a", {"members": ["O/B", "o/a"], "date": dt.date(2025, 1, 1)})
    assert got == ORG + '\n[[release]]\nid = "a"  # keep me\ndate = 2025-01-01\nmembers = ["O/A", "O/B"]\n'


def test_a_new_organization_file_leaves_country_empty() -> None:
    got = new_org_file({"id": "x", "name": "X", "kind": "company"}, {"epoch": ["X Inc"]})
    assert got == (
        '[organization]\nid = "x"\nname = "X"\ncountry = ""\nkind = "company"\nsource = ""\n\n'
        '[organization.aliases]\nepoch = ["X Inc"]\n'
    )


@pytest.mark.skipif(not BUNDLED, reason="no bundled organization files")
@given(
    path=st.sampled_from(BUNDLED),
    name=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
)
def test_any_bundled_file_keeps_every_byte_and_gains_one_release(path: Path, name: str) -> None:
    text = path.read_text(encoding="utf-8")
    got = add_release(text, path.name, {**RELEASE, "name": name})
    doc = tomllib.loads(got)
    before = tomllib.loads(text)
    assert len(doc["release"]) == len(before.get("release", [])) + 1
    assert doc["release"][-1]["name"] == name
    assert doc.get("omission", []) == before.get("omission", [])
    # `git diff` shows only the new record: every change is an insertion of its lines (and blank lines)
    old, new = text.splitlines(), got.splitlines()
    ops = [op for op in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if op[0] != "equal"]
    assert {op[0] for op in ops} == {"insert"}
    inserted = [line for op in ops for line in new[op[3] : op[4]] if line.strip()]
    assert inserted[0] == "[[release]]" and inserted[1] == 'id = "x-1"' and len(inserted) == 6
