from __future__ import annotations

import datetime as dt

import pytest

from modelwatch.cluster import Repo, cluster_org

D = dt.date.fromisoformat


def _groups(repos: list[tuple[str, str]]) -> list[list[str]]:
    return [sorted(r.repo_ids) for r in cluster_org("x", [Repo(i, D(d)) for i, d in repos])]


@pytest.mark.parametrize(
    ("repos", "groups"),
    [
        # rule 1 + 2: sizes and variants launched together are one release
        (
            [("Q/Qwen3-8B", "2025-04-27"), ("Q/Qwen3-8B-Base", "2025-04-28"), ("Q/Qwen3-235B-A22B", "2025-04-29")],
            [["Q/Qwen3-235B-A22B", "Q/Qwen3-8B", "Q/Qwen3-8B-Base"]],
        ),
        # rule 3: a re-pack joins its model's release, even weeks later
        (
            [("Q/Qwen3-8B", "2025-04-27"), ("Q/Qwen3-8B-GGUF", "2025-06-20")],
            [["Q/Qwen3-8B", "Q/Qwen3-8B-GGUF"]],
        ),
        # rule 4: a date code starts a new release; so does the family after the window
        (
            [("Q/Qwen3-4B", "2025-04-27"), ("Q/Qwen3-4B-Instruct-2507", "2025-04-28"), ("Q/Qwen3-1B", "2025-06-01")],
            [["Q/Qwen3-4B"], ["Q/Qwen3-4B-Instruct-2507"], ["Q/Qwen3-1B"]],
        ),
        # rule 5: another purpose is another family, even on the same day
        (
            [("Q/Qwen3-8B", "2025-04-27"), ("Q/Qwen3-VL-8B", "2025-04-27")],
            [["Q/Qwen3-8B"], ["Q/Qwen3-VL-8B"]],
        ),
        # rule 8: companions under the flagship's name join it
        (
            [("d/DeepSeek-R1", "2025-01-20"), ("d/DeepSeek-R1-Distill-Qwen-7B", "2025-01-20")],
            [["d/DeepSeek-R1", "d/DeepSeek-R1-Distill-Qwen-7B"]],
        ),
        (
            [("g/t5gemma-2b", "2025-07-09"), ("g/t5gemma-b-b-ul2", "2025-07-09")],
            [["g/t5gemma-2b", "g/t5gemma-b-b-ul2"]],
        ),
    ],
)
def test_cluster(repos: list[tuple[str, str]], groups: list[list[str]]) -> None:
    assert _groups(repos) == groups


def test_each_release_records_its_rule() -> None:
    rels = cluster_org(
        "alibaba",
        [
            Repo("Qwen/Qwen3-8B", D("2025-04-27")),
            Repo("Qwen/Qwen3-8B-FP8", D("2025-04-28")),
            Repo("Qwen/Qwen3-4B", D("2025-04-29")),
            Repo("Qwen/Qwen3-4B-Instruct-2507", D("2025-08-05")),
        ],
    )
    assert [(r.id, r.rule) for r in rels] == [
        ("alibaba-qwen3-2025-04-27", "first qwen3 repo; same family qwen3 within 14 days"),
        ("alibaba-qwen3-2507", "date code 2507 starts a new release of qwen3"),
    ]
    assert [m.reason for m in rels[0].members] == [
        "first qwen3 repo",
        "same family qwen3 within 14 days",
        "re-pack (FP8) of Qwen/Qwen3-8B",
    ]


def test_labelled_fixture_precision_and_recall_stay_above_095() -> None:
    from tests.support.clustering import evaluate, load

    result = evaluate(load())
    assert result["repos"] >= 150 and result["organizations"] >= 8
    assert result["pairwise_precision"] >= 0.95
    assert result["pairwise_recall"] >= 0.95
