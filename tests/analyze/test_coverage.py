"""`modelwatch coverage`: counts per organization and year, and Epoch rows the registry lacks, with reasons."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import Run

Mw = Callable[..., Run]


def test_counts_per_org_and_year(mw: Mw) -> None:
    r = mw("coverage", "--year", "2024", "--year", "2025", "-f", "json")
    assert r.code == 0, r.err
    doc = r.json()
    assert isinstance(doc, dict)
    rows = [
        (c["org"], c["year"], c["releases"], c["open_unrestricted"], c["api"], c["unreleased"]) for c in doc["counts"]
    ]
    assert rows == [
        ("dragon", 2024, 1, 0, 0, 0),
        ("dragon", 2025, 3, 1, 1, 0),
        ("eagle-lab", 2024, 0, 0, 0, 0),
        ("eagle-lab", 2025, 2, 1, 1, 1),
        ("eagle-research", 2024, 0, 0, 0, 0),
        ("eagle-research", 2025, 1, 1, 0, 0),
    ]
    assert doc["gaps"] is None


def test_epoch_gaps_carry_the_registry_reason(mw: Mw, data_dir: Path, epoch_dir: Path) -> None:
    with (data_dir / "orgs" / "dragon.toml").open("a") as fh:
        fh.write(
            '\n[[omission]]\nname = "Dragon Coder"\ncatalogue = "epoch"\nreason = "research preview, not a product"\n'
        )
    r = mw("coverage", "--org", "dragon", "--epoch", str(epoch_dir / "all_ai_models.csv"), "-f", "json")
    assert r.code == 0, r.err
    doc = r.json()
    assert isinstance(doc, dict)
    gaps = {"; ".join(g["catalogue_rows"]): (g["status"], g["reason"]) for g in doc["gaps"]}
    assert gaps["Dragon Coder"] == ("omitted on purpose", "research preview, not a product")
    assert all(status == "missing: to review" for name, (status, _) in gaps.items() if name != "Dragon Coder")
    assert "Epoch AI, 'Data on AI Models'" in doc["notes"][0]


def test_a_row_under_a_group_is_explained_by_a_lab_omission() -> None:
    import datetime as dt

    from modelwatch.analyze.coverage import explain_gaps
    from modelwatch.records import Omission

    finding = {
        "org": "eagle",
        "kind": "source_only",
        "source_date": dt.date(2025, 5, 1),
        "source_rows": ["Eagle Vision"],
        "source_tier": ["unreleased"],
    }
    omissions = {
        "eagle-lab": [Omission(name="Eagle Vision", reason="research preview, not public (rule 6)", catalogue="epoch")]
    }
    groups = {"eagle": "eagle", "eagle-lab": "eagle", "dragon": "dragon"}
    [gap] = explain_gaps([finding], omissions, groups)
    assert (gap["status"], gap["reason"]) == ("omitted on purpose", "research preview, not public (rule 6)")
    [gap] = explain_gaps([dict(finding, org="dragon")], omissions, groups)
    assert gap["status"] == "missing: to review"


def test_coverage_reads_the_file_it_was_given_not_the_latest_snapshot(mw: Mw, tmp_path: Path, epoch_dir: Path) -> None:
    given = epoch_dir / "all_ai_models.csv"
    newer = tmp_path / "newer.csv"
    newer.write_text(
        given.read_text().replace(
            "Dragon Coder,Language,Dragon AI,2025-09-01", "Dragon Coder,Language,Dragon AI,2025-09-02"
        )
    )
    assert mw("import", "epoch", str(given)).code == 0
    assert mw("import", "epoch", str(newer), "--as-of", "2026-02-01").code == 0
    doc = mw("coverage", "--org", "dragon", "--epoch", str(given), "-f", "json").json()
    assert isinstance(doc, dict)
    assert [g["date"] for g in doc["gaps"] if g["catalogue_rows"] == ["Dragon Coder"]] == ["2025-09-01"]


def test_every_name_of_a_finding_is_matched_against_the_omissions(mw: Mw, data_dir: Path, epoch_dir: Path) -> None:
    # thirteen rows of one organization on one day are one finding; its 13th name is omitted on purpose
    csv = epoch_dir / "all_ai_models.csv"
    names = [f"Dragon Tool {i:02}" for i in range(1, 14)]
    with csv.open("a") as fh:
        for name in names:
            fh.write(f"{name},Language,Dragon AI,2025-10-01,,API access (no weights),China,,,No,\n")
    with (data_dir / "orgs" / "dragon.toml").open("a") as fh:
        fh.write('\n[[omission]]\nname = "Dragon Tool 13"\ncatalogue = "epoch"\nreason = "internal tool"\n')
    r = mw("coverage", "--org", "dragon", "--epoch", str(csv), "-f", "json")
    assert r.code == 0, r.err
    doc = r.json()
    assert isinstance(doc, dict)
    [gap] = [g for g in doc["gaps"] if g["date"] == "2025-10-01"]
    assert (gap["status"], gap["reason"]) == ("omitted on purpose", "internal tool")
    assert gap["catalogue_rows"] == names
