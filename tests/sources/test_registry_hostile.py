"""Hostile registry files: each is one line naming the file and the record, exit 2, for `validate`
and for every command that reads the store (which builds it from these files)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Mw = Callable[..., Run]

ORG = '[organization]\nid = "zz"\nname = "ZZ"\ncountry = "US"\nkind = "company"\nsource = "https://example.org/zz"\n'


def _write(data_dir: Path, name: str, content: bytes | str | None) -> None:
    path = data_dir / name
    if content is None:
        return
    path.write_bytes(content if isinstance(content, bytes) else content.encode())


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("orgs/zz.toml", ORG.encode() + b'note = "\xff\xfe"\n', "orgs/zz.toml: file: not UTF-8 text (byte 111)"),
        ("orgs/zz.toml", bytes(range(256)), "orgs/zz.toml: file: not UTF-8 text (byte 128)"),
        (
            "orgs/zz.toml",
            b"\x00\x01\x02",
            "orgs/zz.toml: file: not valid TOML: Invalid statement (at line 1, column 1)",
        ),
        (
            "orgs/zz.toml",
            ORG + '[release]\nid = "x"\n',
            "orgs/zz.toml: release: must be an array of tables ([[release]]), not a single table",
        ),
        (
            "orgs/zz.toml",
            'release = "x"\n' + ORG,
            "orgs/zz.toml: release: must be an array of tables ([[release]]), not a string",
        ),
        (
            "orgs/zz.toml",
            "omission = 3\n" + ORG,
            "orgs/zz.toml: omission: must be an array of tables ([[omission]]), not a number",
        ),
        (
            "orgs/zz.toml",
            "release = [1, 2]\n" + ORG,
            # two records with one problem: one line, saying how many share it
            "orgs/zz.toml: release #1: not a table (and 1 more record(s) of orgs/zz.toml with the same problem)",
        ),
        (
            "orgs/zz.toml",
            "release = [{id = 3}]\n" + ORG,
            "orgs/zz.toml: release #1: id: Input should be a valid string; name: missing; family: missing; "
            "date: missing; tier: missing; modality: missing",
        ),
        (
            "orgs/zz.toml",
            "x = " + "[" * 5000 + "]" * 5000 + "\n",
            "orgs/zz.toml: file: not valid TOML: arrays or tables nested too deeply",
        ),
        (
            "orgs/zz.toml",
            "x = " + "{a = " * 5000 + "1" + "}" * 5000 + "\n",
            "orgs/zz.toml: file: not valid TOML: arrays or tables nested too deeply",
        ),
        (
            "orgs/zz.toml",
            ORG + '[[release]]\nid = "evil\\r\\nmodelwatch: ok\\u001b]0;pwned\\u0007"\n',
            "orgs/zz.toml: release evil\\r\\nmodelwatch: ok\\x1b]0;pwned\\x07: id: id 'evil\\r\\nmodelwatch: "
            "ok\\x1b]0;pwned\\x07' is not a slug (lowercase letters, digits, '-', '.'); name: missing; "
            "family: missing; date: missing; tier: missing; modality: missing",
        ),
        (
            "licenses.toml",
            "license = 3\n",
            "licenses.toml: license: must be an array of tables ([[license]]), not a number",
        ),
    ],
)
def test_a_hostile_file_is_one_line_for_validate_and_readers(
    mw: Mw, data_dir: Path, name: str, content: bytes | str, line: str
) -> None:
    _write(data_dir, name, content)
    for command in (("validate",), ("releases", "--year", "2025"), ("build",)):
        r = mw(*command)
        assert r.code == 2, (command, r.err)
        assert r.err.splitlines()[0] == line
        assert "Traceback" not in r.err and r.out == ""


def test_a_folder_or_dangling_link_named_like_an_org_file(mw: Mw, data_dir: Path, tmp_path: Path) -> None:
    (data_dir / "orgs" / "x.toml").mkdir()
    os.symlink(tmp_path / "nowhere", data_dir / "orgs" / "y.toml")
    for command in (("validate",), ("releases",), ("leaderboard", "--year", "2025"), ("orgs",)):
        r = mw(*command)
        assert (r.code, r.err.splitlines()) == (
            2,
            [
                "orgs/x.toml: file: is a directory, not a TOML file",
                "orgs/y.toml: file: cannot be read: a symbolic link to nothing",
                "modelwatch: 2 problem(s) found",
            ],
        ), command


def test_a_long_value_gives_a_short_line(mw: Mw, data_dir: Path) -> None:
    _write(data_dir, "orgs/zz.toml", ORG + f'[[release]]\nid = "{"x" * 100_000}"\n')
    r = mw("validate")
    first = r.err.splitlines()[0]
    assert r.code == 2 and len(first) == 500 and first.endswith("…")
