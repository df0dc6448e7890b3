"""`modelwatch report`: the year review as the site's own pages, static files that open from file://.

The charts are written as PNG, SVG and Vega-Lite files first (service.report); then every page of the site
is rendered by the app in-process, with the reviewed year as the home page, into the same folder. One set of
pages: the report is the site, so the two cannot disagree.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import urlencode

from modelwatch.publish.report import ReportResult


def write_report(
    year: int, out_dir: Path, claims_file: Path | None = None, modalities: list[str] | None = None
) -> ReportResult:
    from modelwatch import service
    from modelwatch.web.app import create_app
    from modelwatch.web.export import claim_folder, export_site

    claim_folder(out_dir)  # the charts come first: a user's folder is refused before they are written
    charts = service.report(year, out_dir, claims_file, modalities)
    app = create_app(featured=claims_file, report=True)
    app.state.reviewed = year
    home = "/?" + urlencode([("year", str(year)), *(("modality", m) for m in modalities or [])])
    pages = export_site(app, out_dir, home)
    return dataclasses.replace(charts, files=[*pages.files, *charts.files])
