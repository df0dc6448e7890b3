"""docs/python.md runs as written: its ```python blocks are doctests, run in order in one namespace on the
bundled registry, from a scratch folder (where `mw.export("export")` lands) that sees the checkout's examples/."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from tests.conftest import seed_home
from tests.readme import ROOT

DOC = ROOT / "docs" / "python.md"
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def blocks(text: str) -> list[tuple[int, str]]:
    """(line number, code) of every ```python block."""
    return [(text[: m.start()].count("\n") + 1, m.group(1)) for m in _BLOCK.finditer(text)]


def test_reading_the_blocks() -> None:
    text = "x\n```python\n>>> 1 + 1\n2\n```\n```\nnot python\n```\n```python\n>>> 'a'\n'a'\n```\n"
    assert blocks(text) == [(2, ">>> 1 + 1\n2\n"), (9, ">>> 'a'\n'a'\n")]


def test_the_python_api_doc_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled_store: Path) -> None:
    monkeypatch.delenv("MODELWATCH_DATA", raising=False)
    monkeypatch.setenv("MODELWATCH_HOME", str(seed_home(tmp_path / "home", bundled_store)))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    found = blocks(DOC.read_text(encoding="utf-8"))
    assert len(found) >= 8
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    globs: dict[str, object] = {}
    report: list[str] = []
    for lineno, code in found:
        test = parser.get_doctest(code, globs, f"docs/python.md:{lineno}", str(DOC), lineno)
        assert test.examples, f"docs/python.md line {lineno}: a python block with no example"
        runner.run(test, out=report.append, clear_globs=False)
        globs.update(test.globs)  # a test runs in a copy: what a block defines, the next one uses
    assert (runner.failures, runner.tries >= 30) == (0, True), "".join(report)
    assert sorted(p.name for p in (tmp_path / "export").iterdir())[:2] == ["README.md", "artifacts.parquet"]
