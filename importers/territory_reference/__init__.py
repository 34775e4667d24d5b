"""The shipped reference of French territories (INSEE COG via ``@etalab/decoupage-administratif``).

It holds régions, départements, EPCI, communes and arrondissements municipaux with their
``PART_OF`` hierarchy, postal codes and the former codes of merged communes. ``maillage init``
loads it into the store; importers use it to resolve locations.

>>> ref = load_reference()
>>> ref.resolve_location(commune="38185")
'38185'
>>> ref.resolve_location(postal_code="38000")
'38185'
>>> ref.resolve_location(postal_code="75001")  # Paris 1er: the arrondissement, not the whole city
'75101'
"""

from __future__ import annotations

import csv
import gzip
import io
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

from graph_service.errors import InvalidInput
from graph_service.identifiers import search_key
from graph_service.model import REFERENCE_SOURCE, ParentLink, Territory, TerritoryLevel, WriteCounts
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.territory_reference.authorities import load_authorities

LOCATION_LEVELS = (TerritoryLevel.COMMUNE, TerritoryLevel.ARRONDISSEMENT)
AUTHORITY_BATCH = 5000
REFERENCE_VERSION = "decoupage-administratif-6.0.0"


def _rows(name: str) -> list[dict[str, str]]:
    data = resources.files("importers.territory_reference").joinpath("data", name).read_bytes()
    return list(csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8"))))


@dataclass(frozen=True)
class TerritoryReference:
    """Territories, plus the look-ups that turn a postal code or an old code into a commune."""

    territories: list[Territory]
    postal_codes: dict[str, list[str]]
    aliases: dict[str, str]
    location_names: dict[str, str] = field(default_factory=dict)
    parent_commune: dict[str, str] = field(default_factory=dict)

    @cached_property
    def keys(self) -> frozenset[str]:
        """Keys of the reference's territories, which no import may overwrite."""
        return frozenset(territory.key for territory in self.territories)

    def count(self, level: TerritoryLevel) -> int:
        return sum(1 for territory in self.territories if territory.level is level)

    def _describe(self, codes: list[str]) -> str:
        return ", ".join(f"{code} ({self.location_names.get(code, '?')})" for code in codes)

    def resolve_location(
        self, commune: str | None = None, postal_code: str | None = None, city: str | None = None
    ) -> str | None:
        """The current INSEE code of a commune or arrondissement, from its code or a postal code.

        A former code (commune déléguée, merged commune) gives the current commune. A postal
        code shared by several communes needs ``city`` to choose; otherwise the error lists them.
        """
        if commune:
            if commune in self.location_names:
                return commune
            if commune in self.aliases:
                return self.aliases[commune]
            raise InvalidInput(f"commune {commune!r} is not an INSEE code of the current COG")
        if not postal_code:
            return None
        candidates = self.postal_codes.get(postal_code)
        if not candidates:
            raise InvalidInput(f"postal code {postal_code!r} is unknown")
        # A postal code of an arrondissement also lists its city (75001: Paris and Paris 1er).
        parents_shadowed = {self.parent_commune[code] for code in candidates if code in self.parent_commune}
        candidates = [code for code in candidates if code not in parents_shadowed]
        if city and len(candidates) > 1:
            wanted = search_key(city)
            chosen = [code for code in candidates if search_key(self.location_names[code]) == wanted]
            candidates = chosen or candidates
        if len(candidates) == 1:
            return candidates[0]
        raise InvalidInput(
            f"postal code {postal_code!r} is ambiguous: {self._describe(candidates)}; "
            "give the INSEE code in 'commune' or the commune's name in 'city'"
        )


def _split(value: str) -> list[str]:
    return [part for part in value.split(";") if part]


@cache
def load_reference() -> TerritoryReference:
    """The reference shipped in the package, read once."""
    territories: list[Territory] = []
    names: dict[str, str] = {}
    parent_commune: dict[str, str] = {}
    for row in _rows("territories.csv.gz"):
        parents = [ParentLink(key=key) for key in _split(row["parents"])]
        parents += [ParentLink(key=key, partial=True) for key in _split(row["partial_parents"])]
        territory = Territory(
            level=TerritoryLevel(row["level"]),
            code=row["code"],
            name=row["name"],
            population=int(row["population"]) if row["population"] else None,
            parents=parents,
            source=REFERENCE_SOURCE,
        )
        territories.append(territory)
        if territory.level in LOCATION_LEVELS:
            names[territory.code] = territory.name
        if territory.level is TerritoryLevel.ARRONDISSEMENT:
            parent_commune[territory.code] = parents[0].key.partition(":")[2]
    postal: dict[str, list[str]] = defaultdict(list)
    for row in _rows("postal_codes.csv.gz"):
        postal[row["postal_code"]].append(row["commune_code"])
    aliases = {row["old_code"]: row["current_code"] for row in _rows("commune_aliases.csv.gz")}
    return TerritoryReference(territories, dict(postal), aliases, names, parent_commune)


def install_reference(store: ReadWriteStore, progress: Progress = SILENT) -> WriteCounts:
    """Load the reference into a store, level by level (parents first), then the local authorities
    of its territories; re-running changes nothing."""
    reference = load_reference()
    run = "cog@" + REFERENCE_VERSION
    total = WriteCounts()
    order = sorted(TerritoryLevel, key=lambda level: level.rank)
    with progress.task("territoires (COG)", total=len(reference.territories)) as advance:
        for level in order:
            batch = [territory for territory in reference.territories if territory.level is level]
            if batch:
                total = total + store.upsert_territories(batch, run)
                advance(len(batch))
    return total + install_authorities(store, run, progress)


def install_authorities(store: ReadWriteStore, run: str, progress: Progress = SILENT) -> WriteCounts:
    """The reference's local authorities that the store does not hold yet. One it holds is left as
    it is: an import may have completed or renamed it since."""
    authorities = list(load_authorities().values())
    total = WriteCounts()
    with progress.task("collectivités (COG)", total=len(authorities)) as advance:
        for start in range(0, len(authorities), AUTHORITY_BATCH):
            batch = [a.organisation() for a in authorities[start : start + AUTHORITY_BATCH]]
            known = store.existing_organisation_ids([o.id for o in batch])
            fresh = [o for o in batch if o.id not in known]
            if fresh:
                total = total + store.upsert_organisations(fresh, run)
            advance(len(batch))
    return total
