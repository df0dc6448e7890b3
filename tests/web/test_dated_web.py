"""A release dated to a month, on the site: in its month's bar, and in the explorer's month that the bar opens."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

from tests.analyze.test_dated_releases import add_dated
from tests.conftest import Run
from tests.web.conftest import start

Mw = Callable[..., Run]


def test_a_month_dated_release_is_in_its_months_bar_and_in_the_month_the_bar_opens(
    mw: Mw, data_dir: Path, tmp_path: Path
) -> None:
    from modelwatch.web.charts import _review_link

    add_dated(data_dir)
    out = tmp_path / "site"
    assert mw("report", "--year", "2025", "--out", str(out)).code == 0
    spec = json.loads((out / "open-closed-by-country-month.vl.json").read_text())
    april = [(v["country"], v["openness"], v["n"]) for v in spec["data"]["values"] if v["month"] == "2025-04"]
    assert april == [("CN", "open", 1)]  # Dragon Spring, dated "2025-04"
    # the span 2025-06-20..2025-07-05 lies in no one month: said in the subtitle, in no bar
    assert spec["title"]["subtitle"][1].startswith("1 release(s) dated only to a quarter, a year or a span of months")

    href = _review_link("open-closed-by-country-month", {"month": "2025-04", "country": "CN", "openness": "open"}, ())
    assert href == "/releases?country=CN&openness=open&from=2025-04-01&to=2025-04-30"
    data = tmp_path / "data-for-server"
    shutil.copytree(data_dir, data)
    for server in start(tmp_path / "home", data):
        page = server.get(href)
        assert page.status == 200 and "Dragon Spring" in page.text and ">2025-04<" in page.text
        rows = server.get("/api/v1/releases?from=2025-04-01&to=2025-04-30").json()["rows"]  # type: ignore[index]
        assert [(r["id"], r["date"], r["date_precision"]) for r in rows] == [("dragon-spring", "2025-04", "month")]
