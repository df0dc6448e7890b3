"""The Hugging Face Hub: every model repo of an organization's namespaces, with adoption figures.

One listing request per page of 1,000 repos (`/api/models?author=NS&expand[]=...`, pages linked by
the `Link` header), all through `huggingface_hub`'s public `HfApi.list_models` and the transport of
`sources._http`. `HF_ENDPOINT` and `HF_TOKEN` are read when a listing starts, `HF_HUB_OFFLINE` at
each request.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from modelwatch.errors import ModelwatchError
from modelwatch.records import Artifact
from modelwatch.sources._http import NetworkError, name_url
from modelwatch.vocabulary import BASE_RELATIONS

SOURCE = "hub"
ATTRIBUTION = "Hugging Face Hub API, https://huggingface.co (repository metadata and download counts)"
DEFAULT_ENDPOINT = "https://huggingface.co"
EXPAND = [
    "createdAt",
    "lastModified",
    "downloads",
    "downloadsAllTime",
    "likes",
    "tags",
    "cardData",
    "baseModels",
    "safetensors",
    "gated",
    "pipeline_tag",
    "library_name",
    "childrenModelCount",
]
DERIVATIVE_EXPAND = ["createdAt", "downloads", "likes", "tags"]


@dataclass(frozen=True)
class HubRepo:
    """One listed repo: the artifact plus what the Hub says of its children."""

    artifact: Artifact
    namespace: str
    children: int | None = None


@dataclass(frozen=True)
class Derivative:
    """A third-party repo built on a listed one (rule 7: adoption, never a release)."""

    child_id: str
    parent_id: str
    relation: str
    author: str
    created_at: dt.datetime | None
    downloads: int | None
    likes: int | None


def endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")


def make_api() -> Any:
    """An HfApi bound to the endpoint and token of the environment as it is now (offline mode is the
    transport's to refuse, at each request)."""
    from huggingface_hub import HfApi

    return HfApi(endpoint=endpoint(), token=os.environ.get("HF_TOKEN") or None)


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _license(tags: list[str], card: Any) -> str:
    for t in tags:
        if t.startswith("license:"):
            return t.split(":", 1)[1]
    lic = _get(card, "license") if card is not None else None
    return lic if isinstance(lic, str) else ""


def _base_models(info: Any, tags: list[str]) -> tuple[list[str], str]:
    """Base models and the relation to them, from `baseModels`, else the `base_model:` tags."""
    bm = getattr(info, "base_models", None)
    if isinstance(bm, dict) and bm.get("models"):
        ids = [m["id"] for m in bm["models"] if isinstance(m, dict) and m.get("id")]
        return ids, str(bm.get("relation") or "")
    return relation_from_tags(tags)


def relation_from_tags(tags: list[str]) -> tuple[list[str], str]:
    """`base_model:quantized:Qwen/Qwen3-8B` -> (["Qwen/Qwen3-8B"], "quantized"); several relations: the strongest."""
    ids: list[str] = []
    relation = ""
    for t in tags:
        parts = t.split(":")
        if len(parts) == 3 and parts[0] == "base_model" and parts[1] in BASE_RELATIONS:
            if not relation or BASE_RELATIONS.index(parts[1]) > BASE_RELATIONS.index(relation):
                relation = parts[1]
            if parts[2] not in ids:
                ids.append(parts[2])
    if not ids:
        ids = [t.split(":", 1)[1] for t in tags if t.startswith("base_model:") and t.count(":") == 1]
    return ids, relation


def to_repo(info: Any, namespace: str, org_id: str, retrieved: dt.datetime) -> HubRepo:
    tags = list(getattr(info, "tags", None) or [])
    card = getattr(info, "card_data", None)
    bases, relation = _base_models(info, tags)
    st = getattr(info, "safetensors", None)
    gated = getattr(info, "gated", None)
    repo_id = str(info.id)
    artifact = Artifact(
        source=SOURCE,
        source_id=repo_id,
        org=org_id,
        name=repo_id.split("/", 1)[-1],
        url=f"{endpoint()}/{repo_id}",
        created_at=getattr(info, "created_at", None),
        last_modified=getattr(info, "last_modified", None),
        license=_license(tags, card),
        parameters=int(st.total) if st is not None and getattr(st, "total", None) else None,
        pipeline_tag=getattr(info, "pipeline_tag", None) or "",
        library_name=getattr(info, "library_name", None) or "",
        base_models=bases,
        base_relation=relation,
        downloads=getattr(info, "downloads", None),
        downloads_all_time=getattr(info, "downloads_all_time", None),
        likes=getattr(info, "likes", None),
        gated=None if gated is None else gated is not False,
        tags=tags,
    )
    children = getattr(info, "children_model_count", None)
    return HubRepo(artifact=artifact, namespace=namespace, children=int(children) if children is not None else None)


@contextlib.contextmanager
def _answers(what: str) -> Iterator[None]:
    """Whatever the Hub answers, a failure is one line: an HTTP error, or an answer that is not a page
    of models (truncated or HTML or binary, `null` or an object, a date that is not a date)."""
    import httpx2
    from huggingface_hub.errors import HfHubHTTPError

    try:
        yield
    except HfHubHTTPError as exc:
        if exc.response is None:
            raise NetworkError(f"the Hub: {what}: {type(exc).__name__}") from None
        raise NetworkError(f"{name_url(exc.response.url)}: HTTP {exc.response.status_code}") from None
    except httpx2.HTTPError as exc:
        raise NetworkError(f"the Hub: {what}: {type(exc).__name__}") from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        # The library parses each page into objects; a malformed page surfaces as one of these.
        raise NetworkError(
            f"the Hub: {what}: the answer is not a page of models ({type(exc).__name__}); nothing was stored"
        ) from None


def list_namespace(
    namespace: str, org_id: str, api: Any = None, on_repo: Callable[[int], None] | None = None
) -> list[HubRepo]:
    """Every model repo of one Hub namespace (all pages), or a NetworkError; never a partial list."""
    if not namespace.strip():
        # Without an author the Hub lists every model it has: never ask that by accident.
        raise ModelwatchError(f"organization {org_id}: an empty Hub namespace; fix aliases.hub")
    api = api or make_api()
    retrieved = dt.datetime.now(dt.UTC)
    out: list[HubRepo] = []
    with _answers(f"listing {namespace}"):
        for info in api.list_models(author=namespace, expand=EXPAND):
            out.append(to_repo(info, namespace, org_id, retrieved))
            if on_repo is not None:
                on_repo(len(out))
    return out


def list_derivatives(parent_id: str, api: Any = None) -> list[Derivative]:
    """Third-party repos whose card names `parent_id` as their base model, with the relation."""
    api = api or make_api()
    owner = parent_id.split("/", 1)[0].casefold()
    out: list[Derivative] = []
    with _answers(f"derivatives of {parent_id}"):
        for info in api.list_models(filter=f"base_model:{parent_id}", expand=DERIVATIVE_EXPAND):
            author = str(info.id).split("/", 1)[0]
            if author.casefold() == owner:
                continue  # the organization's own re-packs are members, not adoption (rule 3)
            tags = list(getattr(info, "tags", None) or [])
            relation = next(
                (
                    t.split(":")[1]
                    for t in tags
                    if t.startswith("base_model:")
                    and t.endswith(f":{parent_id}")
                    and t.count(":") == 2
                    and t.split(":")[1] in BASE_RELATIONS
                ),
                "unknown",
            )
            out.append(
                Derivative(
                    child_id=str(info.id),
                    parent_id=parent_id,
                    relation=relation,
                    author=author,
                    created_at=getattr(info, "created_at", None),
                    downloads=getattr(info, "downloads", None),
                    likes=getattr(info, "likes", None),
                )
            )
    return out


def iter_namespaces(aliases: dict[str, list[str]]) -> Iterator[tuple[str, str]]:
    """(org id, namespace) pairs, each namespace once."""
    seen: set[str] = set()
    for org_id in sorted(aliases):
        for ns in aliases[org_id]:
            if ns.strip() and ns.casefold() not in seen:
                seen.add(ns.casefold())
                yield org_id, ns
