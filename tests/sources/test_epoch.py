"""Reading Epoch AI's 'Data on AI Models' files."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelwatch.errors import ModelwatchError
from modelwatch.sources import epoch
from modelwatch.tiers import Tier
from tests.conftest import SHARED_DATA

REAL = SHARED_DATA / "epoch-ai-2026-03-30"
HEADER = "Model,Organization,Publication date,Model accessibility,Country (of organization)\n"


@pytest.mark.parametrize(
    ("value", "tier"),
    [
        ("Open weights (unrestricted)", Tier.OPEN_UNRESTRICTED),
        ("Open weights (restricted use)", Tier.OPEN_RESTRICTED),
        ("Open weights (non-commercial)", Tier.OPEN_NONCOMMERCIAL),
        ("API access", Tier.API),
        ("Hosted access (no API)", Tier.HOSTED),
        ("Unreleased", Tier.UNRELEASED),
        ("Limited access", Tier.UNRELEASED),  # selected partners only: not public (rule 6)
        ("", Tier.UNKNOWN),  # a blank is unknown, never closed
        ("  api ACCESS \n", Tier.API),
        ("Something new", None),
    ],
)
def test_accessibility_to_tier(value: str, tier: Tier | None) -> None:
    assert epoch.tier_of(value) == tier


@pytest.mark.parametrize(
    ("orgs", "countries", "expected"),
    [
        ("DeepSeek", "China", [("DeepSeek", "China")]),
        (
            "Google DeepMind,Google Research",
            "United States of America,United States of America",
            [("Google DeepMind", "United States of America"), ("Google Research", "United States of America")],
        ),
        # a comma followed by a space is part of a name
        (
            "EleutherAI,Booz Allen Hamilton, McLean",
            "US,US",
            [("EleutherAI", "US"), ("Booz Allen Hamilton, McLean", "US")],
        ),
        # ... unless only the plain split lines up with the countries
        ("A, B", "X,Y", [("A", "X"), ("B", "Y")]),
        ("Indraprastha Institute\nDelhi ,  Lab ", "IN,IN", [("Indraprastha Institute Delhi", "IN"), ("Lab", "IN")]),
        ("Lab One,Lab Two", "", [("Lab One", ""), ("Lab Two", "")]),
        ("", "", []),
    ],
)
def test_split_organizations(orgs: str, countries: str, expected: list[tuple[str, str]]) -> None:
    assert epoch.split_orgs(orgs, countries) == expected


def test_fixture_rows(epoch_dir: Path) -> None:
    f = epoch.load(epoch_dir / "all_ai_models.csv")
    assert (f.source, f.variant, len(f.rows), f.as_of) == ("epoch", "all", 8, dt.date(2026, 1, 12))
    by_name = {r.name: r for r in f.rows}
    assert "Mystery Model" in by_name  # trailing newline stripped
    mystery = by_name["Mystery Model"]
    assert (mystery.org_names, mystery.tier, mystery.openness) == (["Unknown Lab"], Tier.UNKNOWN, "unknown")
    first = by_name["Dragon-2-32B"]
    assert first.hub_repos == ["DragonAI/Dragon-2-32B"]
    assert first.org_hints == ["DragonAI"]
    assert first.extra["Domain"] == "Language"
    assert by_name["Dragon 2 VL"].extra["Brand new column"] == "x"  # unknown columns are kept
    assert by_name["Eagle 4"].tier is Tier.UNRELEASED
    assert by_name["Eagle 3"].org_names == ["Eagle Lab", "Stanford University"]
    assert "epoch.ai/data/ai-models" in f.attribution and "CC BY 4.0" in f.attribution


def _zip(tmp_path: Path, epoch_dir: Path) -> Path:
    path = tmp_path / "ai_models.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name in ("all_ai_models.csv", "notable_ai_models.csv"):
            zf.write(epoch_dir / name, f"ai_models/{name}")
    return path


def test_zip_bundle_marks_subsets_and_keeps_subset_only_rows(tmp_path: Path, epoch_dir: Path) -> None:
    f = epoch.load(_zip(tmp_path, epoch_dir))
    assert (f.variant, len(f.rows)) == ("all+subsets", 9)
    by_name = {r.name: r for r in f.rows}
    assert by_name["Dragon-2-32B"].extra["subsets"] == ["notable"]
    assert by_name["Dragon Zero"].extra["file"] == "notable_ai_models.csv"
    assert [r.row for r in f.rows] == list(range(1, 10))
    assert f.warnings == ["1 row(s) are only in the subset files, not in all_ai_models.csv; imported"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Model,Organization\nA,B\n", "header: no 'publication date' column"),
        (HEADER + "C,D,2025-13-01,API access,US\n", "no usable rows (row 1 (C): Publication date"),
        (HEADER + "A,B,2025-01-01,API access,US,extra\n", "no usable rows (row 1 (A): 6 fields, the header has 5)"),
        (HEADER + ",B,2025-01-01,API access,US\n", "no usable rows (row 1: no model name)"),
        ("", "empty file"),
    ],
)
def test_malformed_file_is_one_line_naming_file_and_row(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "all_ai_models.csv"
    path.write_text(body)
    with pytest.raises(ModelwatchError) as exc:
        epoch.load(path)
    assert str(exc.value).startswith(str(path)) and message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_unknown_accessibility_value_is_unknown_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "all_ai_models.csv"
    path.write_text(HEADER + "A,B,2025-01-01,Partner preview,US\n")
    f = epoch.load(path)
    assert f.rows[0].tier is Tier.UNKNOWN
    assert f.warnings == ["accessibility 'Partner preview' (1 rows) is not a known value; counted as unknown"]


_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(name=_text, orgs=_text, countries=_text, access=_text, date=_text)
def test_row_parser_never_fails_otherwise(name: str, orgs: str, countries: str, access: str, date: str) -> None:
    record = {
        "Model": name,
        "Organization": orgs,
        "Country (of organization)": countries,
        "Model accessibility": access,
        "Publication date": date,
    }
    roles = {k: epoch.COLUMNS[k.casefold()] for k in record}
    try:
        row = epoch.parse_row(record, roles, 1)
    except ValueError:
        return
    assert row.name == row.name.strip() and row.name
    assert all(o == o.strip() and o for o in row.org_names)
    assert len(row.countries) == len(row.org_names)
    assert row.tier in set(Tier)


@pytest.mark.skipif(not (REAL / "all_ai_models.csv").exists(), reason="shared Epoch data not present")
def test_real_epoch_file() -> None:
    f = epoch.load(REAL / "all_ai_models.csv")
    assert len(f.rows) == 3237
    assert f.as_of == dt.date(2026, 3, 25)
    assert not f.warnings
    tiers = {r.tier for r in f.rows}
    assert Tier.UNKNOWN in tiers and len(tiers) == 7
    assert all(r.name == r.name.strip() for r in f.rows)
    year = [r for r in f.rows if r.date and r.date.year == 2025]
    alibaba = [r for r in year if "Alibaba" in r.org_names]
    assert len(alibaba) == 40  # Epoch counts rows (models or checkpoints), not releases


@pytest.mark.skipif(not REAL.exists(), reason="shared Epoch data not present")
def test_real_epoch_bundle_folder() -> None:
    f = epoch.load(REAL)
    assert f.variant == "all+subsets"
    assert sum("frontier" in r.extra.get("subsets", []) for r in f.rows) > 0


def test_bytes_of_a_zip_without_the_files(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hi")
    path.write_bytes(buf.getvalue())
    with pytest.raises(ModelwatchError, match=r"no all_ai_models\.csv"):
        epoch.load(path)


@pytest.mark.parametrize(
    ("bad_row", "line"),
    [
        (
            "C,D,2025-13-01,API access,US",
            "skipped row 2 (C): Publication date: date '2025-13-01' is not a day of the calendar",
        ),
        (
            "C,D,2025-02-30,API access,US",
            "skipped row 2 (C): Publication date: date '2025-02-30' is not a day of the calendar",
        ),
        ("C,D,2025-01-01,API access,US,extra", "skipped row 2 (C): 6 fields, the header has 5"),
        (",D,2025-01-01,API access,US", "skipped row 2: no model name"),
        (
            "C\ud83d,D,2025-01-01,API access,US",
            "skipped row 2: holds text that is not valid Unicode (a lone surrogate)",
        ),
    ],
)
def test_a_bad_row_is_skipped_counted_and_listed(tmp_path: Path, bad_row: str, line: str) -> None:
    path = tmp_path / "all_ai_models.csv"
    path.write_text(
        HEADER + "A,B,2025-01-01,API access,US\n" + bad_row + "\nE,F,2025-03-01,API access,US\n",
        "utf-8",
        "surrogatepass",
    )
    if "\ud83d" in bad_row:
        path.write_bytes(path.read_bytes().replace("\ud83d".encode("utf-8", "surrogatepass"), b"\xed\xa0\xbd"))
    try:
        f = epoch.load(path)
    except ModelwatchError as exc:  # bytes that are not UTF-8 refuse the file: it is not text at all
        assert "not UTF-8 text" in str(exc) and "\ud83d" in bad_row
        return
    assert [r.name for r in f.rows] == ["A", "E"]
    assert f.warnings[:2] == ["1 of 3 rows skipped for a problem in the row", line]
    assert [s.row for s in f.skipped] == [2]


def test_invalid_last_modified_day_never_breaks_the_snapshot_date(tmp_path: Path) -> None:
    path = tmp_path / "all_ai_models.csv"
    path.write_text(
        "Model,Organization,Publication date,Last modified\nA,B,2025-01-01,2025-02-30\nC,D,2025-01-02,2025-03-01\n"
    )
    assert epoch.load(path).as_of == dt.date(2025, 3, 1)


def _zipped(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tracemalloc

    from modelwatch.sources import catalogue

    monkeypatch.setattr(epoch, "MAX_BYTES", 8 * 2**20)
    monkeypatch.setattr(catalogue, "MAX_BYTES", 8 * 2**20)
    path = tmp_path / "ai_models.zip"
    path.write_bytes(_zipped({"all_ai_models.csv": HEADER.encode() + b"A" * (64 * 2**20)}))
    assert path.stat().st_size < 200_000
    tracemalloc.start()
    with pytest.raises(ModelwatchError) as exc:
        epoch.load(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert str(exc.value) == f"{path}: unpacks to more than 8 MB of CSV; not Epoch AI's bundle (a few MB)"
    assert peak < 32 * 2**20


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
def test_a_damaged_zip_is_one_line(tmp_path: Path, damage: str) -> None:
    data = bytearray(_zipped({"all_ai_models.csv": (HEADER + "A,B,2025-01-01,API access,US\n" * 200).encode()}))
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        for i in range(60, 120):
            data[i] ^= 0xFF
    path = tmp_path / "ai_models.zip"
    path.write_bytes(bytes(data))
    with pytest.raises(ModelwatchError) as exc:
        epoch.load(path)
    assert str(exc.value).startswith(f"{path}: ") and "\n" not in str(exc.value)
