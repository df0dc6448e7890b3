from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

# Timing is not behaviour: on a loaded 2-core machine a parser example may take longer than
# hypothesis' default 200 ms deadline without anything being wrong.
settings.register_profile("modelwatch", deadline=None)
settings.load_profile("modelwatch")

FIXTURES = Path(__file__).parent / "fixtures"
REGISTRY = FIXTURES / "registry"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> object:
        return json.loads(self.out)


@pytest.fixture
def epoch_dir(tmp_path: Path) -> Path:
    """Hand-written rows in Epoch AI's format, under the file names of Epoch's bundle.

    The fixtures are stored under other names so that they can never be mistaken for (or replaced
    by) a copy of Epoch's own files; the importer reads the bundle's names, so tests get those here.
    """
    folder = tmp_path / "epoch-bundle"
    folder.mkdir()
    epoch = FIXTURES / "catalogues" / "epoch"
    shutil.copy(epoch / "dragon-catalogue.csv", folder / "all_ai_models.csv")
    shutil.copy(epoch / "dragon-notable-subset.csv", folder / "notable_ai_models.csv")
    return folder


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A private copy of the fixture registry that a test may edit."""
    dest = tmp_path / "data"
    shutil.copytree(REGISTRY, dest)
    return dest


@pytest.fixture
def env(tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("MODELWATCH_HOME", str(home))
    monkeypatch.setenv("MODELWATCH_DATA", str(data_dir))
    return home


@pytest.fixture
def mw(env: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Run]:
    """Run the real command line in-process: `mw("leaderboard", "--year", "2025")`."""
    from modelwatch.cli import main

    def run(*args: str) -> Run:
        capsys.readouterr()
        monkeypatch.setattr("sys.argv", ["modelwatch", *args])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run
