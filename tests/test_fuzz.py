"""The fuzz harness in the suite: a few hundred hostile inputs per loader (`make fuzz` runs 10,000).

Every input is imported (some rows perhaps skipped and counted) or refused in one line naming the
file; never a traceback; and a refused import leaves the store exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import fuzzing

TARGETS = {t.name: t for t in fuzzing.targets()}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_mutated_fixtures_never_crash(name: str) -> None:
    count = 60 if name == "hub-dump" else 300  # each Parquet file costs a DuckDB connection
    outcomes, failures = fuzzing.fuzz(TARGETS[name], count)
    assert failures == []
    assert sum(outcomes.values()) == count


@pytest.mark.parametrize("name", ["epoch", "openrouter", "modelsdev", "registry", "hub-dump"])
def test_a_refused_import_leaves_the_store_unchanged(name: str, env: Path) -> None:
    outcomes, failures = fuzzing.pipeline(TARGETS[name], 10 if name == "hub-dump" else 20)
    assert failures == []
    assert not any("CHANGED" in k or "crash" in k for k in outcomes)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@settings(max_examples=150)
@given(rows=st.lists(JSON, max_size=5))
def test_any_openrouter_rows(rows: list[object], tmp_path_factory: pytest.TempPathFactory) -> None:
    import json

    folder = tmp_path_factory.mktemp("or")
    data = json.dumps({"data": rows}).encode("utf-8", "surrogatepass")
    outcome = TARGETS["openrouter"].run(data, folder)
    assert not outcome.startswith(("crash", "bad message")), outcome


@settings(max_examples=150)
@given(models=st.dictionaries(st.text(max_size=12), JSON, max_size=5))
def test_any_modelsdev_rows(models: dict[str, object], tmp_path_factory: pytest.TempPathFactory) -> None:
    import json

    folder = tmp_path_factory.mktemp("md")
    data = json.dumps({"p": {"models": models}}).encode("utf-8", "surrogatepass")
    outcome = TARGETS["modelsdev"].run(data, folder)
    assert not outcome.startswith(("crash", "bad message")), outcome


@settings(max_examples=150)
@given(cells=st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=6), max_size=5))
def test_any_epoch_rows(cells: list[list[str]], tmp_path_factory: pytest.TempPathFactory) -> None:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["Model", "Organization", "Publication date", "Model accessibility", "Last modified"])
    writer.writerows(cells)
    folder = tmp_path_factory.mktemp("ep")
    outcome = TARGETS["epoch"].run(buf.getvalue().encode("utf-8", "surrogatepass"), folder)
    assert not outcome.startswith(("crash", "bad message")), outcome
