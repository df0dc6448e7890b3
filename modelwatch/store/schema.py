"""Schema migrations, applied in order; the store records how far it has come.

Append new migrations at the end; never edit one that has shipped.
"""

from __future__ import annotations

# What `imports.digest` holds, named by `imports.digest_kind`: a later import of the same input finds it there.
CONTENT = "content"  # SHA-256 of the imported file (of a folder: of its files' names and bytes)
DATA_VERSION = "data-version"  # the registry's data version: 16 hex digits of a SHA-256 of the curated files
SYNC_FIGURES = "sync-figures"  # SHA-256 of a Hub sync's repo ids, downloads and likes, and derivative links

MIGRATIONS: list[str] = [
    # 1: the curated registry and the import log
    """
    CREATE TABLE imports (
        import_id INTEGER PRIMARY KEY,
        source VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        sha256 VARCHAR NOT NULL,
        retrieved_at TIMESTAMP NOT NULL,
        as_of DATE,
        rows INTEGER NOT NULL
    );
    CREATE SEQUENCE import_seq START 1;
    CREATE TABLE organizations (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        parent VARCHAR,
        group_id VARCHAR NOT NULL,
        country VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        homepage VARCHAR,
        source VARCHAR NOT NULL,
        coverage_start DATE,
        coverage_end DATE,
        file VARCHAR NOT NULL,
        import_id INTEGER NOT NULL
    );
    CREATE TABLE org_aliases (org_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, alias VARCHAR NOT NULL);
    CREATE TABLE licenses (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        tier VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        note VARCHAR,
        import_id INTEGER NOT NULL
    );
    CREATE TABLE license_tags (license_id VARCHAR NOT NULL, tag VARCHAR NOT NULL);
    CREATE TABLE releases (
        id VARCHAR PRIMARY KEY,
        org_id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        family VARCHAR NOT NULL,
        date DATE NOT NULL,
        announced DATE,
        hub_created DATE,
        tier VARCHAR NOT NULL,
        openness VARCHAR NOT NULL,
        license VARCHAR,
        modality VARCHAR NOT NULL,
        sizes VARCHAR[],
        note VARCHAR,
        rule VARCHAR NOT NULL,
        artifact_count INTEGER NOT NULL,
        file VARCHAR NOT NULL,
        import_id INTEGER NOT NULL
    );
    CREATE TABLE release_members (release_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, artifact_id VARCHAR NOT NULL);
    CREATE TABLE release_sources (release_id VARCHAR NOT NULL, url VARCHAR NOT NULL);
    CREATE TABLE release_developers (release_id VARCHAR NOT NULL, org_id VARCHAR NOT NULL, role VARCHAR NOT NULL);
    """,
    # catalogues: rows of third-party catalogues (Epoch AI, OpenRouter, models.dev), one snapshot per import
    """
    CREATE TABLE catalogue_imports (
        import_id INTEGER PRIMARY KEY,
        source VARCHAR NOT NULL,
        variant VARCHAR NOT NULL,
        attribution VARCHAR NOT NULL,
        unresolved VARCHAR[] NOT NULL,
        warnings VARCHAR[] NOT NULL
    );
    CREATE TABLE catalogue_rows (
        import_id INTEGER NOT NULL,
        row_no INTEGER NOT NULL,
        source_id VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        date DATE,
        date_kind VARCHAR NOT NULL,
        tier VARCHAR NOT NULL,
        openness VARCHAR NOT NULL,
        accessibility VARCHAR NOT NULL,
        license VARCHAR NOT NULL,
        hub_repos VARCHAR[] NOT NULL,
        org_hints VARCHAR[] NOT NULL,
        url VARCHAR NOT NULL,
        extra VARCHAR NOT NULL,
        PRIMARY KEY (import_id, row_no)
    );
    CREATE TABLE catalogue_row_orgs (
        import_id INTEGER NOT NULL,
        row_no INTEGER NOT NULL,
        position INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        country VARCHAR NOT NULL,
        org_id VARCHAR
    );
    """,
    # hub sync: first-party repos listed from the Hub API (`modelwatch sync hub`), upserted per sync;
    # their downloads and likes appended per sync (the Hub keeps no history); third-party derivatives
    """
    CREATE TABLE hub_syncs (
        import_id INTEGER NOT NULL,
        org_id VARCHAR NOT NULL,
        namespace VARCHAR NOT NULL,
        repos INTEGER NOT NULL,
        derivatives BOOLEAN NOT NULL,
        synced_at TIMESTAMP NOT NULL
    );
    CREATE TABLE hub_artifacts (
        repo_id VARCHAR NOT NULL,
        namespace VARCHAR NOT NULL,
        org_id VARCHAR NOT NULL,
        created_at TIMESTAMP,
        last_modified TIMESTAMP,
        downloads BIGINT,
        downloads_all_time BIGINT,
        likes BIGINT,
        parameters BIGINT,
        license VARCHAR,
        pipeline_tag VARCHAR,
        library_name VARCHAR,
        gated BOOLEAN,
        base_models VARCHAR[],
        base_relation VARCHAR,
        children BIGINT,
        tags VARCHAR[],
        listed BOOLEAN NOT NULL,
        first_import_id INTEGER NOT NULL,
        import_id INTEGER NOT NULL
    );
    CREATE TABLE hub_stats_history (
        repo_id VARCHAR NOT NULL,
        snapshot_at TIMESTAMP NOT NULL,
        downloads BIGINT,
        downloads_all_time BIGINT,
        likes BIGINT,
        import_id INTEGER NOT NULL
    );
    CREATE TABLE hub_derivatives (
        child_id VARCHAR NOT NULL,
        parent_id VARCHAR NOT NULL,
        relation VARCHAR NOT NULL,
        author VARCHAR NOT NULL,
        created_at TIMESTAMP,
        downloads BIGINT,
        likes BIGINT,
        import_id INTEGER NOT NULL
    );
    """,
    # hub dump: a full Hub metadata dump (`modelwatch import hub-dump`); integer ids, base-model edges, and
    # each derivative's roots (the ends of its base-model chains), replaced whole by each import
    """
    CREATE TABLE hub_dump_models (
        mid INTEGER NOT NULL,
        id VARCHAR NOT NULL,
        namespace VARCHAR NOT NULL,
        created TIMESTAMP,
        last_modified TIMESTAMP,
        downloads BIGINT,
        downloads_all_time BIGINT,
        likes BIGINT,
        pipeline_tag VARCHAR,
        library_name VARCHAR,
        license VARCHAR,
        relation VARCHAR,
        in_dump BOOLEAN NOT NULL,
        import_id INTEGER NOT NULL
    );
    CREATE TABLE hub_dump_edges (
        child INTEGER NOT NULL, parent INTEGER NOT NULL, relation VARCHAR NOT NULL, import_id INTEGER NOT NULL
    );
    CREATE TABLE hub_dump_lineage (
        mid INTEGER NOT NULL, root INTEGER NOT NULL, depth INTEGER NOT NULL, import_id INTEGER NOT NULL
    );
    """,
    # 5: the dump itself is kept as a content-addressed Parquet snapshot beside the store; the store keeps
    # integers (ids and namespaces as 64-bit hashes of their lower-cased text): writing two million id strings
    # cost more than the rest of an import.
    # A dump imported before this migration must be imported again.
    """
    DROP TABLE hub_dump_lineage;
    DROP TABLE hub_dump_edges;
    DROP TABLE hub_dump_models;
    CREATE TABLE hub_dump_repos (
        mid INTEGER NOT NULL,
        nsh UBIGINT NOT NULL,
        created TIMESTAMP,
        downloads BIGINT,
        relation VARCHAR,
        in_dump BOOLEAN NOT NULL,
        import_id INTEGER NOT NULL
    );
    CREATE TABLE hub_dump_absent (mid INTEGER NOT NULL, id VARCHAR NOT NULL, import_id INTEGER NOT NULL);
    CREATE TABLE hub_dump_edges (
        child INTEGER NOT NULL, parent INTEGER NOT NULL, relation VARCHAR NOT NULL, import_id INTEGER NOT NULL
    );
    CREATE TABLE hub_dump_lineage (
        mid INTEGER NOT NULL, root INTEGER NOT NULL, depth INTEGER NOT NULL, import_id INTEGER NOT NULL
    );
    """,
    # 6: the history of Hub dumps: one row per dated snapshot whose series data lie in Parquet partitions under
    # MODELWATCH_HOME/history/hub-dump (see modelwatch.store.hub_history); the dump tables above hold the latest.
    """
    CREATE TABLE hub_dump_snapshots (
        as_of DATE PRIMARY KEY,
        sha256 VARCHAR NOT NULL UNIQUE,
        import_id INTEGER NOT NULL,
        repos BIGINT NOT NULL,
        dump_bytes BIGINT NOT NULL,
        history_bytes BIGINT NOT NULL
    );
    """,
    # 7: `imports.sha256` held three things (see CONTENT, DATA_VERSION, SYNC_FIGURES above): it is now `digest`,
    # with `digest_kind` saying which (literals here: a shipped migration never changes with the constants).
    # The table is copied, not altered: DuckDB cannot add a NOT NULL column to a table with an index in the
    # transaction that fills it.
    """
    CREATE TABLE imports_v7 (
        import_id INTEGER PRIMARY KEY,
        source VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        digest VARCHAR NOT NULL,
        digest_kind VARCHAR NOT NULL,
        retrieved_at TIMESTAMP NOT NULL,
        as_of DATE,
        rows INTEGER NOT NULL
    );
    INSERT INTO imports_v7
    SELECT import_id, source, path, sha256,
           CASE source WHEN 'registry' THEN 'data-version' WHEN 'hub' THEN 'sync-figures' ELSE 'content' END,
           retrieved_at, as_of, rows
    FROM imports;
    DROP TABLE imports;
    ALTER TABLE imports_v7 RENAME TO imports;
    """,
    # 8: a release's date carries its precision (modelwatch/dates.py): `date` stays the earliest possible day
    # (sorting, from/to filters), `date_latest` the latest, `date_precision` day | month | quarter | year | span,
    # `date_label` the date as shown (2026-08, 2026-Q3, 2026-08-03..2026-08-14), `date_source` its evidence;
    # a release's sources keep their order (`position`, from 0): the first is the primary page.
    """
    ALTER TABLE releases ADD COLUMN date_latest DATE;
    ALTER TABLE releases ADD COLUMN date_precision VARCHAR;
    ALTER TABLE releases ADD COLUMN date_label VARCHAR;
    ALTER TABLE releases ADD COLUMN date_source VARCHAR;
    UPDATE releases SET date_latest = date, date_precision = 'day', date_label = strftime(date, '%Y-%m-%d');
    ALTER TABLE release_sources ADD COLUMN position INTEGER;
    """,
]
