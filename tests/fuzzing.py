"""The fuzz harness: hostile variants of real-shaped fixtures, fed to every importer, the registry
loader and the claims loader; each outcome classified.

An input may be imported (rows, perhaps with some rows skipped) or refused with one line naming the
file; anything else (an exception that is not modelwatch's own, a message over several lines or not
naming the file) is a failure. The suite runs a few hundred inputs per target (tests/test_fuzz.py);
`make fuzz` runs 10,000 per target and writes the counts to bench/results.json.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Values met in hostile and broken catalogues.
HOSTILE_STRINGS = [
    "",
    " ",
    "2025-02-30",
    "2025-25-11",
    "9999-12-31",
    "0000-00-00",
    "2025-13",
    "yesterday",
    "\ud83d",
    "\udc00x",
    "a\r\nb",
    "\x1b]0;title\x07",
    "\x00",
    "'); DROP TABLE releases; --",
    "x" * 5000,
    "https://huggingface.co/",
    "https://huggingface.co/spaces/x",
    "javascript:alert(1)",
    "Open weights (unrestricted)",
    "Limited access",
    "😀",
    "\u202eevil",
]
HOSTILE_VALUES: list[Any] = [
    *HOSTILE_STRINGS,
    None,
    True,
    False,
    0,
    -1,
    2**63,
    -(2**63) - 1,
    1e308,
    1.5,
    [],
    {},
    [1, 2],
    {"url": 3},
    [{"url": "https://huggingface.co/a/b"}],
    {"a": {"b": {"c": []}}},
]
TOKENS = [b'"', b",", b"\n", b"\r", b"\x00", b"\xff", b"{", b"}", b"[", b"]", b"=", b"\\ud83d", b"\\", b"#", b"'"]


def deep(n: int, kind: str = "list") -> Any:
    value: Any = 1
    for _ in range(n):
        value = [value] if kind == "list" else {"a": value}
    return value


# --- mutations ---------------------------------------------------------------------------------------


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    """A few byte-level edits: flips, cuts, duplications, hostile tokens."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(6)
        i = rng.randrange(len(out) + 1)
        if op == 0 and out:
            out[min(i, len(out) - 1)] = rng.randrange(256)
        elif op == 1:
            del out[i : i + rng.randint(1, 64)]
        elif op == 2:
            j = min(len(out), i + rng.randint(1, 128))
            out[i:i] = out[i:j] * rng.randint(1, 4)
        elif op == 3:
            out[i:i] = rng.choice(TOKENS) * rng.randint(1, 3)
        elif op == 4:
            out = out[:i]
        else:
            out[i:i] = rng.choice(HOSTILE_STRINGS).encode("utf-8", "surrogatepass")[:200]
    return bytes(out)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if len(prefix) > 8:
        return found
    if isinstance(value, dict):
        for k, v in value.items():
            found += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += _paths(v, (*prefix, i))
    return found


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = doc
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return doc


def mutate_json(doc: Any, rng: random.Random) -> bytes:
    """Replace a few nodes of a parsed JSON fixture with hostile values; sometimes deep nesting."""
    doc = json.loads(json.dumps(doc))
    for _ in range(rng.randint(1, 3)):
        paths = _paths(doc)
        path = rng.choice(paths[1:] or paths)
        roll = rng.random()
        if roll < 0.05:
            value = deep(rng.choice([100, 900, 5000]), rng.choice(["list", "dict"]))
        else:
            value = copy.deepcopy(rng.choice(HOSTILE_VALUES))  # never the shared object: no cycles
        doc = _set(doc, path, value)
    try:
        text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
    except RecursionError:
        text = "[" * 5000 + "]" * 5000
    return text.encode("utf-8", "surrogatepass")


def mutate_csv(text: str, rng: random.Random) -> bytes:
    """Replace cells with hostile strings, add or drop cells, quote badly."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 4)):
        n = rng.randrange(len(lines))
        cells = lines[n].split(",")
        op = rng.randrange(4)
        c = rng.randrange(len(cells))
        if op == 0:
            cells[c] = rng.choice(HOSTILE_STRINGS)
        elif op == 1:
            cells.append(rng.choice(HOSTILE_STRINGS))
        elif op == 2 and len(cells) > 1:
            del cells[c]
        else:
            cells[c] = '"' + cells[c]
        lines[n] = ",".join(cells)
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def mutate_toml(text: str, rng: random.Random) -> bytes:
    """Edit lines of a TOML file: values, tables, arrays of tables, nesting."""
    lines = text.splitlines()
    for _ in range(rng.randint(1, 3)):
        n = rng.randrange(len(lines))
        line = lines[n]
        op = rng.randrange(7)
        if op == 0 and " = " in line:
            key = line.split(" = ", 1)[0]
            value = rng.choice(HOSTILE_VALUES)
            lines[n] = f"{key} = {_toml_value(value)}"
        elif op == 1 and line.startswith("[["):
            lines[n] = line[1:-1]  # [[release]] -> [release]
        elif op == 2:
            key = rng.choice(["release", "omission", "license", "organization", "claim"])
            lines.insert(0, f"{key} = {_toml_value(rng.choice(HOSTILE_VALUES))}")
        elif op == 3:
            depth = rng.choice([50, 2000])
            lines.insert(
                n,
                "x = " + "[" * depth + "]" * depth
                if rng.random() < 0.5
                else "x = " + "{a = " * depth + "1" + "}" * depth,
            )
        elif op == 4:
            del lines[n]
        elif op == 5:
            lines.insert(n, lines[n])
        else:
            return mutate_bytes(text.encode(), rng)
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return '""'
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"


# --- targets -------------------------------------------------------------------------------------------


def _classify_error(exc: BaseException, label: str) -> str:
    from modelwatch.errors import DataError, ModelwatchError

    if isinstance(exc, DataError):
        lines = [p.line() for p in exc.problems]
        ok = all("\n" not in line and "\r" not in line and len(line) <= 500 for line in lines)
        return "refused" if ok and lines else "bad message"
    if isinstance(exc, ModelwatchError):
        msg = str(exc)
        from modelwatch.errors import one_line

        shown = one_line(msg)
        return "refused" if shown.startswith(label) or label in shown else "bad message"
    return f"crash: {type(exc).__name__}"


class Target:
    """One loader under fuzz: makes input number `i` (deterministic) and runs it."""

    name = ""

    def make(self, rng: random.Random) -> bytes:
        raise NotImplementedError

    def run(self, data: bytes, folder: Path) -> str:
        raise NotImplementedError


class CatalogueTarget(Target):
    def __init__(self, name: str, fixture: Path, filename: str, load: Callable[[Path], Any], kind: str):
        self.name = name
        self.fixture = fixture.read_bytes()
        self.filename = filename
        self.load = load
        self.kind = kind
        self.doc = json.loads(self.fixture) if kind == "json" else None

    def make(self, rng: random.Random) -> bytes:
        roll = rng.random()
        if roll < 0.35:
            return mutate_bytes(self.fixture, rng)
        if self.kind == "json":
            return mutate_json(self.doc, rng)
        return mutate_csv(self.fixture.decode(), rng)

    def run(self, data: bytes, folder: Path) -> str:
        path = folder / self.filename
        path.write_bytes(data)
        try:
            cf = self.load(path)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            return _classify_error(exc, str(path))
        assert cf.rows
        _store_ready(cf)
        return "imported, rows skipped" if cf.skipped else "imported"


def _store_ready(cf: Any) -> None:
    """Every string a store will hold encodes as UTF-8 (a lone surrogate would fail the write)."""
    for r in cf.rows:
        json.dumps(r.extra, default=str).encode("utf-8")
        for s in (r.source_id, r.name, r.url, r.license, *r.org_names, *r.countries, *r.hub_repos, *r.org_hints):
            s.encode("utf-8")
    for w in cf.warnings:
        w.encode("utf-8")


class RegistryTarget(Target):
    name = "registry"

    def __init__(self) -> None:
        self.root = FIXTURES / "registry"
        self.files = [*sorted((self.root / "orgs").glob("*.toml")), self.root / "licenses.toml"]

    def make(self, rng: random.Random) -> bytes:
        self.chosen = rng.choice(self.files)
        return mutate_toml(self.chosen.read_text(), rng)

    def run(self, data: bytes, folder: Path) -> str:
        from modelwatch.normalize.validate import validate
        from modelwatch.sources.registry import load_registry

        root = folder / "data"
        if not root.exists():
            shutil.copytree(self.root, root)
        target = root / self.chosen.relative_to(self.root)
        original = self.chosen.read_bytes()
        target.write_bytes(data)
        try:
            problems = validate(load_registry(root))
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            return f"crash: {type(exc).__name__}"
        finally:
            target.write_bytes(original)
        if not problems:
            return "valid"
        lines = [p.line() for p in problems]
        if all(
            "\n" not in x and "\r" not in x and len(x) <= 500 and x.startswith(("orgs/", "licenses.toml"))
            for x in lines
        ):
            return "problems, one line each"
        return "bad message"


class ClaimsTarget(Target):
    name = "claims"

    def __init__(self) -> None:
        self.fixture = (FIXTURES / "claims" / "fixture-claims.toml").read_text()

    def make(self, rng: random.Random) -> bytes:
        return mutate_toml(self.fixture, rng)

    def run(self, data: bytes, folder: Path) -> str:
        from modelwatch.analyze.claims_file import load_claims

        path = folder / "claims.toml"
        path.write_bytes(data)
        try:
            claims = load_claims(path)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            return _classify_error(exc, str(path))
        try:
            for c in claims:
                c.periods  # noqa: B018 - the periods of a loaded claim must parse
        except Exception as exc:  # noqa: BLE001 - classified, never raised
            return f"crash: {type(exc).__name__} (a loaded claim)"
        return "loaded"


class HubDumpTarget(Target):
    """The Hub dump's gate (`inspect`: is this a Parquet file with an id column?), then, through the
    pipeline, the whole import. Tables of hostile columns, and byte mutations of a good file."""

    name = "hub-dump"
    COLUMNS: ClassVar[dict[str, list[Any]]] = {
        "id": ["Org/A", "Org/A-GGUF", "Other/ft", None, "", "x" * 300],
        "author": ["Org", "Org", "Other", None, "", "\x1b]0;t\x07"],
        "createdAt": ["2025-01-01T00:00:00Z", "9999-12-31T00:00:00Z", None, "yesterday", "", "2025-02-30"],
        "downloads": [1, 2**62, -5, None, 0, 7],
        "tags": [["base_model:quantized:Org/A"], [], None, ["base_model:Org/A"], ["license:mit"], ["x"]],
        "cardData": ['{"base_model": "Org/A"}', "{", None, "[]", '{"base_model": 3}', "null"],
    }

    def __init__(self) -> None:
        import io

        import pyarrow as pa
        import pyarrow.parquet as pq

        buf = io.BytesIO()
        pq.write_table(pa.table(dict(self.COLUMNS)), buf)
        self.good = buf.getvalue()

    def make(self, rng: random.Random) -> bytes:
        import io

        import pyarrow as pa
        import pyarrow.parquet as pq

        if rng.random() < 0.4:
            return mutate_bytes(self.good, rng)
        columns: dict[str, Any] = {}
        for name, values in self.COLUMNS.items():
            if rng.random() < 0.2:
                continue
            picked = [rng.choice(values) for _ in range(rng.randint(0, 6))]
            if rng.random() < 0.2:  # a column of another type than the Hub's
                picked = [rng.choice([str(v), None, 3, 2**63 - 1]) for v in picked]
            columns[name] = picked
        try:
            buf = io.BytesIO()
            pq.write_table(pa.table(columns) if columns else pa.table({"x": [1]}), buf)
            return buf.getvalue()
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            return mutate_bytes(self.good, rng)

    def run(self, data: bytes, folder: Path) -> str:
        from modelwatch.sources.hub_dump import inspect

        path = folder / "models.parquet"
        path.write_bytes(data)
        try:
            inspect(path)
        except BaseException as exc:
            if isinstance(exc, KeyboardInterrupt):
                raise
            return _classify_error(exc, str(path))
        return "readable"


def targets() -> list[Target]:
    from modelwatch.sources import epoch, modelsdev, openrouter

    cat = FIXTURES / "catalogues"
    return [
        CatalogueTarget("epoch", cat / "epoch" / "dragon-catalogue.csv", "all_ai_models.csv", epoch.load, "csv"),
        CatalogueTarget("openrouter", cat / "openrouter" / "models.json", "models.json", openrouter.load, "json"),
        CatalogueTarget("modelsdev", cat / "modelsdev" / "api" / "api.json", "api.json", modelsdev.load, "json"),
        RegistryTarget(),
        ClaimsTarget(),
        HubDumpTarget(),
    ]


def fuzz(target: Target, count: int, seed: int = 0) -> tuple[Counter[str], list[tuple[int, str]]]:
    """Run `count` inputs; return the outcome counts and the first failing seeds (to replay)."""
    outcomes: Counter[str] = Counter()
    failures: list[tuple[int, str]] = []
    with tempfile.TemporaryDirectory(prefix="modelwatch-fuzz-") as tmp:
        folder = Path(tmp)
        for i in range(seed, seed + count):
            rng = random.Random(f"{target.name}-{i}")
            data = target.make(rng)
            outcome = target.run(data, folder)
            outcomes[outcome] += 1
            if outcome.startswith(("crash", "bad message")) and len(failures) < 20:
                failures.append((i, outcome))
    return outcomes, failures


# --- through the store ------------------------------------------------------------------------------


def _store_state(store: Path) -> list[Any]:
    import duckdb

    con = duckdb.connect(str(store), read_only=True)
    try:
        return [
            con.execute("SELECT import_id, source, digest, rows FROM imports ORDER BY 1").fetchall(),
            con.execute("SELECT count(*) FROM catalogue_rows").fetchall(),
            con.execute("SELECT count(*), sum(hash(id, date, name)) FROM releases").fetchall(),
        ]
    finally:
        con.close()


def pipeline(target: Target, count: int, seed: int = 0) -> tuple[Counter[str], list[tuple[int, str]]]:
    """Inputs through the whole import (parse, resolve, write the store): a refusal must leave the
    store exactly as it was; an import must be stored. Needs MODELWATCH_HOME / MODELWATCH_DATA set."""
    from modelwatch import config
    from modelwatch.errors import ModelwatchError
    from modelwatch.service import build
    from modelwatch.service.catalogues import import_catalogue

    outcomes: Counter[str] = Counter()
    failures: list[tuple[int, str]] = []
    build()
    store = config.store_path()
    with tempfile.TemporaryDirectory(prefix="modelwatch-fuzz-") as tmp:
        folder = Path(tmp)
        for i in range(seed, seed + count):
            rng = random.Random(f"{target.name}-pipeline-{i}")
            data = target.make(rng)
            before = _store_state(store)
            try:
                if isinstance(target, CatalogueTarget):
                    path = folder / target.filename
                    path.write_bytes(data)
                    result = import_catalogue(target.name, path)
                    outcome = "imported" if not result.already else "already imported"
                elif isinstance(target, RegistryTarget):
                    outcome = _build_with(target, data, folder)
                elif isinstance(target, HubDumpTarget):
                    from modelwatch.service.ecosystem import import_hub_dump

                    path = folder / "models.parquet"
                    path.write_bytes(data)
                    import_hub_dump(path)
                    outcome = "imported"
                else:
                    outcome = target.run(data, folder)
            except ModelwatchError:
                outcome = "refused, store unchanged" if _store_state(store) == before else "refused, STORE CHANGED"
            except Exception as exc:  # noqa: BLE001 - classified, never raised
                outcome = f"crash: {type(exc).__name__}"
            outcomes[outcome] += 1
            if ("crash" in outcome or "CHANGED" in outcome) and len(failures) < 20:
                failures.append((i, outcome))
    return outcomes, failures


def _build_with(target: RegistryTarget, data: bytes, folder: Path) -> str:
    """Build the store from the fixture registry with one file replaced by `data`."""
    from modelwatch import config
    from modelwatch.store.opening import opened

    root = folder / "data"
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(target.root, root)
    (root / target.chosen.relative_to(target.root)).write_bytes(data)
    with opened(config.store_path(), root, write=True):
        pass
    return "built"
