"""What every table and column of the store means, with its unit: docs/schema.md is generated from this.

The types come from the schema itself (`described` reads them from a migrated store), the words from here. A
migration that adds a column without adding its words here fails the tests and `make lint`
(scripts/schema_reference.py --check): a column nobody can read about is one nobody can query rightly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class Column:
    meaning: str
    unit: str = ""  # what a number counts or how a value is written; '' when the meaning says it all


@dataclass(frozen=True)
class Table:
    meaning: str
    columns: dict[str, Column]
    internal: bool = False  # modelwatch's own bookkeeping: readable, but not a question's data


@dataclass(frozen=True)
class Field:
    """A column as a reader meets it: its name, DuckDB type, whether it may be empty, meaning and unit."""

    name: str
    type: str
    nullable: bool
    meaning: str
    unit: str


C = Column
DAY = "YYYY-MM-DD"
UTC = "UTC, stored without a zone"
IMPORT = C("the import that wrote this row (`imports.import_id`)")
ORG = C("the organization's id (`organizations.id`)")
RELEASE = C("the release's id (`releases.id`)")
HUB_ID = "Hub repo id, owner/name"
DOWNLOADS = C("downloads in the Hub's last-30-days window, as the Hub reported them", "downloads")
DOWNLOADS_ALL = C("downloads since the repo was created, as the Hub reported them", "downloads")
LIKES = C("likes on the Hub", "likes")
RELATION = "finetune | quantized | adapter | merge"

STORE: dict[str, Table] = {
    "imports": Table(
        "The import log: one row per import of any input (the registry build, a catalogue, a Hub sync or dump).",
        {
            "import_id": C("the import's number, in the order imports ran"),
            "source": C("what was imported: registry | epoch | openrouter | modelsdev | hub | hub-dump"),
            "path": C("the file, folder or endpoint it was read from"),
            "digest": C("what identifies the input; `digest_kind` says which kind of digest it is"),
            "digest_kind": C(
                "content (SHA-256 of the file; of a folder, of its files' names and bytes) | data-version (the "
                "registry's 16-hex-digit data version) | sync-figures (SHA-256 of a Hub sync's ids, downloads, likes "
                "and derivative links)"
            ),
            "retrieved_at": C("when the import ran", "the local time of the machine, without a zone"),
            "as_of": C(
                "the day the input describes (a catalogue's latest date, a dump's --as-of day, the day of a registry "
                "build or Hub sync); empty if unknown",
                DAY,
            ),
            "rows": C("rows the import read", "rows"),
        },
    ),
    "organizations": Table(
        "The organizations of the curated registry (modelwatch/data/orgs/*.toml), one row each.",
        {
            "id": C("stable slug, the file's name"),
            "name": C("display name"),
            "parent": C("the id of its group organization; empty when it has none"),
            "group_id": C("the group it is counted in: its parent, else itself"),
            "country": C("headquarters country", "ISO 3166-1 alpha-2"),
            "kind": C("company | academic | nonprofit | government | group"),
            "homepage": C("its home page; empty when the file gives none", "URL"),
            "source": C("where its name and country can be read", "URL"),
            "coverage_start": C("the first day its file claims to cover completely; empty if not stated", DAY),
            "coverage_end": C(
                "the day its last complete review's evidence reaches (its 'covered to' day is derived from it and "
                "the last source checks); empty if not stated",
                DAY,
            ),
            "file": C("the curated file it comes from"),
            "import_id": IMPORT,
        },
    ),
    "org_aliases": Table(
        "Other names of an organization: its Hub namespaces and how catalogues spell it.",
        {
            "org_id": ORG,
            "kind": C("hub | epoch | openrouter | modelsdev | other"),
            "alias": C("the name (a Hub namespace in its exact case)"),
        },
    ),
    "licenses": Table(
        "The licences of modelwatch/data/licenses.toml, each with the openness tier it gives a release.",
        {
            "id": C("SPDX id where one exists, else a readable slug (llama3.1)"),
            "name": C("the licence's name"),
            "tier": C("the openness tier a release under it gets (see `releases.tier`)"),
            "source": C("where the licence's terms can be read", "URL"),
            "note": C("why this tier, when not obvious; empty otherwise"),
            "import_id": IMPORT,
        },
    ),
    "license_tags": Table(
        "The Hub `license:` tag values that mean a licence.",
        {"license_id": C("the licence (`licenses.id`)"), "tag": C("the Hub tag value")},
    ),
    "releases": Table(
        "The release events of the curated registry: one row per launch (docs/counting-rules.md).",
        {
            "id": C("globally unique slug"),
            "org_id": C("the releasing (lead) organization (`organizations.id`)"),
            "name": C("display name of the launch"),
            "family": C("family key, shared by successive releases of one model line"),
            "date": C("the earliest day the release can have been public (its public day when known to the day)", DAY),
            "announced": C("the announcement day, when it differs or is known; empty otherwise", DAY),
            "hub_created": C("the earliest Hub creation day of its repos, as evidence; empty if not read", DAY),
            "tier": C(
                "openness tier: open_unrestricted | open_restricted | open_noncommercial | api | hosted | unreleased "
                "| unknown"
            ),
            "openness": C(
                "the tier in one word: open (weights downloadable) | closed (API or hosted only) | unreleased | "
                "unknown (never counted as closed)"
            ),
            "license": C("the licence id (`licenses.id`); empty for closed or unknown"),
            "modality": C("language | vision-language | multimodal | image | video | speech | audio | embedding | ..."),
            "sizes": C("the parameter counts its sources state; empty when none is stated", "as written: 7B, 30B-A3B"),
            "note": C("what is uncertain, why it is grouped so, which counting rule applied"),
            "rule": C("the rule that made it one release: registry for curated records"),
            "artifact_count": C(
                "the artifacts it counts for in the `artifacts` unit: its Hub repos and API ids, at least 1",
                "artifacts",
            ),
            "file": C("the curated file it comes from"),
            "import_id": IMPORT,
            "date_latest": C(
                "the latest day the release can have been public (the earliest, for a date known to the day)", DAY
            ),
            "date_precision": C("how precise the date is: day | month | quarter | year | span"),
            "date_label": C("the date as written: 2026-08-14, 2026-08, 2026-Q3, 2026 or 2026-08-03..2026-08-14"),
            "date_source": C("for a date coarser than a day, the source that gives that period", "URL"),
        },
    ),
    "release_members": Table(
        "The artifacts of a release: its first-party Hub repos and API model ids.",
        {
            "release_id": RELEASE,
            "kind": C("hub (a Hub repo id, owner/name) | api (an API model id)"),
            "artifact_id": C("the repo or API id"),
        },
    ),
    "release_sources": Table(
        "The sources of a release: where its date and licence can be read.",
        {
            "release_id": RELEASE,
            "url": C("the source", "URL"),
            "position": C("its place in the record's list, from 0: the first is the primary page"),
        },
    ),
    "release_developers": Table(
        "The organizations that developed a release: the lead and any co-developers.",
        {"release_id": RELEASE, "org_id": ORG, "role": C("lead | co")},
    ),
    "catalogue_imports": Table(
        "Third-party catalogues imported as dated snapshots (Epoch AI, OpenRouter, models.dev).",
        {
            "import_id": C("the snapshot's import (`imports.import_id`)"),
            "source": C("epoch | openrouter | modelsdev"),
            "variant": C("which file of the source it was (Epoch AI: all, notable, ...; models.dev: json or toml)"),
            "attribution": C("the credit line the source asks for"),
            "unresolved": C("organization names no registry organization matched, each with its row count"),
            "warnings": C("what the import noticed (rows skipped and why, unknown values)"),
        },
    ),
    "catalogue_rows": Table(
        "The rows of each catalogue snapshot, as the catalogue states them (tiers refined by the licences).",
        {
            "import_id": C("the snapshot (`catalogue_imports.import_id`)"),
            "row_no": C("the row's position among the file's data rows, from 1"),
            "source_id": C("the catalogue's own id of the model"),
            "name": C("the model's name in the catalogue"),
            "date": C("the catalogue's date for it; empty when it gives none", DAY),
            "date_kind": C(
                "what that date is: published (Epoch AI) | listed (OpenRouter: added to its list) | released "
                "(models.dev)"
            ),
            "tier": C("openness tier, as for `releases.tier`"),
            "openness": C("open | closed | unreleased | unknown"),
            "accessibility": C("the catalogue's own words on access, when it has them"),
            "license": C("the licence as the catalogue states it"),
            "hub_repos": C("Hub repos the row links to", HUB_ID),
            "org_hints": C("Hub namespaces that hint at the developer when its name does not resolve"),
            "url": C("the row's link", "URL"),
            "extra": C("the catalogue's other columns for the row", "JSON object as text"),
        },
    ),
    "catalogue_row_orgs": Table(
        "The organizations a catalogue row names, resolved to registry organizations where possible.",
        {
            "import_id": C("the snapshot (`catalogue_imports.import_id`)"),
            "row_no": C("the row (`catalogue_rows.row_no`)"),
            "position": C("the name's place among the row's organizations, from 0"),
            "name": C("the organization as the catalogue spells it"),
            "country": C("the country the catalogue gives; empty if none", "as the catalogue writes it"),
            "org_id": C("the registry organization it resolved to; empty when none"),
        },
    ),
    "hub_syncs": Table(
        "One row per Hub namespace listed by a `modelwatch sync hub`.",
        {
            "import_id": C("the sync (`imports.import_id`)"),
            "org_id": ORG,
            "namespace": C("the Hub namespace listed"),
            "repos": C("repos listed in it", "repos"),
            "derivatives": C("whether the sync also listed third-party derivatives"),
            "synced_at": C("when the sync ran", UTC),
        },
    ),
    "hub_artifacts": Table(
        "First-party Hub repos of the registry's organizations, one row per repo, with the latest sync's figures.",
        {
            "repo_id": C("the repo", HUB_ID),
            "namespace": C("its namespace"),
            "org_id": ORG,
            "created_at": C("when the repo was created on the Hub", UTC),
            "last_modified": C("its last change on the Hub", UTC),
            "downloads": DOWNLOADS,
            "downloads_all_time": DOWNLOADS_ALL,
            "likes": LIKES,
            "parameters": C("its parameter count from the safetensors metadata; empty when not given", "parameters"),
            "license": C("its Hub `license:` tag"),
            "pipeline_tag": C("its Hub pipeline tag (text-generation, ...)"),
            "library_name": C("its Hub library (transformers, ...)"),
            "gated": C("whether downloading needs accepting terms; empty if unknown"),
            "base_models": C("the base models its card names", HUB_ID),
            "base_relation": C(f"how it derives from them: {RELATION}; empty for a base model"),
            "children": C("the Hub's count of models derived from it", "repos"),
            "tags": C("its Hub tags"),
            "listed": C("whether the latest sync of its namespace still listed it (false: deleted or made private)"),
            "first_import_id": C("the sync that first listed it (`imports.import_id`)"),
            "import_id": C("the sync that last listed it (`imports.import_id`)"),
        },
    ),
    "hub_stats_history": Table(
        "Each sync's downloads and likes per repo, appended: the history the Hub itself does not keep.",
        {
            "repo_id": C("the repo", HUB_ID),
            "snapshot_at": C("when the sync ran", UTC),
            "downloads": DOWNLOADS,
            "downloads_all_time": DOWNLOADS_ALL,
            "likes": LIKES,
            "import_id": C("the sync (`imports.import_id`)"),
        },
    ),
    "hub_derivatives": Table(
        "Third-party repos derived from first-party ones (`sync hub --derivatives`), replaced per parent by each sync.",
        {
            "child_id": C("the derived repo", HUB_ID),
            "parent_id": C("the first-party repo it derives from", HUB_ID),
            "relation": C(RELATION),
            "author": C("the derived repo's namespace"),
            "created_at": C("when it was created on the Hub", UTC),
            "downloads": DOWNLOADS,
            "likes": LIKES,
            "import_id": C("the sync (`imports.import_id`)"),
        },
    ),
    "hub_dump_repos": Table(
        "The newest imported Hub dump, one row per repo, as integers (docs/ecosystem.md); ids are read back from "
        "the dump's snapshot file.",
        {
            "mid": C("the repo's integer id: its row in the dump's snapshot; absent parents are numbered after them"),
            "nsh": C("a 64-bit hash of its lower-cased namespace"),
            "created": C("when it was created on the Hub", UTC),
            "downloads": DOWNLOADS,
            "relation": C(f"its strongest relation to a parent: {RELATION}; empty for a repo that names none"),
            "in_dump": C("false for a parent the dump names but does not hold (deleted or private)"),
            "import_id": C("the dump's import (`imports.import_id`)"),
        },
        internal=True,
    ),
    "hub_dump_absent": Table(
        "The ids of parents the newest dump names but does not hold.",
        {
            "mid": C("its integer id (`hub_dump_repos.mid`)"),
            "id": C("its repo id", HUB_ID),
            "import_id": C("the dump's import"),
        },
        internal=True,
    ),
    "hub_dump_edges": Table(
        "The newest dump's base-model links, child -> parent.",
        {
            "child": C("the derived repo (`hub_dump_repos.mid`)"),
            "parent": C("its base model (`hub_dump_repos.mid`)"),
            "relation": C(RELATION),
            "import_id": C("the dump's import"),
        },
        internal=True,
    ),
    "hub_dump_lineage": Table(
        "Each derivative of the newest dump with every root its base-model chains reach.",
        {
            "mid": C("the derivative (`hub_dump_repos.mid`)"),
            "root": C("a root: a base model that derives from none (`hub_dump_repos.mid`)"),
            "depth": C("the shortest chain from the root to it", "links"),
            "import_id": C("the dump's import"),
        },
        internal=True,
    ),
    "hub_dump_snapshots": Table(
        "The history of imported Hub dumps: one row per dated snapshot (`ecosystem --history` reads them).",
        {
            "as_of": C("the day the dump describes", DAY),
            "sha256": C("SHA-256 of the dump's bytes, the name of its snapshot file"),
            "import_id": C("its import (`imports.import_id`)"),
            "repos": C("repos in the dump", "repos"),
            "dump_bytes": C("the size of its kept copy; 0 once pruned", "bytes"),
            "history_bytes": C("the size of its series files", "bytes"),
        },
    ),
    "meta": Table(
        "The store's own settings: schema_version, data_version, data_dir.",
        {"key": C("the setting"), "value": C("its value")},
        internal=True,
    ),
}


def described(con: duckdb.DuckDBPyConnection, tables: dict[str, Table] | None = None) -> dict[str, list[Field]]:
    """The store's tables as `con` holds them, each column typed by the schema and described by `tables`.

    Raises LookupError naming every column without words and every word without a column."""
    tables = STORE if tables is None else tables
    found: dict[str, list[tuple[str, str, bool]]] = {}
    for table, column, kind, nullable in con.execute(
        "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index"
    ).fetchall():
        found.setdefault(table, []).append((column, kind, bool(nullable)))
    problems = [
        f"{t}.{c} has no description in modelwatch/store/columns.py"
        for t, cols in found.items()
        for c, _, _ in cols
        if t not in tables or c not in tables[t].columns
    ]
    problems += [
        f"{t}.{c} is described but is no column of the store"
        for t, doc in tables.items()
        for c in doc.columns
        if c not in {name for name, _, _ in found.get(t, [])}
    ]
    if problems:
        raise LookupError("; ".join(problems))
    return {
        t: [
            Field(c, kind, nullable, tables[t].columns[c].meaning, tables[t].columns[c].unit)
            for c, kind, nullable in cols
        ]
        for t, cols in found.items()
    }


def migrated_store() -> duckdb.DuckDBPyConnection:
    """An empty store in memory with every migration applied: the schema as the code defines it."""
    import duckdb

    from modelwatch.store.connection import migrate

    con = duckdb.connect()
    migrate(con)
    return con
