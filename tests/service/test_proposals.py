"""Proposals from the Hub and the three catalogues, reviewed into the curated files; `update` end to end."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from modelwatch.sources import _http
from tests.conftest import FIXTURES, SHARED_DATA
from tests.sources.fakehub import FakeHub, serve

CATALOGUES = FIXTURES / "catalogues"


@pytest.fixture
def hub_env(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "https://hub.test")
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(_http, "sleep", lambda s: None)


def _load_all(epoch_dir: Path) -> None:
    """A Hub sync and one snapshot of each catalogue, from the recorded files."""
    from modelwatch.service.catalogues import import_catalogue
    from modelwatch.service.hub import sync_hub

    sync_hub(transport=FakeHub().transport())
    import_catalogue("epoch", epoch_dir / "all_ai_models.csv")
    import_catalogue("openrouter", CATALOGUES / "openrouter" / "models.json")
    import_catalogue("modelsdev", CATALOGUES / "modelsdev" / "api" / "api.json")


def _rows() -> list[dict[str, Any]]:
    from modelwatch.service.proposals import list_proposals

    return list_proposals().rows


# A Hub repo bounds its public day: no earlier than its creation, no later than the sync that first listed
# it public (today, in these tests): a span, never a day the Hub does not give.
TODAY = dt.date.today().isoformat()
EXPECTED = [
    ("release", "dragon", "Dragon-2-Instruct-2507", f"2025-07-21..{TODAY}", "open_unrestricted", "hub"),
    ("release", "dragon", "Dragon Coder", "2025-09-01", "unknown", "epoch"),
    ("release", "dragon", "Dragon-3", f"2025-09-01..{TODAY}", "open_unrestricted", "hub"),
    ("organization", "acme", "acme", "None", "", "openrouter"),
    ("organization", "booz-allen-hamilton-mclean", "Booz Allen Hamilton, McLean", "None", "", "epoch"),
    ("change", "dragon", "dragon-2: 1 new members", "None", "", "hub"),
    ("organization", "eleutherai", "EleutherAI", "None", "", "epoch"),
    ("organization", "hostco", "hostco", "None", "", "modelsdev"),
    ("organization", "unknown-lab", "Unknown Lab", "None", "", "epoch"),
]


def test_proposals_from_the_hub_and_every_catalogue(hub_env: None, epoch_dir: Path) -> None:
    _load_all(epoch_dir)
    got = [(r["kind"], r["org"], r["name"], str(r["date"]), r["tier"], r["sources"]) for r in _rows()]
    assert got == EXPECTED


def test_every_field_says_where_it_came_from(hub_env: None, epoch_dir: Path) -> None:
    from modelwatch.service.proposals import show

    _load_all(epoch_dir)
    pid = next(r["id"] for r in _rows() if r["name"] == "Dragon-3")
    _, fields, evidence = show(pid)
    origin = {f["field"]: (f["value"], f["from"]) for f in fields.rows}
    assert str(origin["date"][0]) == f"2025-09-01..{TODAY}"
    assert origin["date"][1] == (
        f"no earlier than the Hub repo DragonAI/Dragon-3-8B was created (2025-09-01), no later than the first "
        f"sync that listed it public ({TODAY}); narrow it with the release post (accept --date)"
    )
    assert origin["date_source"] == ("https://huggingface.co/DragonAI/Dragon-3-8B", "the Hub repo's page")
    assert origin["tier"] == ("open_unrestricted", "licence Apache-2.0 in licenses.toml")
    assert origin["members"][0] == [
        "DragonAI/Dragon-3-30B-A3B",
        "DragonAI/Dragon-3-30B-A3B-FP8",
        "DragonAI/Dragon-3-8B",
        "DragonAI/Dragon-3-8B-Base",
    ]
    assert [e["ref"] for e in evidence.rows][-1] == "DragonAI/Dragon-3-30B-A3B-FP8"
    # an Epoch row stating open weights but no licence: the tier stays unknown, never guessed
    coder = next(r["id"] for r in _rows() if r["name"] == "Dragon Coder")
    origin = {f["field"]: (f["value"], f["from"]) for f in show(coder)[1].rows}
    assert origin["tier"] == ("unknown", "no licence read")
    assert "license" not in origin


def test_ids_are_stable_across_runs_and_repeated_imports(hub_env: None, epoch_dir: Path) -> None:
    _load_all(epoch_dir)
    first = [r["id"] for r in _rows()]
    _load_all(epoch_dir)  # the same files again: a second Hub sync, catalogues already imported
    assert [r["id"] for r in _rows()] == first
    assert len(set(first)) == len(first)


def test_accept_writes_only_the_new_record_and_the_file_validates(
    hub_env: None, epoch_dir: Path, data_dir: Path, mw: Callable[..., Any]
) -> None:
    _load_all(epoch_dir)
    before = (data_dir / "orgs" / "dragon.toml").read_text()
    pid = next(r["id"] for r in _rows() if r["name"] == "Dragon-3")
    r = mw("accept", pid)
    assert r.code == 0, r.err
    assert r.out.strip().endswith("added dragon-3 in " + str(data_dir / "orgs" / "dragon.toml"))
    after = (data_dir / "orgs" / "dragon.toml").read_text()
    assert after.startswith(before) and after[len(before) :].startswith('\n[[release]]\nid = "dragon-3"\n')
    assert mw("validate").code == 0
    assert pid not in [r["id"] for r in _rows()]
    listed = mw("releases", "--org", "dragon", "-f", "csv").out
    assert f"\n2025-09-01..{TODAY},dragon,CN,Dragon-3,open_unrestricted,Apache-2.0,language,4,dragon-3," in listed


def test_accept_of_a_member_change_edits_one_line(hub_env: None, epoch_dir: Path, data_dir: Path) -> None:
    from modelwatch.service.proposals import accept

    _load_all(epoch_dir)
    path = data_dir / "orgs" / "dragon.toml"
    before = path.read_text().splitlines()
    pid = next(r["id"] for r in _rows() if r["kind"] == "change")
    accept(pid, {})
    after = path.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [
        (
            'members = ["DragonAI/Dragon-2-7B", "DragonAI/Dragon-2-32B", "DragonAI/Dragon-2-235B-A22B", '
            '"DragonAI/Dragon-2-32B-FP8"]',
            'members = ["DragonAI/Dragon-2-7B", "DragonAI/Dragon-2-32B", "DragonAI/Dragon-2-235B-A22B", '
            '"DragonAI/Dragon-2-32B-FP8", "DragonAI/Dragon-2-7B-GGUF"]',
        )
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--license", "WTFPL"), "licence 'WTFPL' is not in licenses.toml"),
        (("--modality", "code", "--tier", "open_unrestricted"), "tier open_unrestricted needs a licence"),
        (("--modality", "code", "--date", "2023-05-01"), "is before the file's coverage_start 2024-01-01"),
        (("--modality", "code", "--date", "2025-13-01"), "--date: '2025-13-01' is not a calendar day"),
        # what would reach the terminal or split a row: refused before anything is read
        (
            ("--modality", "code", "--name", "Evil\x1b]0;pwned\x07Model"),
            "--name holds the control or direction character \\x1b",
        ),
        (
            ("--modality", "code", "--name", "Dragon\u202eredoC"),
            "--name holds the control or direction character \\u202e",
        ),
        (
            ("--modality", "code", "--name", "Dragon\u2028Coder"),
            "--name holds the control or direction character \\u2028",
        ),
        (("--modality", "code", "--name", "   "), "--name is blank"),
        (("--modality", "code", "--name", "D" * 100_000), "--name is 100000 characters long; at most 200"),
        (("--modality", "code", "--note", "first\r\nsecond"), "--note holds the control or direction character \\r"),
        (
            (
                "--modality",
                "code\n",
            ),
            "--modality 'code\\n' is not one of",
        ),
    ],
)
def test_accept_refuses_with_one_line_and_writes_nothing(
    hub_env: None, epoch_dir: Path, data_dir: Path, mw: Callable[..., Any], args: tuple[str, ...], message: str
) -> None:
    _load_all(epoch_dir)
    before = (data_dir / "orgs" / "dragon.toml").read_bytes()
    pid = next(r["id"] for r in _rows() if r["name"] == "Dragon Coder")
    r = mw("accept", pid, *args)
    assert r.code == 2 and message in r.err and len(r.err.strip().splitlines()) == 1, r.err
    assert "Traceback" not in r.err
    assert (data_dir / "orgs" / "dragon.toml").read_bytes() == before
    assert sorted(p.name for p in (data_dir / "orgs").iterdir()) == sorted(
        p.name for p in (FIXTURES / "registry" / "orgs").iterdir()
    )


def test_accept_never_writes_through_a_symlink(hub_env: None, epoch_dir: Path, data_dir: Path, tmp_path: Path) -> None:
    from modelwatch.errors import ModelwatchError
    from modelwatch.service.proposals import accept

    _load_all(epoch_dir)
    pid = next(r["id"] for r in _rows() if r["name"] == "Dragon-3")
    elsewhere = tmp_path / "elsewhere.toml"
    shutil.move(data_dir / "orgs" / "dragon.toml", elsewhere)
    (data_dir / "orgs" / "dragon.toml").symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    with pytest.raises(ModelwatchError, match="symbolic link"):
        accept(pid, {})
    assert elsewhere.read_bytes() == before


def test_a_rejection_is_an_omission_and_stays_rejected(
    hub_env: None, epoch_dir: Path, data_dir: Path, mw: Callable[..., Any]
) -> None:
    _load_all(epoch_dir)
    pid = next(r["id"] for r in _rows() if r["name"] == "Dragon Coder")
    r = mw("reject", pid, "--reason", "a research preview, never downloadable")
    assert r.code == 0, r.err
    text = (data_dir / "orgs" / "dragon.toml").read_text()
    assert text.endswith(
        '\n[[omission]]\nname = "Dragon Coder"\ncatalogue = "epoch"\n'
        'reason = "a research preview, never downloadable"\nurl = "https://huggingface.co/DragonAI"\n'
    )
    assert mw("validate").code == 0
    _load_all(epoch_dir)
    assert pid not in [r["id"] for r in _rows()]
    assert mw("reject", pid, "--reason", "x").code == 2


def test_accept_of_a_new_organization_creates_its_file_and_its_rows_then_resolve(
    hub_env: None, epoch_dir: Path, data_dir: Path, mw: Callable[..., Any]
) -> None:
    _load_all(epoch_dir)
    pid = next(r["id"] for r in _rows() if r["name"] == "Unknown Lab")
    assert (
        mw("accept", pid).err.strip()
        == f"modelwatch: error: {pid}: no source states the organization's kind; give --kind"
    )
    r = mw("accept", pid, "--kind", "company")
    assert r.code == 0, r.err
    assert (data_dir / "orgs" / "unknown-lab.toml").read_text() == (
        '[organization]\nid = "unknown-lab"\nname = "Unknown Lab"\ncountry = ""\nkind = "company"\nsource = ""\n\n'
        '[organization.aliases]\nepoch = ["Unknown Lab"]\n'
    )
    assert mw("validate").code == 0
    names = [(r["kind"], r["org"], r["name"]) for r in _rows()]
    assert ("release", "unknown-lab", "Mystery Model") in names
    assert ("organization", "unknown-lab", "Unknown Lab") not in names


def test_cli_lists_filters_and_shows(hub_env: None, epoch_dir: Path, mw: Callable[..., Any]) -> None:
    _load_all(epoch_dir)
    r = mw("proposals", "--kind", "release", "--since", "2025-08-01", "-f", "csv")
    assert r.code == 0, r.err
    assert [line.split(",")[3] for line in r.out.splitlines()[1:]] == ["Dragon Coder", "Dragon-3"]
    bogus = mw("proposals", "--kind", "bogus")
    assert bogus.code == 2
    assert "'bogus' is not one of 'release', 'change', 'omission', 'organization'" in bogus.err
    assert mw("proposals", "--org", "nobody").code == 2
    pid = r.out.splitlines()[1].split(",")[0]
    shown = mw("proposals", "show", pid, "-f", "json").json()
    assert shown["name"] == "Dragon Coder" and shown["evidence"][0]["source"] == "epoch"  # type: ignore[index]
    assert mw("proposals", "show", "r-0000000000").code == 2


# ------------------------------------------------------------------ update: every source over loopback HTTP


def _epoch_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.write(CATALOGUES / "epoch" / "dragon-catalogue.csv", "all_ai_models.csv")
    return buf.getvalue()


@contextmanager
def _files(files: dict[str, bytes]) -> Iterator[str]:
    """A loopback HTTP server for the catalogues' downloads."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _closed_port() -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}/models.json"


@pytest.fixture
def stand_ins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """Loopback HTTP stand-ins of all four sources; `down(source)` makes one unreachable, and
    `down(source, refused=True)` makes it answer a file that is not its format."""
    import modelwatch.sources.epoch as epoch
    import modelwatch.sources.modelsdev as modelsdev
    import modelwatch.sources.openrouter as openrouter

    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setattr(_http, "sleep", lambda s: None)
    files = {
        "/epoch/ai_models.zip": _epoch_zip(),
        "/openrouter/models.json": (CATALOGUES / "openrouter" / "models.json").read_bytes(),
        "/modelsdev/api.json": (CATALOGUES / "modelsdev" / "api" / "api.json").read_bytes(),
        "/garbage/file": b"<html>this is not a catalogue</html>",
    }
    modules = {"epoch": epoch, "openrouter": openrouter, "modelsdev": modelsdev}
    with serve(FakeHub()) as endpoint, _files(files) as base:
        monkeypatch.setenv("HF_ENDPOINT", endpoint)
        for path in files:
            if path.split("/")[1] in modules:
                monkeypatch.setattr(modules[path.split("/")[1]], "URL", base + path)

        def down(source: str, refused: bool = False) -> None:
            if refused:
                monkeypatch.setattr(modules[source], "URL", base + "/garbage/file")
            elif source == "hub":
                monkeypatch.setenv("HF_ENDPOINT", _closed_port().removesuffix("/models.json"))
            else:
                monkeypatch.setattr(modules[source], "URL", _closed_port())

        yield down


def test_update_then_accepting_every_proposal_gives_a_valid_registry_with_them(
    env: Path, data_dir: Path, stand_ins: Callable[..., None], mw: Callable[..., Any]
) -> None:
    r = mw("update", "-f", "csv")
    assert r.code == 0, r.err
    assert r.out.splitlines() == [
        "org,release,change,omission,organization,total",
        "acme,0,0,0,1,1",
        "booz-allen-hamilton-mclean,0,0,0,1,1",
        "dragon,3,1,0,0,4",
        "eleutherai,0,0,0,1,1",
        "hostco,0,0,0,1,1",
        "unknown-lab,0,0,0,1,1",
    ]
    fetched = [line.split(":")[0] for line in r.err.splitlines() if not line.startswith("modelwatch:")]
    assert fetched == ["hub", "epoch", "openrouter", "modelsdev"]
    for row in _rows():
        if row["kind"] == "organization":
            continue
        extra = ("--modality", "code") if row["name"] == "Dragon Coder" else ()
        got = mw("accept", row["id"], *extra)
        assert got.code == 0, got.err
    assert mw("validate").code == 0
    assert [r["kind"] for r in _rows()] == ["organization"] * 5
    # the Hub's spans run to today: in no one year, so listed without --year
    listed = mw("releases", "--org", "dragon", "-f", "csv").out
    for rid in ("dragon-2-instruct-2507", "dragon-coder", "dragon-3"):
        assert f",{rid},https://" in listed
    assert "DragonAI/Dragon-2-7B-GGUF" in (data_dir / "orgs" / "dragon.toml").read_text()
    again = mw("update")  # the same files again: nothing new
    assert again.code == 0 and again.out.splitlines()[:2] == ["0 new proposals", "(no rows)"], again.out
    assert "epoch: already imported" in again.err


@pytest.mark.parametrize("source", ["hub", "epoch", "openrouter", "modelsdev"])
def test_a_source_that_cannot_be_reached_is_one_line_and_the_others_go_through(
    env: Path, stand_ins: Callable[..., None], mw: Callable[..., Any], source: str
) -> None:
    stand_ins(source)
    r = mw("update", "-f", "csv")
    assert r.code == 1, r.err  # a source failed: the others went through, and the exit status says so
    failed = [line for line in r.err.splitlines() if line.startswith("not reached")]
    assert len(failed) == 1 and failed[0].startswith(f"not reached: {source}: "), r.err
    assert "Traceback" not in r.err
    others = [s for s in ("hub", "epoch", "openrouter", "modelsdev") if s != source]
    fetched = [line.split(":")[0] for line in r.err.splitlines() if not line.startswith(("not reached", "modelwatch:"))]
    assert fetched == others


# ------------------------------------------------------------------ counts say when they are partial


def test_counts_over_a_period_past_coverage_name_the_organizations(
    env: Path, data_dir: Path, mw: Callable[..., Any], tmp_path: Path
) -> None:
    toml = data_dir / "orgs" / "dragon.toml"
    toml.write_text(toml.read_text().replace("coverage_end = 2025-12-31", "coverage_end = 2025-06-30"))
    r = mw("leaderboard", "--year", "2025")
    assert "Partial: coverage of 4 organization(s) ends before 2025-12-31" in r.out
    assert "2025-06-30: dragon" in " ".join(r.out.split())  # the caption wraps at the terminal's width
    assert "Partial" not in mw("leaderboard", "--year", "2024", "--org", "dragon").out
    assert "2025-06-30: dragon" in mw("releases", "--year", "2025", "--org", "dragon").out
    claims = tmp_path / "claims.toml"
    claims.write_text(
        '[[claim]]\nid = "d25"\ntext = "Dragon made a release in 2025."\nmetric = "releases"\n'
        'subject = "dragon"\nperiod = "2025"\nop = ">="\nvalue = 1\n'
    )
    checked = mw("check", str(claims))
    assert checked.code == 1
    assert "verdict: undecidable: coverage ends 2025-06-30 for dragon, before 2025 does" in checked.out
    # a period wholly past every organization's coverage is refused, naming what is covered
    assert mw("leaderboard", "--year", "2026").err == (
        "modelwatch: error: the registry covers 2024-01-01 to 2025-06-30; 2026 lies outside it\n"
    )


def test_a_source_check_with_nothing_pending_extends_coverage(
    hub_env: None, epoch_dir: Path, data_dir: Path, mw: Callable[..., Any]
) -> None:
    from modelwatch.service.proposals import accept

    toml = data_dir / "orgs" / "dragon.toml"
    toml.write_text(toml.read_text().replace("coverage_end = 2025-12-31", "coverage_end = 2025-06-30"))
    _load_all(epoch_dir)
    # the Hub sync is newer than the review day, but Dragon 2 2507 (2025-07-21) waits for review
    assert "covered to 2025-07-20: dragon" in mw("leaderboard", "--year", "2025").out.replace("\n", " ")
    for row in _rows():
        if row["kind"] == "release":
            accept(row["id"], {"modality": "code"} if row["name"] == "Dragon Coder" else {})
    out = mw("leaderboard", "--year", "2025", "--org", "dragon").out
    assert "Partial" not in out


# ------------------------------------------------------------------ the Epoch AI file of the shared data


def _epoch_file() -> Path:
    """The shared data folder beside the checkout (or beside a folder of worktrees)."""
    rel = Path("epoch-ai-2026-03-30") / "all_ai_models.csv"
    found = [d / "shared" / "data" / rel for d in Path(__file__).resolve().parents[2:5]]
    return next((f for f in [SHARED_DATA / rel, *found] if f.exists()), SHARED_DATA / rel)


EPOCH_FILE = _epoch_file()


@pytest.mark.slow
@pytest.mark.skipif(not EPOCH_FILE.exists(), reason="the shared Epoch AI file is not on this machine")
def test_proposals_from_the_real_epoch_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelwatch.service.catalogues import import_catalogue
    from modelwatch.service.proposals import list_proposals

    monkeypatch.setenv("MODELWATCH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("MODELWATCH_DATA", raising=False)
    import_catalogue("epoch", EPOCH_FILE)
    t0 = time.perf_counter()
    rows = list_proposals().rows
    seconds = time.perf_counter() - t0
    assert seconds < 30
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)) and ids == [r["id"] for r in list_proposals().rows]
    assert {r["kind"] for r in rows} <= {"release", "change", "omission", "organization"}
    # never the day of the import: every dated release proposal is on or before the snapshot's day
    assert all(r["date"] is None or str(r["date"]) <= "2026-03-30" for r in rows if r["kind"] == "release")


def test_a_rejected_organization_is_listed_as_left_out_and_stays_rejected(
    hub_env: None, epoch_dir: Path, data_dir: Path, mw: Callable[..., Any]
) -> None:
    _load_all(epoch_dir)
    pid = next(r["id"] for r in _rows() if r["name"] == "hostco")
    r = mw("reject", pid, "--reason", "a hosting provider, not a developer of models")
    assert r.code == 0, r.err
    assert (
        (data_dir / "omitted-organizations.toml")
        .read_text()
        .endswith(
            '\n[[omission]]\nname = "hostco"\ncatalogue = "modelsdev"\n'
            'reason = "a hosting provider, not a developer of models"\n'
        )
    )
    assert mw("validate").code == 0
    assert "hostco" not in [r["name"] for r in _rows()]


def test_a_row_the_catalogue_says_was_never_released_is_an_omission_proposal(
    hub_env: None, epoch_dir: Path, data_dir: Path, mw: Callable[..., Any]
) -> None:
    with (epoch_dir / "all_ai_models.csv").open("a") as fh:
        fh.write(
            "Dragon Reasoner Preview,Language,Dragon AI,2025-10-01,https://example.org/dragon/reasoner,"
            "Unreleased,China,2026-01-12 10:00:00+00:00,,No,\n"
        )
    _load_all(epoch_dir)
    row = next(r for r in _rows() if r["kind"] == "omission")
    assert (row["org"], row["name"], str(row["date"])) == ("dragon", "Dragon Reasoner Preview", "2025-10-01")
    assert mw("reject", row["id"], "--reason", "x").code == 2
    r = mw("accept", row["id"])
    assert r.code == 0, r.err
    assert (
        (data_dir / "orgs" / "dragon.toml")
        .read_text()
        .endswith(
            '\n[[omission]]\nname = "Dragon Reasoner Preview"\ncatalogue = "epoch"\ndate = 2025-10-01\n'
            'reason = "without public weights or API (Epoch AI: unreleased): not a release (rule 6)"\n'
            'url = "https://example.org/dragon/reasoner"\n'
        )
    )
    assert "Dragon Reasoner Preview" not in [r["name"] for r in _rows()]


@pytest.mark.parametrize(
    ("name", "omission"),
    [
        (
            "Dragon-3",
            '\n[[omission]]\nname = "Dragon-3"\ncatalogue = "hub"\nreason = "why"\n'
            'url = "https://huggingface.co/DragonAI/Dragon-3-8B"\n',
        ),
        (
            "dragon-2: 1 new members",
            '\n[[omission]]\nname = "DragonAI/Dragon-2-7B-GGUF"\ncatalogue = "hub"\nreason = "why"\n'
            'url = "https://huggingface.co/DragonAI/Dragon-2-7B-GGUF"\n',
        ),
    ],
)
def test_a_rejected_hub_proposal_stays_rejected_after_the_next_sync(
    hub_env: None, epoch_dir: Path, data_dir: Path, name: str, omission: str
) -> None:
    from modelwatch.service.proposals import reject

    _load_all(epoch_dir)
    pid = next(r["id"] for r in _rows() if r["name"] == name)
    reject(pid, "why")
    assert (data_dir / "orgs" / "dragon.toml").read_text().endswith(omission)
    _load_all(epoch_dir)
    assert name not in [r["name"] for r in _rows()]


def test_with_nothing_synced_or_imported_proposals_says_what_to_run(env: Path, mw: Callable[..., Any]) -> None:
    r = mw("proposals")
    assert r.code == 2
    assert r.err.strip().splitlines()[-1] == (
        "modelwatch: error: no Hub sync or catalogue snapshot in the store yet; run `modelwatch update`, "
        "or `modelwatch import epoch FILE` to work offline"
    )


@pytest.mark.parametrize("source", ["epoch", "openrouter", "modelsdev"])
def test_a_download_that_is_not_the_format_is_refused_and_not_kept(
    env: Path, stand_ins: Callable[..., None], mw: Callable[..., Any], source: str
) -> None:
    stand_ins(source, refused=True)
    r = mw("update", "--source", source, "-f", "csv")
    assert r.code == 1, r.err
    failed = [line for line in r.err.splitlines() if line.startswith("not reached")]
    assert len(failed) == 1 and failed[0].startswith(f"not reached: {source}: "), r.err
    folder = env / "catalogues" / source
    assert not folder.exists() or list(folder.iterdir()) == []  # the refused download is gone
    assert mw("update", "--source", "hub", "-f", "csv").code == 0  # every source reached: exit 0


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("bad\x07bell", "--reason holds the control or direction character \\x07"),
        ("x" * 5000, "--reason is 5000 characters long; at most 2000"),
    ],
)
def test_reject_refuses_a_reason_that_would_break_a_line(
    hub_env: None, epoch_dir: Path, data_dir: Path, mw: Callable[..., Any], reason: str, message: str
) -> None:
    _load_all(epoch_dir)
    before = (data_dir / "orgs" / "dragon.toml").read_bytes()
    pid = next(r["id"] for r in _rows() if r["name"] == "Dragon Coder")
    r = mw("reject", pid, "--reason", reason)
    assert r.code == 2 and message in r.err and len(r.err.strip().splitlines()) == 1, r.err
    assert (data_dir / "orgs" / "dragon.toml").read_bytes() == before
