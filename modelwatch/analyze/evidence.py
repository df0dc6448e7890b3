"""What one source shows about a model (an item), and how a proposal's fields are read from it.

Each value carries its origin in words; nothing is guessed (docs/proposals.md).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelwatch.normalize.names import parse_repo_id
from modelwatch.tiers import Tier

if TYPE_CHECKING:
    from modelwatch.analyze.compare import SRow
    from modelwatch.normalize.licenses import LicenseIndex

HUB_URL = "https://huggingface.co/"
EPOCH_PAGE = "https://epoch.ai/data/ai-models"

# Hub pipeline tags, Epoch AI domains, catalogue modalities -> the registry's modality vocabulary
PIPELINE_MODALITY = {
    "text-generation": "language",
    "text2text-generation": "language",
    "image-text-to-text": "vision-language",
    "visual-question-answering": "vision-language",
    "text-to-image": "image",
    "image-to-image": "image",
    "text-to-video": "video",
    "image-to-video": "video",
    "text-to-speech": "speech",
    "automatic-speech-recognition": "speech",
    "text-to-audio": "audio",
    "feature-extraction": "embedding",
    "sentence-similarity": "embedding",
    "text-ranking": "embedding",
    "any-to-any": "multimodal",
}
EPOCH_DOMAIN = {
    "language": "language",
    "image generation": "image",
    "video": "video",
    "speech": "speech",
    "audio": "audio",
    "multimodal": "multimodal",
    "language,vision": "vision-language",
    "vision,language": "vision-language",
    "biology": "science",
    "robotics": "robotics",
    "3d modeling": "3d",
}
ARCH_MODALITY = {"text->text": "language", "text+image->text": "vision-language"}


@dataclass
class Evidence:
    """One thing one source shows."""

    source: str  # hub | epoch | openrouter | modelsdev
    ref: str  # repo id, catalogue row name or model id
    date: dt.date | None
    detail: str
    url: str = ""


@dataclass
class Value:
    value: Any
    origin: str  # where the value came from, in words


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.casefold()).strip("-.") or "x"


@dataclass
class Item:
    """One repo or catalogue row that may become (part of) a release."""

    source: str
    ref: str
    name: str
    date: dt.date | None
    day_precise: bool
    url: str = ""
    latest: dt.date | None = None  # the latest day `date` could stand for (a Hub repo: the day a sync saw it)
    hub_repos: list[str] = field(default_factory=list)
    license: str = ""  # licence tag or text as the source gives it
    stated_tier: str = ""  # a closed tier a source states
    modality: str = ""
    api_id: str = ""
    developers: list[str] = field(default_factory=list)
    detail: str = ""


def modality_of_row(s: SRow) -> str:
    extra = s.row.extra
    domain = str(extra.get("Domain", "")).casefold().replace(", ", ",")
    if domain in EPOCH_DOMAIN:
        return EPOCH_DOMAIN[domain]
    arch = extra.get("architecture")
    if isinstance(arch, dict) and arch.get("modality") in ARCH_MODALITY:
        return ARCH_MODALITY[arch["modality"]]
    mods = extra.get("modalities")
    if isinstance(mods, dict):
        inp, out = set(mods.get("input") or []), set(mods.get("output") or [])
        if out == {"text"} and inp == {"text"}:
            return "language"
        if out == {"text"} and inp == {"text", "image"}:
            return "vision-language"
    return ""


def row_item(source: str, s: SRow, modelsdev_first_party: bool) -> Item:
    r = s.row
    stated = ""
    if r.tier in (Tier.API, Tier.HOSTED, Tier.UNRELEASED):
        stated = r.tier.value
    what = {"epoch": "publication date", "openrouter": "listing date", "modelsdev": "release date"}[source]
    day_precise = r.date is not None and r.extra.get("date_precision") != "month"
    ref = r.source_id if source != "epoch" else r.name
    api_id = ""
    if source == "modelsdev" and modelsdev_first_party:
        api_id = r.source_id.split("/", 1)[1]
    url = r.url or (EPOCH_PAGE if source == "epoch" else "")
    return Item(
        source=source,
        ref=ref,
        name=r.name,
        date=r.date,
        day_precise=day_precise,
        url=url,
        hub_repos=list(r.hub_repos),
        license=r.license,
        stated_tier=stated,
        modality=modality_of_row(s),
        api_id=api_id,
        developers=s.orgs[1:],
        detail=f"{what} {r.date or 'not given'}"
        + (" (month only)" if r.date and not day_precise else "")
        + (f"; accessibility {r.accessibility!r}" if r.accessibility else ""),
    )


def hub_item(repo: str, meta: dict[str, Any]) -> Item:
    """A repo as evidence. Its creation day is not its public day (a repo may be made private and opened
    later): it is the earliest the weights can have been public, and the day a sync first listed the repo
    the latest."""
    created = meta.get("created_at")
    day = created.date() if created is not None else None
    seen = meta.get("seen_at")
    return Item(
        source="hub",
        ref=repo,
        name=repo,
        date=day,
        day_precise=False,
        latest=seen.date() if seen is not None and day is not None and seen.date() >= day else None,
        url=HUB_URL + repo,
        hub_repos=[repo],
        license=meta.get("license") or "",
        modality=PIPELINE_MODALITY.get(meta.get("pipeline_tag") or "", ""),
        detail=f"Hub repo created {day or 'date not given'}"
        + (f"; licence tag {meta['license']!r}" if meta.get("license") else "; no licence tag")
        + (f"; pipeline {meta['pipeline_tag']}" if meta.get("pipeline_tag") else ""),
    )


def evidence_of(it: Item) -> Evidence:
    return Evidence(it.source, it.ref, it.date, it.detail, it.url)


def release_name(group: list[Item]) -> str:
    """A catalogue's own name for the model when one lists it, else the shortest repo name."""
    rows_ = [it for it in group if it.source != "hub"]
    if rows_:
        return min((it.name for it in rows_), key=lambda n: (len(n), n))
    own = min((it.ref.rsplit("/", 1)[-1] for it in group), key=lambda n: (len(n), n))
    size = parse_repo_id(own).size
    if size:  # the release is all its sizes: "Dragon-3-8B" -> "Dragon-3"
        own = re.sub(rf"[-_]{re.escape(size)}(?=$|[-_])", "", own, count=1, flags=re.IGNORECASE) or own
    return own


def tier_fields(group: list[Item], licenses: LicenseIndex) -> dict[str, Value]:
    licences: dict[str, Item] = {}
    unknown_tags: list[str] = []
    for it in group:
        if not it.license:
            continue
        lic = licenses.resolve(it.license)
        if lic is None:
            unknown_tags.append(it.license)
        else:
            licences.setdefault(lic.id, it)
    if len(licences) == 1:
        lic_id, it = next(iter(licences.items()))
        lic = licenses.licenses[lic_id]
        return {
            "license": Value(lic_id, f"{it.source} {it.ref}: licence {it.license!r} (licenses.toml)"),
            "tier": Value(lic.tier.value, f"licence {lic_id} in licenses.toml"),
        }
    if len(licences) > 1:
        return {
            "license": Value("", "sources disagree: " + ", ".join(sorted(licences))),
            "tier": Value(Tier.UNKNOWN.value, "licences disagree"),
        }
    stated = sorted({it.stated_tier for it in group if it.stated_tier})
    if len(stated) == 1 and not any(it.source == "hub" for it in group):
        it = next(i for i in group if i.stated_tier)
        return {"tier": Value(stated[0], f"{it.source} {it.ref}: {it.detail}")}
    why = "no licence read" + (
        f" (tags not in licenses.toml: {', '.join(sorted(set(unknown_tags)))})" if unknown_tags else ""
    )
    return {"tier": Value(Tier.UNKNOWN.value, why)}
