"""Clustering quality: pairwise precision and recall against a labelled set of real first-party repos.

Checked in tests/test_cluster.py and timed by bench/bench_clustering.py.

tests/fixtures/clustering/labelled.csv lists repo ids with their organization, creation date and the
release each belongs to. Two repos of one organization form a pair when they share a release; precision
is the share of pairs clustering makes that the labels agree with, recall the share of labelled pairs
clustering finds.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

LABELLED = Path(__file__).resolve().parents[1] / "fixtures" / "clustering" / "labelled.csv"


def load(path: Path = LABELLED) -> list[dict[str, str]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def _pairs(groups: dict[str, set[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for members in groups.values():
        out.update(itertools.combinations(sorted(members), 2))
    return out


def evaluate(rows: list[dict[str, str]], window_days: int | None = None) -> dict[str, Any]:
    from modelwatch.cluster import WINDOW_DAYS, Repo, cluster_org

    window = WINDOW_DAYS if window_days is None else window_days
    by_org: dict[str, list[Repo]] = defaultdict(list)
    truth: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        by_org[r["org"]].append(Repo(r["repo_id"], dt.date.fromisoformat(r["created"])))
        truth[f"{r['org']}/{r['release']}"].add(r["repo_id"])
    found: dict[str, set[str]] = {}
    start = time.perf_counter()
    for org, repos in by_org.items():
        for rel in cluster_org(org, repos, window):
            found[rel.id] = set(rel.repo_ids)
    seconds = time.perf_counter() - start
    want, got = _pairs(truth), _pairs(found)
    tp = len(want & got)
    return {
        "repos": len(rows),
        "organizations": len(by_org),
        "labelled_releases": len(truth),
        "clustered_releases": len(found),
        "window_days": window,
        "pairwise_precision": round(tp / len(got), 4) if got else 1.0,
        "pairwise_recall": round(tp / len(want), 4) if want else 1.0,
        "exact_releases": sum(1 for members in truth.values() if members in found.values()),
        "seconds": round(seconds, 4),
        "false_pairs": sorted(f"{a} + {b}" for a, b in got - want)[:15],
        "missed_pairs": sorted(f"{a} + {b}" for a, b in want - got)[:15],
    }
