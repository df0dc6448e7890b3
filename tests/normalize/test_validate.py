"""Every validation error is one line naming the file and the record, with exit status 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Mw = Callable[..., Run]

GOOD = """
[[release]]
id = "dragon-3"
name = "Dragon 3"
family = "dragon-3"
date = 2025-09-01
tier = "open_unrestricted"
license = "Apache-2.0"
modality = "language"
members = ["DragonAI/Dragon-3-8B"]
api_models = []
sources = ["https://example.org/dragon/blog/dragon-3"]
"""


def _variant(**changes: str | None) -> str:
    """GOOD with some `key = value` lines replaced (None drops the line)."""
    lines = []
    for line in GOOD.strip().splitlines():
        key = line.split(" = ")[0]
        if key in changes:
            if changes[key] is not None:
                lines.append(f"{key} = {changes[key]}")
        else:
            lines.append(line)
    return "\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("snippet", "line"),
    [
        # names are shown on one line of a table: no escape sequences, line breaks or direction overrides
        (
            _variant(name='"Evil\\u001b]0;pwned\\u0007Model"'),
            "orgs/dragon.toml: release dragon-3: name: name holds the control or direction character \\x1b",
        ),
        (
            _variant(name='"Dragon\\r\\n3"'),
            "orgs/dragon.toml: release dragon-3: name: name holds the control or direction character \\r",
        ),
        (
            _variant(name='"Dragon \\u202e3"'),
            "orgs/dragon.toml: release dragon-3: name: name holds the control or direction character \\u202e",
        ),
        (
            _variant(name=f'"{"D" * 201}"'),
            "orgs/dragon.toml: release dragon-3: name: name is 201 characters long; at most 200",
        ),
        (
            _variant(tier='"opne"'),
            "orgs/dragon.toml: release dragon-3: tier: Input should be 'open_unrestricted', "
            "'open_restricted', 'open_noncommercial', 'api', 'hosted', 'unreleased' or 'unknown'",
        ),
        (
            _variant(date='"2025-13-01"'),
            "orgs/dragon.toml: release dragon-3: date: '2025-13-01' is not a calendar day",
        ),
        (
            _variant(id='"dragon-2"'),
            "orgs/dragon.toml: release dragon-2: duplicate release id (first in orgs/dragon.toml)",
        ),
        (_variant(sources="[]"), "orgs/dragon.toml: release dragon-3: no source URL"),
        (
            _variant(sources='["example.org/x"]'),
            "orgs/dragon.toml: release dragon-3: sources: source 'example.org/x' is not a URL",
        ),
        (
            _variant(members='["Dragon-3-8B"]'),
            "orgs/dragon.toml: release dragon-3: members: member 'Dragon-3-8B' is not a Hub repo id (owner/name)",
        ),
        # each artifact counts once in the `artifacts` unit, so a repeated id is refused
        (
            _variant(members='["DragonAI/Dragon-3-8B", "dragonai/dragon-3-8b"]'),
            "orgs/dragon.toml: release dragon-3: member 'dragonai/dragon-3-8b' is listed twice "
            "(each artifact counts once)",
        ),
        (
            _variant(api_models='["dragon-3", "dragon-3"]'),
            "orgs/dragon.toml: release dragon-3: api model 'dragon-3' is listed twice (each artifact counts once)",
        ),
        (
            _variant(members='["SomeoneElse/Dragon-3-8B"]'),
            "orgs/dragon.toml: release dragon-3: member "
            "'SomeoneElse/Dragon-3-8B' is not under a Hub namespace of dragon (aliases.hub)",
        ),
        (
            _variant(members='["DragonAI/Dragon-2-7B"]'),
            "orgs/dragon.toml: release dragon-3: member 'DragonAI/Dragon-2-7B' is also a member of release dragon-2",
        ),
        (
            _variant(date="2023-06-01"),
            "orgs/dragon.toml: release dragon-3: date 2023-06-01 is before the file's coverage_start 2024-01-01",
        ),
        (_variant(license='"WTFPL"'), "orgs/dragon.toml: release dragon-3: licence 'WTFPL' is not in licenses.toml"),
        (_variant(license='""'), "orgs/dragon.toml: release dragon-3: tier open_unrestricted needs a licence"),
        (
            _variant(license='"CC-BY-NC-4.0"'),
            "orgs/dragon.toml: release dragon-3: tier open_unrestricted "
            "contradicts licence CC-BY-NC-4.0 (open_noncommercial)",
        ),
        (
            _variant(tier='"api"'),
            "orgs/dragon.toml: release dragon-3: closed tier api with an open-weights licence 'Apache-2.0'",
        ),
        (
            _variant(modality='"smell"'),
            "orgs/dragon.toml: release dragon-3: modality: modality 'smell' is not one of "
            "3d, audio, code, embedding, image, language, multimodal, other, robotics, science, speech, video, "
            "vision-language, world",
        ),
        (_variant(family='"Dragon 3"'), "orgs/dragon.toml: release dragon-3: family 'Dragon 3' is not a slug"),
        (_variant(name=None), "orgs/dragon.toml: release dragon-3: name: missing"),
        (GOOD + 'released = "yes"\n', "orgs/dragon.toml: release dragon-3: released: unknown field"),
        (
            GOOD + 'developers = ["nobody"]\n',
            "orgs/dragon.toml: release dragon-3: developer 'nobody' is not a known organization",
        ),
        (
            GOOD + 'developers = ["dragon"]\n',
            "orgs/dragon.toml: release dragon-3: developer 'dragon' is the lead organization; list co-developers only",
        ),
        ("\n[[release]]\nid = ", "orgs/dragon.toml: file: not valid TOML: Invalid value (at end of document)"),
    ],
)
def test_bad_release_is_one_line(mw: Mw, data_dir: Path, snippet: str, line: str) -> None:
    with (data_dir / "orgs" / "dragon.toml").open("a") as fh:
        fh.write(snippet)
    r = mw("validate")
    assert r.code == 2
    assert r.err.splitlines() == [line, "modelwatch: 1 problem(s) found"]
    assert "Traceback" not in r.err


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (
            'country = "CN"',
            'country = "China"',
            "orgs/dragon.toml: organization dragon: country: country 'China' is not an ISO 3166-1 alpha-2 code",
        ),
        (
            'id = "dragon"',
            'id = "dragon-ai"',
            "orgs/dragon.toml: organization dragon-ai: id must match the file name 'dragon'",
        ),
        (
            'kind = "company"',
            'kind = "startup"',
            "orgs/dragon.toml: organization dragon: kind: kind 'startup' is not "
            "one of academic, company, government, group, nonprofit",
        ),
        (
            'hub = ["DragonAI", "Dragon-Vision"]',
            'hub = ["DragonAI", "Dragon-Vision", "eagle"]',
            "orgs/eagle-lab.toml: organization eagle-lab: Hub namespace 'eagle' is also claimed by dragon",
        ),
        (
            'hub = ["DragonAI", "Dragon-Vision"]',
            'hub = ["DragonAI", ""]',
            "orgs/dragon.toml: organization dragon: aliases: aliases.hub holds an empty name",
        ),
        (
            'hub = ["DragonAI", "Dragon-Vision"]',
            'hub = ["DragonAI", "Dragon Vision"]',
            "orgs/dragon.toml: organization dragon: aliases: aliases.hub 'Dragon Vision' is not a "
            "Hub namespace (letters, digits, '-', '_', '.')",
        ),
        (
            'epoch = ["Dragon AI", "Dragon"]',
            'epoch = ["Dragon AI", " "]',
            "orgs/dragon.toml: organization dragon: aliases: aliases.epoch holds an empty name",
        ),
        (
            'country = "CN"',
            'country = "CN"\nparent = "tiger"',
            "orgs/dragon.toml: organization dragon: parent 'tiger' is not a known organization",
        ),
    ],
)
def test_bad_organization_is_one_line(mw: Mw, data_dir: Path, old: str, new: str, line: str) -> None:
    path = data_dir / "orgs" / "dragon.toml"
    path.write_text(path.read_text().replace(old, new, 1))
    r = mw("validate")
    assert (r.code, r.err.splitlines()[0]) == (2, line)


def test_future_date_is_rejected(mw: Mw, data_dir: Path) -> None:
    path = data_dir / "orgs" / "eagle-research.toml"
    path.write_text(path.read_text() + _variant(id='"et-2"', members="[]").replace("2025-09-01", "2099-01-01"))
    r = mw("validate")
    assert r.err.splitlines()[0] == "orgs/eagle-research.toml: release et-2: date 2099-01-01 is in the future"


def test_every_problem_is_reported_at_once(mw: Mw, data_dir: Path) -> None:
    with (data_dir / "orgs" / "dragon.toml").open("a") as fh:
        fh.write(_variant(sources="[]") + _variant(id='"dragon-4"', tier='"maybe"'))
    r = mw("validate")
    assert r.err.splitlines()[-1] == "modelwatch: 2 problem(s) found"


def test_labs_of_one_group_may_share_a_namespace(mw: Mw, data_dir: Path) -> None:
    path = data_dir / "orgs" / "eagle-research.toml"
    text = path.read_text().replace('hub = ["eagle-research"]', 'hub = ["eagle-research", "eagle"]')
    path.write_text(text.replace('members = ["eagle-research/eagle-time-1.0"]', 'members = ["eagle/eagle-time-1.0"]'))
    assert mw("validate").code == 0


@pytest.mark.parametrize(
    ("snippet", "line"),
    [
        (
            '\n[[omission]]\nname = "Dragon-2-7B-AWQ"\nreason = ""\n',
            "orgs/dragon.toml: omission Dragon-2-7B-AWQ: reason: an omission needs a reason",
        ),
        (
            '\n[[omission]]\nname = "Dragon-2-7B-AWQ"\nreason = "re-pack"\nwhy = "x"\n',
            "orgs/dragon.toml: omission Dragon-2-7B-AWQ: why: unknown field",
        ),
        (
            '\n[[omission]]\nname = "Dragon-3"\nreason = "no confirmed day"\n',
            "orgs/dragon.toml: omission Dragon-3: an omission needs the catalogue that lists the model or a url that "
            "shows it exists",
        ),
        (
            "\n[[omision]]\n",
            "orgs/dragon.toml: omision: unknown table (expected [organization], [[release]], [[omission]])",
        ),
    ],
)
def test_bad_omission_is_one_line(mw: Mw, data_dir: Path, snippet: str, line: str) -> None:
    with (data_dir / "orgs" / "dragon.toml").open("a") as fh:
        fh.write(snippet)
    r = mw("validate")
    assert (r.code, r.err.splitlines()[0]) == (2, line)


def test_omission_with_reason_is_valid(mw: Mw, data_dir: Path) -> None:
    with (data_dir / "orgs" / "dragon.toml").open("a") as fh:
        fh.write('\n[[omission]]\nname = "Dragon-2-7B-AWQ"\ncatalogue = "epoch"\nreason = "re-pack of Dragon 2"\n')
    assert mw("validate").code == 0


def test_an_unreadable_licences_file_is_one_problem_not_one_per_release(mw: Mw, data_dir: Path) -> None:
    (data_dir / "licenses.toml").write_text("[[license]\n")
    r = mw("validate")
    assert r.code == 2
    assert r.err.splitlines() == [
        "licenses.toml: file: not valid TOML: Expected ']]' at the end of an array declaration (at line 1, column 10)",
        "modelwatch: 1 problem(s) found",
    ]


def test_a_broken_licences_file_is_a_few_lines_not_one_per_release(mw: Mw, data_dir: Path) -> None:
    # every entry refused for the same reason, and every release naming one: two lines, not one per record
    path = data_dir / "licenses.toml"
    text = path.read_text()
    path.write_text("\n".join('tier = "opn"' if line.startswith("tier = ") else line for line in text.splitlines()))
    r = mw("validate")
    lines = r.err.splitlines()
    assert r.code == 2 and len(lines) == 3, r.err
    assert lines[0].startswith("licenses.toml: license ") and lines[0].endswith(
        "more record(s) of licenses.toml with the same problem)"
    )
    assert lines[1].startswith("licenses.toml: file: ") and lines[1].endswith(
        "of the licences refused above; fix those entries first"
    )
