"""Each command on the fixture registry, as a user would run it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Mw = Callable[..., Run]


def _board(mw: Mw, *args: str) -> list[tuple[object, ...]]:
    r = mw("leaderboard", "--format", "json", *args)
    assert r.code == 0, r.err
    rows = r.json()
    assert isinstance(rows, list)
    # rank, key, then the count in the unit, open, closed, unknown (the columns before open_share)
    return [(row["rank"], list(row.values())[1], *list(row.values())[-5:-1]) for row in rows]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # rank, key, count, open, closed, unknown
        (
            ("--year", "2025"),
            [(1, "dragon", 3, 2, 1, 0), (2, "eagle-lab", 2, 1, 1, 0), (3, "eagle-research", 1, 1, 0, 0)],
        ),
        # one family in three sizes plus an FP8 re-pack is one release but four artifacts
        (
            ("--year", "2025", "--unit", "artifacts"),
            [(1, "dragon", 6, 5, 1, 0), (2, "eagle-lab", 4, 2, 2, 0), (3, "eagle-research", 1, 1, 0, 0)],
        ),
        # two releases on 2025-03-10 are one release day
        (
            ("--year", "2025", "--unit", "days"),
            [(1, "dragon", 2, 1, 1, 0), (1, "eagle-lab", 2, 1, 1, 0), (3, "eagle-research", 1, 1, 0, 0)],
        ),
        # the group merges its labs; the unreleased preview is not counted
        (("--year", "2025", "--by", "group"), [(1, "dragon", 3, 2, 1, 0), (1, "eagle", 3, 2, 1, 0)]),
        (("--year", "2025", "--by", "group", "--unit", "days"), [(1, "eagle", 2, 2, 1, 0), (1, "dragon", 2, 1, 1, 0)]),
        (("--year", "2025", "--by", "country"), [(1, "CN", 3, 2, 1, 0), (1, "US", 3, 2, 1, 0)]),
        (
            (
                "--year",
                "2024",
            ),
            [(1, "dragon", 1, 1, 0, 0)],
        ),
        (("--by", "country", "--country", "cn"), [(1, "CN", 4, 3, 1, 0)]),
        # a group named with --org stands for its labs; ids and names match in any case
        (("--year", "2025", "--org", "eagle"), [(1, "eagle-lab", 2, 1, 1, 0), (2, "eagle-research", 1, 1, 0, 0)]),
        (("--year", "2025", "--org", "Dragon AI"), [(1, "dragon", 3, 2, 1, 0)]),
        # --modality narrows the count to those kinds of model
        (("--year", "2025", "--modality", "language"), [(1, "dragon", 2, 1, 1, 0), (2, "eagle-lab", 1, 1, 0, 0)]),
        (
            ("--year", "2025", "--modality", "science", "--modality", "vision-language", "--by", "country"),
            [(1, "CN", 1, 1, 0, 0), (1, "US", 1, 1, 0, 0)],
        ),
        # --open ranks by open-weights releases only: eagle-lab's API model drops out
        (
            ("--year", "2025", "--open"),
            [(1, "dragon", 2, 2, 0, 0), (2, "eagle-lab", 1, 1, 0, 0), (2, "eagle-research", 1, 1, 0, 0)],
        ),
    ],
)
def test_leaderboard_counts(mw: Mw, args: tuple[str, ...], expected: list[tuple[object, ...]]) -> None:
    assert _board(mw, *args) == expected


def test_leaderboard_table_names_its_unit(mw: Mw) -> None:
    r = mw("leaderboard", "--year", "2025", "--unit", "days")
    assert r.code == 0
    assert "Days per organization (2025)" in r.out
    assert "unit: release days" in r.out


def test_leaderboard_csv_header_names_the_unit(mw: Mw) -> None:
    r = mw("leaderboard", "--year", "2025", "--format", "csv")
    assert r.out.splitlines()[0] == "rank,org,name,country,releases,open,closed,unknown,open_share"
    assert r.out.splitlines()[1] == "1,dragon,Dragon AI,CN,3,2,1,0,0.667"


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (("--year", "2025"), ["eagle-3", "eagle-time", "dragon-2", "dragon-2-vl", "dragon-max", "eagle-open-1"]),
        (("--year", "2025", "--open"), ["eagle-time", "dragon-2", "dragon-2-vl", "eagle-open-1"]),
        (("--year", "2025", "--closed"), ["eagle-3", "dragon-max"]),
        (
            (
                "--tier",
                "unreleased",
            ),
            ["eagle-4-preview"],
        ),
        (("--tier", "open_restricted", "--tier", "open_noncommercial"), ["dragon-1", "dragon-2-vl"]),
        (
            (
                "--org",
                "eagle-lab",
            ),
            ["eagle-3", "eagle-open-1"],
        ),
        (("--country", "US", "--year", "2025", "--open"), ["eagle-time", "eagle-open-1"]),
        (("--org", "EAGLE-LAB"), ["eagle-3", "eagle-open-1"]),
        (("--org", "eagle", "--year", "2025"), ["eagle-3", "eagle-time", "eagle-open-1"]),
        (("--modality", "multimodal", "--year", "2025"), ["eagle-3"]),
        (("--modality", "Vision-Language"), ["dragon-2-vl"]),
    ],
)
def test_releases_filters(mw: Mw, args: tuple[str, ...], ids: list[str]) -> None:
    r = mw("releases", "--format", "json", *args)
    assert r.code == 0, r.err
    rows = r.json()
    assert isinstance(rows, list)
    assert [row["id"] for row in rows] == ids


def test_release_rows_carry_their_source(mw: Mw) -> None:
    rows = mw("releases", "--org", "dragon", "--year", "2025", "--closed", "-f", "json").json()
    assert rows == [
        {
            "date": "2025-06-01",
            "org": "dragon",
            "country": "CN",
            "name": "Dragon Max",
            "tier": "api",
            "license": "",
            "modality": "language",
            "artifacts": 1,
            "id": "dragon-max",
            "source": "https://example.org/dragon/blog/dragon-max",
            "date_precision": "day",
        }
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("releases", "--org", "nobody"), "modelwatch: error: unknown organization 'nobody'; see `modelwatch orgs`\n"),
        (
            ("releases", "--org", "dragn"),
            "modelwatch: error: unknown organization 'dragn' (did you mean 'dragon'?); see `modelwatch orgs`\n",
        ),
        (
            ("releases", "--country", "ZZ"),
            "modelwatch: error: no organization with country 'ZZ'; the registry's countries are CN, US\n",
        ),
        (
            ("releases", "--country", "China"),
            "modelwatch: error: --country takes ISO 3166-1 alpha-2 codes: use CN for 'China'\n",
        ),
        # a year the registry does not cover is not "nothing was released"
        (
            ("leaderboard", "--year", "2031"),
            "modelwatch: error: the registry covers 2024-01-01 to 2025-12-31; 2031 lies outside it\n",
        ),
        (
            ("releases", "--year", "2023"),
            "modelwatch: error: the registry covers 2024-01-01 to 2025-12-31; 2023 lies outside it\n",
        ),
        (
            ("leaderboard", "--modality", "llm"),
            "modelwatch: error: unknown modality 'llm'; one of 3d, audio, code, embedding, image, language, "
            "multimodal, other, robotics, science, speech, video, vision-language, world\n",
        ),
        (("releases", "--open", "--closed"), "modelwatch: error: --open and --closed exclude each other\n"),
        (
            ("releases", "--tier", "opne"),
            "modelwatch: error: unknown tier 'opne'; one of api, hosted, open_noncommercial, "
            "open_restricted, open_unrestricted, unknown, unreleased\n",
        ),
    ],
)
def test_user_mistakes_are_one_line(mw: Mw, args: tuple[str, ...], message: str) -> None:
    mw("build")
    r = mw(*args)
    assert (r.code, r.err) == (2, message)


def test_orgs_lists_group_country_and_namespaces(mw: Mw) -> None:
    rows = mw("orgs", "-f", "json").json()
    assert isinstance(rows, list)
    assert [(o["id"], o["group"], o["country"], o["hub_namespaces"], o["releases"]) for o in rows] == [
        ("dragon", "", "CN", "Dragon-Vision DragonAI", 4),
        ("eagle", "", "US", None, 0),
        ("eagle-lab", "eagle", "US", "eagle", 3),
        ("eagle-research", "eagle", "US", "eagle-research", 1),
    ]


def test_build_is_idempotent(mw: Mw, env: Path) -> None:
    first = mw("build")
    second = mw("build")
    assert first.out.startswith("built: ")
    assert "4 organizations, 8 releases, 13 artifacts" in first.out
    assert second.out.startswith("already up to date: ")
    assert (env / "modelwatch.duckdb").exists()


def test_validate_ok(mw: Mw) -> None:
    assert mw("validate").out == "ok: the curated data is valid\n"


def test_report_writes_site_and_prints_leaderboard(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "site"
    r = mw("report", "--year", "2025", "--out", str(out))
    assert r.code == 0, r.err
    assert {"index.html", "releases.html", "assets", "releases-by-org-tier.png"} <= {p.name for p in out.iterdir()}
    assert "Releases per organization in 2025 (unit: release events)" in r.out
    assert r.out.splitlines()[-1] == f"wrote {out / 'index.html'} and 51 more files in {out}"
    # pages (with 2024's review), assets, charts, and 16 feed files: all, 4 organizations, 2 countries, proposals


def test_help_lists_every_command(mw: Mw) -> None:
    r = mw("--help")
    for command in ("releases", "leaderboard", "orgs", "report", "validate", "build"):
        assert command in r.out


def test_a_group_says_which_labs_it_counted(mw: Mw) -> None:
    r = mw("releases", "--org", "eagle", "--year", "2025")
    assert r.code == 0, r.err
    assert "3 releases (2025; org eagle)" in r.out
    assert "eagle is a group: counted as its labs eagle-lab, eagle-research." in r.out


@pytest.mark.parametrize("year", ["0", "-1", "99999"])
def test_a_year_without_dates_is_a_usage_error_not_all_years_or_a_crash(mw: Mw, year: str) -> None:
    for command in ("releases", "leaderboard"):
        r = mw(command, f"--year={year}")
        assert r.code == 2, (command, r.err)
        assert "Invalid value for '--year'" in r.err and "Traceback" not in r.err


@pytest.mark.parametrize(
    ("args", "title", "nav"),
    [
        # by default the latest year with releases, still being covered: "so far", to its covered-to day
        (
            (),
            "Releases per organization in 2026 (unit: release events)",
            '<strong aria-current="page">2026 (so far)</strong> · <a href="years/2025.html">2025</a> · '
            '<a href="years/2024.html">2024</a>',
        ),
        (
            ("--year", "2025"),
            "Releases per organization in 2025 (unit: release events)",
            '<a href="years/2026.html">2026 (so far)</a> · <strong aria-current="page">2025</strong> · '
            '<a href="years/2024.html">2024</a>',
        ),
    ],
)
def test_report_opens_on_the_latest_year_the_others_one_click_away(
    mw: Mw, data_dir: Path, tmp_path: Path, args: tuple[str, ...], title: str, nav: str
) -> None:
    dragon = data_dir / "orgs" / "dragon.toml"
    text = dragon.read_text(encoding="utf-8").replace("coverage_end = 2025-12-31", "coverage_end = 2026-03-31")
    dragon.write_text(
        text
        + '\n[[release]]\nid = "dragon-3"\nname = "Dragon 3"\nfamily = "dragon-3"\ndate = "2026-02"\n'
        + 'date_source = "https://example.org/dragon/blog/dragon-3"\ntier = "api"\nmodality = "language"\n'
        + 'sources = ["https://example.org/dragon/blog/dragon-3"]\n',
        encoding="utf-8",
    )
    out = tmp_path / "site"
    r = mw("report", *args, "--out", str(out))
    assert r.code == 0, r.err
    assert title in r.out
    home = (out / "index.html").read_text(encoding="utf-8")
    assert f'<nav class="years" aria-label="Year reviews">{nav}</nav>' in home
    pages = {p.relative_to(out).as_posix(): p.read_text(encoding="utf-8") for p in out.glob("years/*.html")}
    reviewed = "2025" if args else "2026"  # index.html; the other years under years/
    assert sorted(pages) == [f"years/{y}.html" for y in ("2024", "2025", "2026") if y != reviewed]
    if not args:
        assert "<h1>AI model releases in 2026 so far</h1>" in home
        assert "made public in 2026 so far, to 2026-03-31: the latest day the registry is covered to." in home
    else:
        assert "<h1>AI model releases in 2026 so far</h1>" in pages["years/2026.html"]
    # the chart files written are the reviewed year's: only its page links them
    assert "release-timeline.png" in home
    assert all("release-timeline.png" not in html for html in pages.values())


def test_serve_export_opens_on_the_latest_year_and_counts_what_it_wrote(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "site"
    r = mw("serve", "--export", str(out))
    assert r.code == 0, r.err
    # the pages with the bundled claim sets (the adoption set: its page and 6 claims) and 2024's review; the
    # feeds of all releases, 4 organizations, 2 countries and the proposals, in 2 formats each; the scripts,
    # the style and the vendored licence
    assert r.out == f"wrote 44 pages, 16 feed files and 5 assets to {out}\n"
    assert "<h1>AI model releases in 2025</h1>" in (out / "index.html").read_text(encoding="utf-8")
    assert (out / "years" / "2024.html").is_file() and not (out / "years" / "2025.html").exists()
