from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# Timing is not behaviour: on a loaded 2-core machine a parser example may take longer than
# hypothesis' default 200 ms deadline without anything being wrong.
settings.register_profile("modelwatch", deadline=None)
settings.load_profile("modelwatch")

FIXTURES = Path(__file__).parent / "fixtures"
REGISTRY = FIXTURES / "registry"
SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

# Nothing of the developer's machine reaches a test, and nothing a test does reaches the machine:
# a private home and Hugging Face cache, no token, and a Hub endpoint on a loopback port where
# nothing listens (a request that escapes a test's stand-in fails at once instead of going out).
NOWHERE = "http://127.0.0.1:9"
_UNSET = ("MODELWATCH_DATA", "MODELWATCH_DEBUG", "HF_TOKEN", "HF_HUB_OFFLINE", "HUGGING_FACE_HUB_TOKEN")
_session: dict[str, str] = {}
_saved: dict[str, str | None] = {}
_roots: list[Path] = []  # the session's folder, removed at its end
# What module-scoped fixtures hold for all the tests of their module (`held_environment`), innermost last.
_held: list[dict[str, str]] = []


def pytest_configure(config: pytest.Config) -> None:
    """The session's environment, set before any test module imports huggingface_hub (which reads
    HF_HOME and HF_ENDPOINT once, at import); subprocesses of tests inherit it."""
    root = Path(tempfile.mkdtemp(prefix="modelwatch-tests-"))
    _session.update(
        MODELWATCH_HOME=str(root / "home"),
        # The Vega bundle takes seconds to build: one copy for the whole session, not one per test home.
        MODELWATCH_CACHE=str(root / "cache"),
        HF_HOME=str(root / "hf"),
        HF_ENDPOINT=NOWHERE,
        HF_HUB_DISABLE_TELEMETRY="1",
        NO_PROXY="127.0.0.1,localhost,::1",
        no_proxy="127.0.0.1,localhost,::1",
    )
    for name in (*_session, *_UNSET):
        _saved[name] = os.environ.get(name)
        os.environ.pop(name, None)
    os.environ.update(_session)
    _roots.append(root)


def pytest_unconfigure(config: pytest.Config) -> None:
    _restore(_saved)
    for root in _roots:
        shutil.rmtree(root, ignore_errors=True)


def _restore(saved: dict[str, str | None]) -> None:
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test: its own store home and the session's environment again (a test may change it)."""
    for name, value in _session.items():
        monkeypatch.setenv(name, value)
    for name in _UNSET:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("MODELWATCH_HOME", str(tmp_path / "home"))
    for held in _held:
        for name, value in held.items():
            monkeypatch.setenv(name, value)


@contextlib.contextmanager
def held_environment(values: dict[str, str]) -> Iterator[None]:
    """Variables a module-scoped fixture sets for the tests of its module too, where each test would get
    its own: a server in a thread reads the store that MODELWATCH_HOME names at every request."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    _held.append(values)
    try:
        yield
    finally:
        _held.remove(values)
        _restore(saved)


@pytest.fixture(scope="session", autouse=True)
def _bundled_registry_untouched() -> Iterator[None]:
    """Tests read the bundled registry (MODELWATCH_DATA unset); none may write into it."""
    from modelwatch.config import BUNDLED_DATA

    def digest() -> dict[str, bytes]:
        return {
            str(p.relative_to(BUNDLED_DATA)): p.read_bytes() for p in sorted(BUNDLED_DATA.rglob("*")) if p.is_file()
        }

    before = digest()
    yield
    assert digest() == before, f"a test changed the bundled registry in {BUNDLED_DATA}"


@dataclass
class Run:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per test process (each test opens its own pages): starting one costs a second."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium not installed (make system-deps)")
    pytest.importorskip("playwright")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


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

    def run(*args: str) -> Run:
        capsys.readouterr()
        code = call_main(args, monkeypatch)
        out, err = capsys.readouterr()
        return Run(code, out, err)

    return run


def call_main(args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch) -> int:
    """The real command line in-process; its exit status."""
    from modelwatch.cli import main

    monkeypatch.setattr("sys.argv", ["modelwatch", *args])
    try:
        main()
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    return 0


@pytest.fixture(scope="session")
def bundled_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store built from the bundled registry, once per test process: a template that tests copy
    (`seed_home`) instead of each building their own (two seconds each)."""
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    home = tmp_path_factory.mktemp("bundled-template")
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("MODELWATCH_HOME", str(home))
        monkeypatch.delenv("MODELWATCH_DATA", raising=False)
        err = StringIO()
        with redirect_stdout(StringIO()), redirect_stderr(err):
            code = call_main(("build",), monkeypatch)
    assert code == 0, err.getvalue()
    return home / "modelwatch.duckdb"


def seed_home(home: Path, store: Path) -> Path:
    """`home` holding a copy of the template `store` (a store is one file once checkpointed)."""
    home.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(store, home / store.name)
    return home


@pytest.fixture(scope="module")
def module_mw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Run]]:
    """`mw` for fixtures that build once per test module (a report the module's tests only read):
    one home and one copy of the fixture registry for the module."""
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    work = tmp_path_factory.mktemp("module")
    data = work / "data"
    shutil.copytree(REGISTRY, data)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("MODELWATCH_HOME", str(work / "home"))
        monkeypatch.setenv("MODELWATCH_DATA", str(data))

        def run(*args: str) -> Run:
            out, err = StringIO(), StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                code = call_main(args, monkeypatch)
            return Run(code, out.getvalue(), err.getvalue())

        yield run
