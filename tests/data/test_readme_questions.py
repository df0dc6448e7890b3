"""The README's "Questions this answers", kept true to the bundled registry.

Each `$ modelwatch ...` line there is run as written; every output line the README shows under it
must be one of the command's output lines, in the same order, spacing aside. A line ending in
`...` is cut short and matches the start of an output line; `...` alone stands for lines left out.
When the registry changes, a failure prints the command's whole output: paste the new lines.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.analyze.test_ecosystem import tiny_dump
from tests.conftest import Run, seed_home
from tests.readme import ROOT, Example, examples, normalized

Mw = Callable[..., Run]
SECTION = "Questions this answers"
QUESTIONS = examples(section=SECTION)


@pytest.fixture(scope="module")
def questions_home(tmp_path_factory: pytest.TempPathFactory, bundled_store: Path) -> Path:
    return seed_home(tmp_path_factory.mktemp("questions-home"), bundled_store)


@pytest.fixture
def bundled(mw: Mw, questions_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Mw:
    monkeypatch.delenv("MODELWATCH_DATA")
    monkeypatch.setenv("MODELWATCH_HOME", str(questions_home))
    monkeypatch.chdir(tmp_path)
    return mw


def _args(example: Example, tmp_path: Path) -> list[str]:
    """Files named in the README: those of the checkout; a whole-Hub dump (a download) is a tiny one.

    The excerpt of the dump's question shows only the answer's columns, so any dump answers it.
    """
    out = []
    for word in example.argv:
        if word == "models.parquet":
            word = str(tiny_dump(tmp_path / "models.parquet"))
        elif (ROOT / word).is_file():
            word = str(ROOT / word)
        out.append(word)
    return out


def unmatched(shown: list[str], output: str) -> list[str]:
    """The shown lines not found in `output`, in order; empty when the excerpt is true."""
    lines = [normalized(line) for line in output.splitlines()]
    at = 0
    missing = []
    for want in (normalized(s) for s in shown):
        if want == "...":
            continue
        prefix = want.endswith(" ...")
        want = want.removesuffix(" ...")
        hit = next(
            (i for i in range(at, len(lines)) if (lines[i].startswith(want) if prefix else lines[i] == want)), None
        )
        if hit is None:
            missing.append(want)
        else:
            at = hit + 1
    return missing


def test_five_questions_with_their_answers() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"\n## {SECTION}\n" in readme
    section = readme.split(f"## {SECTION}\n", 1)[1].split("\n## ", 1)[0]
    assert section.count("**") // 2 == 5
    assert len(QUESTIONS) >= 5
    assert sum(1 for e in QUESTIONS if e.shown) >= 5


@pytest.mark.parametrize("example", QUESTIONS, ids=[e.id for e in QUESTIONS])
def test_the_excerpt_is_what_the_command_prints(bundled: Mw, example: Example, tmp_path: Path) -> None:
    args = _args(example, tmp_path)
    r = bundled(*args)
    assert r.code in ((0, 1) if args[0] == "check" else (0,)), r.err  # check: 1 = some claim undecidable
    assert unmatched(example.shown, r.out) == [], f"README line {example.lineno}; the command now prints:\n{r.out}"


@pytest.mark.parametrize(
    ("shown", "missing"),
    [
        (["a  b", "...", "c d"], []),  # spacing aside; `...` skips lines
        (["c d", "a b"], ["a b"]),  # order matters
        (["b ..."], []),  # cut short: the start of a line
        (["b"], ["b"]),  # otherwise the whole line
        (["a b", "x", "c d"], ["x"]),
    ],
)
def test_matching_an_excerpt(shown: list[str], missing: list[str]) -> None:
    assert unmatched(shown, "a b\nb  c\nc   d\n") == missing
