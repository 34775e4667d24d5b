"""Territory reads, answered from the territory reference kept in memory
(:class:`~graph_service.store.territory_index.TerritoryIndex`), and the data snapshot it follows."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from typing import Any

from graph_service.errors import InvalidInput
from graph_service.model import (
    REFERENCE_SOURCE,
    Page,
    PopulatedTerritory,
    Territory,
    TerritoryLevel,
    TerritoryView,
)
from graph_service.store import kinds
from graph_service.store.records import (
    territories_from_columns,
)
from graph_service.store.sync_engine import SyncEngine
from graph_service.store.territory_index import TerritoryIndex

_SHARED_INDEXES: dict[object, tuple[tuple[Any, ...], TerritoryIndex]] = {}
_SHARED_LOCK = threading.Lock()


class TerritoryQueries:
    """Territories from memory: resolved, searched, listed with their ancestors and children."""

    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine
        self._index: TerritoryIndex | None = None
        self._index_lock = threading.RLock()
        self._index_snapshot = ""
        self._index_version: tuple[Any, ...] = ()

    def _territory_index(self) -> TerritoryIndex:
        """The territory reference in memory, rebuilt after a change of territories.

        This process's own territory writes drop it at once. Another process's (a replica on a
        shared Neo4j) are noticed when the data snapshot moves and the territories' version (count
        and latest run of territories and links) moved with it.
        """
        index = self._index
        if index is not None and self.engine.sole_writer:
            return index
        # Read before the lock: on Neo4j it is a round trip that concurrent requests share.
        snapshot = self.engine.snapshot_id()
        with self._index_lock:
            index = self._index
            if index is not None and snapshot == self._index_snapshot:
                return index
            version = tuple(self.engine.read("territory_version", {})[0].values())
            if index is None or version != self._index_version:
                index = self._shared_index(version) or self._load_index(version)
            self._index, self._index_snapshot, self._index_version = index, snapshot, version
            return index

    def _load_index(self, version: tuple[Any, ...]) -> TerritoryIndex:
        index = TerritoryIndex(
            territories_from_columns(
                self.engine.read_columns("territories_all", {}),
                self.engine.read_columns("territory_links_all", {}),
            )
        )
        share = self.engine.index_share_key()
        if share is not None:
            with _SHARED_LOCK:
                _SHARED_INDEXES[share] = (version, index)
        return index

    def _shared_index(self, version: tuple[Any, ...]) -> TerritoryIndex | None:
        """The index another store object of this process built on the same database, if the
        territories' version has not moved since (its reading takes seconds on a server)."""
        share = self.engine.index_share_key()
        if share is None:
            return None
        with _SHARED_LOCK:
            held = _SHARED_INDEXES.get(share)
        return held[1] if held is not None and held[0] == version else None

    def forget_territories(self) -> None:
        with self._index_lock:
            self._index = None
        share = self.engine.index_share_key()
        if share is not None:
            with _SHARED_LOCK:
                _SHARED_INDEXES.pop(share, None)

    def resolve_territory(self, code: str) -> str:
        return self._territory_index().resolve(code)

    def get_territory(self, code: str) -> TerritoryView:
        index = self._territory_index()
        key = index.resolve(code)
        return TerritoryView(
            territory=index.by_key[key],
            ancestors=index.get(index.ancestors(key)),
            children=index.get(index.children(key)),
        )

    def search_territories(
        self,
        query: str = "",
        *,
        level: TerritoryLevel | None = None,
        parent: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Territory]:
        index = self._territory_index()
        level = TerritoryLevel(level) if level else None
        total, found = index.search(query, level=level, parent=index.resolve(parent) if parent else None)
        return Page[Territory](items=found[offset : offset + limit], total=total, limit=limit, offset=offset)

    def organisation_areas(self, code: str) -> dict[str, str]:
        records = self.engine.read("organisation_areas", self.territory_params(code))
        return {
            str(r["id"]): str(r["area"])
            for r in sorted(records, key=lambda r: (str(r["id"]), str(r["area"])))
        }

    def get_territories(self, keys: Sequence[str]) -> list[Territory]:
        return self._territory_index().get(keys)

    def populated_territories(self, level: TerritoryLevel) -> list[PopulatedTerritory]:
        totals = {
            str(r["key"]): int(r["total"])
            for r in self.engine.read(
                "populated_territories",
                {"level": TerritoryLevel(level).value, "reference_source": REFERENCE_SOURCE},
            )
        }
        territories = self._territory_index().get(sorted(totals))
        ranked = sorted(territories, key=lambda t: (-totals[t.key], t.key))
        return [PopulatedTerritory(territory=t, organisations=totals[t.key]) for t in ranked]

    def territory_world_counts(self, code: str) -> dict[str, int]:
        records = self.engine.read("territory_world_counts", self.territory_params(code))
        return {str(r["name"]): int(r["total"]) for r in sorted(records, key=lambda r: str(r["name"]))}

    def territory_params(self, code: str) -> dict[str, str]:
        """The parameters of a read of the organisations a territory counts: authorities the
        reference alone knows, with no tie yet, are not among them."""
        return {"territory": self.resolve_territory(code), "reference_source": REFERENCE_SOURCE}

    def existing_territory_keys(self, keys: Iterable[str]) -> set[str]:
        with self._index_lock:
            index = self._index if self.engine.sole_writer else None
        if index is None:
            # One look-up by key is cheaper than reading the whole reference back: the reference
            # import checks each level's parents right after writing the level above.
            return self.engine.existing_keys(kinds.TERRITORY, keys)
        return index.existing(keys)

    def with_ancestors(self, keys: set[str]) -> set[str]:
        index = self._territory_index()
        # Informal areas gather communes and EPCI outside the PART_OF tree: count them all touched.
        return keys | index.areas | {above for key in keys for above in index.ancestors(key)}

    def require_territories(self, keys: Iterable[str], why: str) -> None:
        wanted = set(keys)
        missing = wanted - self.existing_territory_keys(wanted)
        if missing:
            shown = ", ".join(sorted(missing)[:10])
            raise InvalidInput(f"{why}: unknown territor{'y' if len(missing) == 1 else 'ies'} {shown}")
