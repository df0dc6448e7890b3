"""Every command the README names exists, and its examples run as written.

Offline examples run for real, in README order, in one store built from the bundled registry
(so an import runs before the comparison that reads it). Examples that need the network run
with `--help`. An example whose input file is not here (a catalogue you download) is skipped,
and so is one that then says which skipped command to run first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import SHARED_DATA, Run, seed_home
from tests.readme import ROOT, Example, examples, make_targets, mentioned

Mw = Callable[..., Run]

# The commands that talk to the network; with `--download`, any import does.
# commands that need the network, or run until stopped (a server): shown with --help only
NETWORK = (("sync",), ("update",), ("serve",))
# Input files the README names that a test may find in the shared reference data.
SHARED = {"all_ai_models.csv": SHARED_DATA / "epoch-ai-2026-03-30" / "all_ai_models.csv"}
OUTPUT_OPTIONS = ("--out", "-o")
INPUT_SUFFIXES = (".csv", ".json", ".parquet", ".toml", ".zip")
_FIRST = re.compile(r"run `modelwatch ([^`]+)`")

EXAMPLES = examples()
# Command paths (("import", "epoch"), ...) that ran for real in this session, and those that did not.
RAN: set[tuple[str, ...]] = set()
NOT_RUN: set[tuple[str, ...]] = set()


def command_path(argv: list[str]) -> tuple[tuple[str, ...], bool]:
    """The words of `argv` that name a command (`import epoch`), and whether that command exists."""
    from typer.main import get_command

    from modelwatch.cli import app

    cmd = get_command(app)
    path: list[str] = []
    for word in argv:
        commands = getattr(cmd, "commands", None)
        if commands is None:
            break
        if word not in commands:
            # a group that runs on its own (`proposals --org x`, beside `proposals show ID`) is a command too
            if path and getattr(cmd, "invoke_without_command", False):
                return tuple(path), True
            return (*path, word), False
        cmd = commands[word]
        path.append(word)
    return tuple(path), getattr(cmd, "commands", None) is None or getattr(cmd, "invoke_without_command", False)


def _needs_network(argv: list[str], path: tuple[str, ...]) -> bool:
    return "--download" in argv or any(path[: len(n)] == n for n in NETWORK)


def _inputs(argv: list[str]) -> list[str]:
    """The example's arguments with input files resolved; skips the example when one is not here."""
    out: list[str] = []
    for i, word in enumerate(argv):
        is_output = i > 0 and argv[i - 1] in OUTPUT_OPTIONS
        if not is_output and not word.startswith("-") and word.endswith(INPUT_SUFFIXES):
            local = ROOT / word
            if local.exists():
                word = str(local)
            elif word in SHARED and SHARED[word].exists():
                word = str(SHARED[word])
            else:
                pytest.skip(f"input file {word} is not here (a download: see the README's Inputs)")
        out.append(word)
    return out


@pytest.fixture(scope="module")
def readme_home(tmp_path_factory: pytest.TempPathFactory, bundled_store: Path) -> Path:
    return seed_home(tmp_path_factory.mktemp("readme-home"), bundled_store)


@pytest.fixture
def bundled(mw: Mw, readme_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Mw:
    """The command line on the bundled registry, one store for the whole README, run from a scratch folder."""
    monkeypatch.delenv("MODELWATCH_DATA")
    monkeypatch.setenv("MODELWATCH_HOME", str(readme_home))
    monkeypatch.chdir(tmp_path)  # `--out report` and `--out export/` land here, not in the checkout
    return mw


def test_the_readme_shows_examples() -> None:
    assert len(EXAMPLES) >= 20
    assert {command_path(e.argv)[0][0] for e in EXAMPLES} >= {"leaderboard", "check", "import", "sync", "ecosystem"}


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example_runs(bundled: Mw, example: Example) -> None:
    path, exists = command_path(example.argv)
    assert exists, f"README line {example.lineno}: no command `modelwatch {' '.join(path)}`"
    if _needs_network(example.argv, path):
        NOT_RUN.add(path)
        r = bundled(*path, "--help")
        assert (r.code, r.err) == (0, ""), r.err
        assert r.out.startswith(f"Usage: modelwatch {' '.join(path)} ")
        return
    try:
        argv = _inputs(example.argv)
    except pytest.skip.Exception:
        NOT_RUN.add(path)
        raise
    r = bundled(*argv)
    first = _FIRST.search(r.err)
    if r.code == 2 and first and command_path(first.group(1).split())[0] in NOT_RUN - RAN:
        # e.g. `compare epoch` after `import epoch` was skipped: it says, in one line, what to run first
        assert r.err.count("\n") == 1 and r.err.startswith("modelwatch: error: "), r.err
        pytest.skip(f"needs `modelwatch {first.group(1)}` first, which did not run here")
    # `check` exits 1 when the data cannot decide some claim: a documented answer, not a failure
    assert r.code in ((0, 1) if path[0] == "check" else (0,)), f"README line {example.lineno}: exit {r.code}\n{r.err}"
    assert r.out.strip(), "an example that prints nothing tells the reader nothing"
    RAN.add(path)


@pytest.mark.parametrize(("lineno", "argv"), mentioned())
def test_commands_named_in_prose_exist(lineno: int, argv: list[str]) -> None:
    path, exists = command_path(argv)
    assert exists, f"README line {lineno}: no command `modelwatch {' '.join(path)}`"


def test_make_targets_exist() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([A-Za-z][\w.-]*):", makefile, flags=re.MULTILINE))
    named = make_targets()
    assert {t for _, t in named} >= {"report", "test", "bench"}
    assert [(n, t) for n, t in named if t not in targets] == []


@pytest.mark.parametrize(
    ("text", "argvs"),
    [
        # bare, with a prompt, by path, a comment after it; an activate line with a comment is no command
        (
            "x\n\n    modelwatch orgs   # all of them\n    $ modelwatch leaderboard --year 2025\n"
            "    .venv/bin/modelwatch build\n    . .venv/bin/activate  # then: modelwatch orgs\n",
            [["orgs"], ["leaderboard", "--year", "2025"], ["build"]],
        ),
        # prose and inline code are not examples; fenced blocks are
        ("run `modelwatch orgs` to see\nmodelwatch orgs\n\n```\nmodelwatch validate\n```\n", [["validate"]]),
    ],
)
def test_reading_the_readme(text: str, argvs: list[list[str]]) -> None:
    assert [e.argv for e in examples(text)] == argvs


def test_output_shown_under_a_prompt_belongs_to_it() -> None:
    text = "x\n\n    $ modelwatch orgs\n    62 organizations\n    $ modelwatch build\n    built\n\n    modelwatch x\n"
    assert [(e.argv, e.shown) for e in examples(text)] == [
        (["orgs"], ["62 organizations"]),
        (["build"], ["built"]),
        (["x"], []),
    ]


def test_inline_alternatives_are_each_a_command() -> None:
    text = "`modelwatch import epoch|openrouter --download` and `modelwatch: error: x`"
    assert mentioned(text) == [(1, ["import", "epoch", "--download"]), (1, ["import", "openrouter", "--download"])]


def _named_files(text: str) -> list[str]:
    """Documents and sources the README sends the reader to: `*.md`, `*.py`, paths under docs/ examples/ tests/."""
    text = re.sub(r"\S+://\S+", "", text)  # addresses on the web are not files of the checkout
    return sorted(set(re.findall(r"(?<![\w/.<>-])((?:docs|examples|tests)/[\w./-]*\w|[\w./-]+\.(?:md|py))\b", text)))


def test_files_the_readme_names_exist() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [n for n in _named_files(text) if not (ROOT / n).exists() and not (ROOT / "docs" / n).exists()]
    assert missing == []


def test_a_missing_document_is_noticed() -> None:
    assert _named_files("the one DESIGN.md describes; see `docs/hub.md` and https://x.org/a.md") == [
        "DESIGN.md",
        "docs/hub.md",
    ]


@given(st.text())
def test_any_text_without_the_command_has_no_examples(text: str) -> None:
    while "modelwatch" in text:
        text = text.replace("modelwatch", "")
    assert examples(text) == []
    assert mentioned(text) == []
    assert all(target and " " not in target for _, target in make_targets(text))
