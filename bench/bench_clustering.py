"""Clustering quality: pairwise precision and recall against a labelled set (tests/support/clustering.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.clustering import evaluate, load


def run() -> dict[str, object]:
    return evaluate(load())


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
