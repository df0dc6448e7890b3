"""The report in real headless Chromium: offline from file://, no console errors, charts drawn."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Run

Mw = Callable[..., Run]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make system-deps)")
@pytest.mark.parametrize("data", ["registry", "hostile"])
def test_report_in_chromium(mw: Mw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: str) -> None:
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("MODELWATCH_DATA", str(FIXTURES / data))
    out = tmp_path / "site"
    claims = FIXTURES / "claims" / "fixture-claims.toml"
    assert mw("report", "--year", "2025", "--out", str(out), "--claims", str(claims)).code == 0
    errors: list[str] = []
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("request", lambda r: requests.append(r.url))

        def dismiss(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", dismiss)
        page.goto((out / "index.html").as_uri())
        page.wait_for_function("document.querySelectorAll('div.vl svg.marks').length === 5", timeout=20_000)
        pwned = page.evaluate("window.pwned === undefined")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"report-{data}.png"), full_page=True)
        page.goto((out / "releases.html").as_uri())
        browser.close()
    assert errors == []
    assert dialogs == []
    assert pwned
    assert [u for u in requests if not u.startswith("file://")] == []
