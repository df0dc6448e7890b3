"""Alias -> organization -> group and country."""

from __future__ import annotations

import re
from collections.abc import Iterable

from modelwatch.records import Organization
from modelwatch.vocabulary import Catalogue


def _key(name: str) -> str:
    """Names from catalogues differ in case, spacing and punctuation only."""
    return re.sub(r"[^a-z0-9]+", " ", name.casefold()).strip()


class OrgIndex:
    """Resolves Hub namespaces and catalogue spellings to organization ids."""

    def __init__(self, orgs: Iterable[Organization]):
        self.orgs: dict[str, Organization] = {o.id: o for o in orgs}
        self._hub: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for org in self.orgs.values():
            for ns in org.aliases.get("hub", []):
                self._hub.setdefault(ns.casefold(), org.id)
            for kind in (*Catalogue, "other"):
                for alias in org.aliases.get(kind, []):
                    self._names.setdefault(_key(alias), org.id)
            self._names.setdefault(_key(org.name), org.id)
            self._names.setdefault(_key(org.id), org.id)

    def by_namespace(self, namespace: str) -> str | None:
        return self._hub.get(namespace.casefold())

    def by_repo(self, repo_id: str) -> str | None:
        return self.by_namespace(repo_id.split("/", 1)[0])

    def by_name(self, name: str) -> str | None:
        return self._names.get(_key(name))

    def group(self, org_id: str) -> str:
        org = self.orgs.get(org_id)
        return org.group if org else org_id

    def country(self, org_id: str) -> str:
        org = self.orgs.get(org_id)
        return org.country if org else ""


def hub_namespaces(orgs: dict[str, Organization], chosen: list[str]) -> list[tuple[str, str]]:
    """The (organization, Hub namespace) pairs to sync: of `chosen`, or of every organization when none is."""
    from modelwatch.errors import ModelwatchError
    from modelwatch.sources.hub import iter_namespaces

    unknown = [o for o in chosen if o not in orgs]
    if unknown:
        raise ModelwatchError(f"--org {unknown[0]}: no such organization; see `modelwatch orgs`")
    chosen = chosen or sorted(orgs)
    pairs = list(iter_namespaces({o: orgs[o].aliases.get("hub", []) for o in chosen}))
    if not pairs:
        raise ModelwatchError(f"{', '.join(chosen)}: no Hub namespace (aliases.hub) in the registry")
    return pairs
