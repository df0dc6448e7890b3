"""Do no harm: exports and reports never delete, overwrite or write through what they did not make."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Mw = Callable[..., Run]


def test_export_refuses_a_folder_holding_other_files_and_leaves_them(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "mine"
    (out / "sub").mkdir(parents=True)
    (out / "notes.txt").write_text("keep me")
    (out / "sub" / "a.txt").write_text("and me")
    r = mw("export", "--format", "csv", "--out", str(out))
    assert r.code == 2
    assert r.err == (
        f"modelwatch: error: {out}: not empty and not a modelwatch export (holds notes.txt, sub); "
        "choose a new or empty folder: an export never deletes what it did not write\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt", "sub"]
    assert (out / "notes.txt").read_text() == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_into_an_empty_folder_and_the_working_directory(
    mw: Mw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "empty"
    out.mkdir()
    assert mw("export", "--format", "csv", "--out", str(out)).code == 0
    assert len(list(out.iterdir())) == 6
    here = tmp_path / "cwd"
    here.mkdir()
    monkeypatch.chdir(here)
    r = mw("export", "--format", "json", "--out", ".")
    assert (r.code, sorted(p.name for p in here.iterdir())) == (
        0,
        ["README.md", "artifacts.json", "datapackage.json", "manifest.json", "organizations.json", "releases.json"],
    )


def test_export_leaves_a_sibling_partial_folder_alone(mw: Mw, tmp_path: Path) -> None:
    sibling = tmp_path / "export.partial"
    sibling.mkdir()
    (sibling / "keep.txt").write_text("x")
    assert mw("export", "--out", str(tmp_path / "export")).code == 0
    assert (sibling / "keep.txt").read_text() == "x"


@pytest.mark.parametrize("name", ["it's", "a'); COPY (SELECT 1) TO '/tmp/pwned.csv' (FORMAT csv); --", 'q"q'])
def test_export_path_with_quotes_is_data_not_sql(mw: Mw, tmp_path: Path, name: str) -> None:
    out = tmp_path / name.replace("/", "_")
    r = mw("export", "--format", "csv", "--out", str(out))
    assert r.code == 0, r.err
    assert (out / "releases.csv").read_text().startswith("id,org_id")


def test_no_f_string_pastes_a_path_into_sql() -> None:
    root = Path(__file__).resolve().parents[2] / "modelwatch"
    offenders = [
        f"{p.relative_to(root)}:{n}"
        for p in root.rglob("*.py")
        for n, line in enumerate(p.read_text().splitlines(), 1)
        if "TO '{" in line or "_literal(" in line or "read_parquet({" in line
    ]
    assert offenders == []


@pytest.mark.parametrize("command", [("report", "--year", "2025", "--out"), ("serve", "--export")])
def test_a_site_refuses_a_folder_of_a_users_own_files_and_leaves_them(
    mw: Mw, tmp_path: Path, command: tuple[str, ...]
) -> None:
    out = tmp_path / "mine"
    (out / "assets").mkdir(parents=True)
    mine = {"index.html": "my page", "organizations.html": "my list", "assets/site.css": "body { color: red }"}
    for name, text in mine.items():
        (out / name).write_text(text)
    r = mw(*command, str(out))
    assert (r.code, r.err.splitlines()) == (
        2,
        [
            f"modelwatch: error: {out}: not empty and not a site modelwatch wrote (holds assets, index.html, "
            "organizations.html); choose a new or empty folder: the site's pages would replace files of the "
            "same names (a site of an earlier modelwatch has no modelwatch-site.json: remove it first)"
        ],
    )
    assert {name: (out / name).read_text() for name in mine} == mine
    assert sorted(p.name for p in out.iterdir()) == ["assets", "index.html", "organizations.html"]


@pytest.mark.parametrize("command", [("report", "--year", "2025", "--out"), ("serve", "--export")])
def test_a_site_writes_into_an_empty_folder_and_over_its_own_earlier_output(
    mw: Mw, tmp_path: Path, command: tuple[str, ...]
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    assert mw(*command, str(out)).code == 0
    (out / "notes.txt").write_text("a user's note beside the pages")
    again = mw(*command, str(out))
    assert again.code == 0, again.err
    assert (out / "notes.txt").read_text() == "a user's note beside the pages"  # written over ours only


def test_report_replaces_planted_links_and_never_writes_through_them(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert mw("report", "--year", "2025", "--out", str(out)).code == 0  # a site of ours, then links planted in it
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    for name in ("release-timeline.svg", "release-timeline.png", "release-timeline.vl.json", "index.html.tmp"):
        (out / name).unlink(missing_ok=True)
        os.symlink(victim, out / name)
    r = mw("report", "--year", "2025", "--out", str(out))
    assert r.code == 0, r.err
    assert victim.read_text() == "precious"
    assert not (out / "release-timeline.svg").is_symlink()
    assert (out / "release-timeline.svg").read_text().startswith("<svg")


def test_report_refuses_a_planted_assets_link(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert mw("report", "--year", "2025", "--out", str(out)).code == 0  # a site of ours, its assets replaced
    shutil.rmtree(out / "assets")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, out / "assets")
    r = mw("report", "--year", "2025", "--out", str(out))
    assert (r.code, r.err.splitlines()[-1]) == (
        2,
        f"modelwatch: error: {out / 'assets'}: is a symbolic link; modelwatch writes only into a real folder here",
    )
    assert list(elsewhere.iterdir()) == []


def test_report_onto_a_file_is_one_line(mw: Mw, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    r = mw("report", "--year", "2025", "--out", str(target))
    assert (r.code, r.err.splitlines()[-1]) == (2, f"modelwatch: error: {target}: exists and is not a directory")
    assert target.read_text() == "x"
