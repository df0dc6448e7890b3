"""Epoch AI's "Data on AI Models": the CSV files, a folder of them, or the zip bundle.

Columns are mapped by name, so a snapshot that adds, drops or reorders columns still reads;
columns modelwatch does not use are kept (as `extra`). One row is one model or checkpoint.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from modelwatch.errors import ModelwatchError
from modelwatch.records import CatalogueFile, CatalogueRow, Skipped
from modelwatch.sources.catalogue import (
    MAX_BYTES,
    ROW_ERRORS,
    check_text,
    clean,
    hub_links,
    parse_day,
    read_bytes,
    skipped_warnings,
    snapshot_day,
)
from modelwatch.sources.catalogue import sha256_bytes as _sha
from modelwatch.tiers import Tier
from modelwatch.vocabulary import Catalogue

SOURCE = Catalogue.epoch.value
URL = "https://epoch.ai/data/ai_models.zip"
ATTRIBUTION = "Epoch AI, 'Data on AI Models', https://epoch.ai/data/ai-models (CC BY 4.0)"

MAIN = "all_ai_models.csv"
SUBSETS = {
    "notable_ai_models.csv": "notable",
    "large_scale_ai_models.csv": "large_scale",
    "frontier_ai_models.csv": "frontier",
}

# "Model accessibility" -> tier. "Limited access" (selected partners only) is not public: unreleased
# (docs/counting-rules.md, rule 6). A blank is unknown, never closed.
ACCESSIBILITY: dict[str, Tier] = {
    "": Tier.UNKNOWN,
    "open weights (unrestricted)": Tier.OPEN_UNRESTRICTED,
    "open weights (restricted use)": Tier.OPEN_RESTRICTED,
    "open weights (non-commercial)": Tier.OPEN_NONCOMMERCIAL,
    "api access": Tier.API,
    "hosted access (no api)": Tier.HOSTED,
    "unreleased": Tier.UNRELEASED,
    "limited access": Tier.UNRELEASED,
}

# Column roles, by the column's name (compared case- and space-insensitively).
COLUMNS = {
    "model": "name",
    "organization": "orgs",
    "country (of organization)": "countries",
    "publication date": "date",
    "model accessibility": "access",
    "link": "link",
    "hugging face developer id": "hf",
    "open model weights?": "open",
}
REQUIRED = ("name", "orgs", "date")


def _colkey(name: str) -> str:
    return clean(name).casefold().lstrip("\ufeff")


def tier_of(value: str) -> Tier | None:
    """The tier of an accessibility value; None when the value is not one modelwatch knows."""
    return ACCESSIBILITY.get(clean(value).casefold())


def split_orgs(orgs: str, countries: str) -> list[tuple[str, str]]:
    """Organization and Country are comma-separated lists in the same order.

    A name may hold ", " itself ("Booz Allen Hamilton, McLean"), so the separator is a comma with
    no space after it; when that does not line up with the countries, a plain comma split is tried.
    """
    cs = [clean(c) for c in countries.split(",")] if clean(countries) else []
    strict = [clean(o) for o in re.split(r",(?!\s)", orgs) if clean(o)]
    loose = [clean(o) for o in orgs.split(",") if clean(o)]
    names = strict if len(strict) == len(cs) or len(loose) != len(cs) else loose
    return [(n, cs[i] if i < len(cs) else "") for i, n in enumerate(names)]


def parse_row(record: dict[str, str], roles: dict[str, str], n: int) -> CatalogueRow:
    """One CSV record (column name -> text) -> a row; `roles` maps column names to their role."""
    by_role: dict[str, str] = {}
    extra: dict[str, str] = {}
    check_text(record)
    for col, value in record.items():
        role = roles.get(col)
        if role:
            by_role[role] = value or ""
        elif value and value.strip():
            extra[clean(col)] = value.strip()
    name = clean(by_role.get("name"))
    if not name:
        raise ValueError("no model name")
    try:
        date = parse_day(by_role.get("date", ""))
    except ValueError as exc:
        raise ValueError(f"Publication date: {exc}") from None
    access = clean(by_role.get("access"))
    tier = tier_of(access)
    if tier is None:
        tier = Tier.UNKNOWN
        extra["unmapped accessibility"] = access
    openness = tier.openness
    if tier is Tier.UNKNOWN and clean(by_role.get("open")).casefold() == "yes":
        openness = "open"
    pairs = split_orgs(by_role.get("orgs", ""), by_role.get("countries", ""))
    link = by_role.get("link", "")
    repos, namespaces = hub_links(link)
    hints = [clean(h) for h in re.split(r"[,\s]+", by_role.get("hf", "")) if clean(h)]
    urls = re.findall(r"https?://\S+", link)
    return CatalogueRow(
        row=n,
        source_id=name,
        name=name,
        org_names=[p[0] for p in pairs],
        countries=[p[1] for p in pairs],
        org_hints=hints + [ns for ns in namespaces if ns not in hints],
        date=date,
        date_kind="published",
        tier=tier,
        openness=openness,
        accessibility=access,
        hub_repos=repos,
        url=urls[0] if urls else "",
        extra=extra,
    )


def _records(text: str, label: str, skipped: list[Skipped]) -> tuple[dict[str, str], list[tuple[int, dict[str, str]]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise ModelwatchError(f"{label}: empty file (expected a CSV header)") from None
    except csv.Error as exc:
        raise ModelwatchError(f"{label}: header: not valid CSV: {exc}") from None
    roles = {h: COLUMNS[_colkey(h)] for h in header if _colkey(h) in COLUMNS}
    missing = [r for r in REQUIRED if r not in roles.values()]
    if missing:
        wanted = {v: k for k, v in COLUMNS.items()}
        raise ModelwatchError(
            f"{label}: header: no {wanted[missing[0]]!r} column; is this Epoch AI's 'Data on AI Models' file?"
        )
    out: list[tuple[int, dict[str, str]]] = []
    n = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            n += 1
            skipped.append(Skipped(n, "", f"not valid CSV: {exc}"))
            continue
        n += 1
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            skipped.append(Skipped(n, _name_of(values), f"{len(values)} fields, the header has {len(header)}"))
            continue
        out.append((n, dict(zip(header, values, strict=True))))
    return roles, out


def _name_of(values: list[str]) -> str:
    return clean(values[0])[:80] if values else ""


def parse_csv(text: str, label: str, skipped: list[Skipped] | None = None, member: str = "") -> list[CatalogueRow]:
    """The rows of one CSV file; a row with a problem of its own is skipped and added to `skipped`
    (without that list, the first such problem refuses the file)."""
    found: list[Skipped] = []
    roles, records = _records(text, label, found)
    rows = []
    for n, rec in records:
        try:
            rows.append(parse_row(rec, roles, n))
        except ROW_ERRORS as exc:
            name = next((clean(v) for c, v in rec.items() if roles.get(c) == "name"), "")
            found.append(Skipped(n, name[:80], str(exc) or type(exc).__name__))
    if skipped is None and found:
        raise ModelwatchError(f"{label}: {found[0].line()}")
    if skipped is not None:
        # rows of a subset file are numbered in that file: say which
        where = f"in {member}: " if member and member != MAIN else ""
        skipped.extend(Skipped(s.row, s.ident, where + s.reason) for s in sorted(found, key=lambda s: s.row))
    return rows


def _decode(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ModelwatchError(f"{label}: not UTF-8 text (byte {exc.start})") from None


def _bundle(files: dict[str, bytes], label: str, skipped: list[Skipped]) -> tuple[list[CatalogueRow], str, list[str]]:
    """The main file with subset membership marked; or a lone subset file."""
    by_name = {Path(k).name: k for k in files}
    main = by_name.get(MAIN)
    subsets_present = [s for s in SUBSETS if s in by_name]
    if main is None:
        if len(subsets_present) != 1:
            raise ModelwatchError(f"{label}: no {MAIN} in it")
        only = by_name[subsets_present[0]]
        text = _decode(files[only], f"{label}:{only}")
        return parse_csv(text, f"{label}:{only}", skipped, only), SUBSETS[subsets_present[0]], []
    rows = parse_csv(_decode(files[main], f"{label}:{main}"), f"{label}:{main}", skipped)
    index = {(r.name, r.date): r for r in rows}
    only_in_subsets = 0
    for sub in subsets_present:
        for r in parse_csv(_decode(files[by_name[sub]], f"{label}:{sub}"), f"{label}:{sub}", skipped, sub):
            hit = index.get((r.name, r.date))
            if hit is None:  # Epoch's subsets hold a few rows the main file lacks: keep them
                only_in_subsets += 1
                r.extra.update(file=sub, file_row=r.row)
                r.row = len(rows) + 1
                rows.append(r)
                index[(r.name, r.date)] = hit = r
            subsets = hit.extra.setdefault("subsets", [])
            if SUBSETS[sub] not in subsets:
                subsets.append(SUBSETS[sub])
    warnings = (
        [f"{only_in_subsets} row(s) are only in the subset files, not in {MAIN}; imported"] if only_in_subsets else []
    )
    return rows, "all+subsets" if subsets_present else "all", warnings


def _as_of(rows: Iterable[CatalogueRow]) -> dt.date | None:
    """The snapshot's date: its latest 'Last modified', else its latest publication date."""
    rows = list(rows)
    modified = [str(r.extra.get("Last modified", ""))[:10] for r in rows]
    return snapshot_day(d for d in modified if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d)) or snapshot_day(
        r.date for r in rows
    )


def _unzip(data: bytes, label: str) -> dict[str, bytes]:
    """The CSV files of the zip bundle, each read in chunks up to MAX_BYTES: a small zip that
    unpacks to gigabytes (a zip bomb) is refused after MAX_BYTES, never held whole in memory."""
    files: dict[str, bytes] = {}
    total = 0
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if not info.filename.endswith(".csv"):
                    continue
                parts: list[bytes] = []
                with zf.open(info) as fh:
                    while chunk := fh.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_BYTES:
                            raise ModelwatchError(
                                f"{label}: unpacks to more than {MAX_BYTES // 2**20} MB of CSV; "
                                "not Epoch AI's bundle (a few MB)"
                            )
                        parts.append(chunk)
                files[info.filename] = b"".join(parts)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise ModelwatchError(f"{label}: broken zip file: {str(exc)[:120] or type(exc).__name__}") from None
    return files


def load(path: Path) -> CatalogueFile:
    """Read a CSV, a folder holding the bundle's CSVs, or the zip bundle."""
    label = str(path)
    warnings: list[str] = []
    skipped: list[Skipped] = []
    if path.is_dir():
        files = {p.name: read_bytes(p) for p in sorted(path.glob("*.csv")) if p.is_file()}
        if not files:
            raise ModelwatchError(f"{label}: no CSV files in this folder")
        rows, variant, warnings = _bundle(files, label, skipped)
        sha = _sha(b"".join(name.encode() + b"\0" + data for name, data in sorted(files.items())))
    else:
        data = read_bytes(path)
        sha = _sha(data)
        if data[:4] == b"PK\x03\x04" or zipfile.is_zipfile(io.BytesIO(data)):
            rows, variant, warnings = _bundle(_unzip(data, label), label, skipped)
        else:
            rows = parse_csv(_decode(data, label), label, skipped)
            variant = SUBSETS.get(path.name, "all" if path.name == MAIN else path.stem)
    if not rows:
        why = f" ({skipped[0].line()})" if skipped else ""
        raise ModelwatchError(f"{label}: no usable rows{why}")
    unmapped = Counter(str(r.extra["unmapped accessibility"]) for r in rows if "unmapped accessibility" in r.extra)
    for value, count in sorted(unmapped.items()):
        warnings.append(f"accessibility {value!r} ({count} rows) is not a known value; counted as unknown")
    return CatalogueFile(
        source=SOURCE,
        path=label,
        sha256=sha,
        as_of=_as_of(rows),
        rows=rows,
        variant=variant,
        attribution=ATTRIBUTION,
        warnings=[*skipped_warnings(skipped, len(rows) + len(skipped)), *warnings],
        skipped=skipped,
    )
