"""The report with a Hub dump history: adoption over time by region (share of new derivatives and downloads), and
the adoption claims beside the release claims."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.analyze.test_history import import_all
from tests.conftest import FIXTURES, Run

Mw = Callable[..., Run]
ADOPTION = """
[[claim]]
id = "china-downloads-more"
text = "China's own repos were downloaded more than the United States' in April 2025."
metric = "downloads"
subject = "China"
period = "2025-04-01..2025-04-30"
op = ">"
than = "United States"
"""


def test_the_report_shows_adoption_by_region_and_both_kinds_of_claims(mw: Mw, tmp_path: Path) -> None:
    import_all(mw, tmp_path)
    claims = tmp_path / "mixed.toml"
    claims.write_text((FIXTURES / "claims" / "fixture-claims.toml").read_text() + ADOPTION, encoding="utf-8")
    out = tmp_path / "report"
    r = mw("report", "--year", "2025", "--claims", str(claims), "--out", str(out))
    assert r.code == 0, r.err
    spec = json.loads((out / "adoption-curve.vl.json").read_text())
    assert [(v["period"], v["region"], v["share"], v["downloads"]) for v in spec["data"]["values"]] == [
        ("2025-03", "China", 1.0, 1100),
        ("2025-03", "United States", 0.0, 500),
        ("2025-04", "China", 0.6667, 3300),
        ("2025-04", "United States", 0.6667, 1500),
    ]
    assert [p["encoding"]["y"]["field"] for p in spec["vconcat"]] == ["share", "downloads"]
    home = (out / "index.html").read_text()
    release, adoption = home.index("<h3>Release claims</h3>"), home.index("<h3>Adoption claims</h3>")
    assert release < home.index("Dragon leads in 2025.") < adoption
    claim = home.index("China&#39;s own repos were downloaded more")
    assert adoption < claim
    assert '<small class="basis">Hub dump snapshot 2025-04-30</small>' in home[claim:]
    assert "3300 &gt; 1500 (all/lab)" in home[claim:]
    numbers = (out / "claims" / "mixed" / "china-downloads-more.html").read_text()
    assert '<td class="num" data-label="downloads">3,300</td>' in numbers
