"""The engine every Cypher backend syncs with: named statements in, diffing upserts out.

An adapter supplies four primitives (run a named read, run a named write, create new nodes and
relationships in bulk); the engine reads what exists, compares, and creates, updates or deletes
only what differs, a batch at a time. The statement names come from the kinds
(:mod:`graph_service.store.kinds`) and the statement families
(:mod:`graph_service.store.statements`).

>>> [list(chunk) for chunk in chunked([1, 2, 3, 4, 5], 2)]
[[1, 2], [3, 4], [5]]
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from graph_service.errors import NotFound
from graph_service.model import (
    WriteCounts,
)
from graph_service.store.kinds import NodeKind, RelKind
from graph_service.store.statements import ByIds, PagedSearch

Record = dict[str, Any]
T = TypeVar("T")


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class SyncResult:
    """Keys a sync created and updated (for relationships: their owners), and how many stayed."""

    created: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)
    unchanged: int = 0
    created_rows: int = 0
    updated_rows: int = 0

    @property
    def counts(self) -> WriteCounts:
        return WriteCounts(created=len(self.created), updated=len(self.updated), unchanged=self.unchanged)


def _same(stored: Any, wanted: Any) -> bool:
    # Stores give back [] or None for an empty list, and datetimes for dates on some drivers.
    if isinstance(wanted, list) or isinstance(stored, list):
        return list(stored or []) == list(wanted or [])
    if isinstance(stored, datetime) and isinstance(wanted, date):
        return stored.date() == wanted
    return bool(stored == wanted)


class SyncEngine(ABC):
    """Diffing upserts and batched reads over named Cypher statements; an adapter binds the
    primitives to one database."""

    dialect: str
    reads_one_by_one = 0
    """Up to this many ids, a read by ids runs its ``one`` twin once per id (``read_by_ids``)."""

    sole_writer = False
    """True when no other process can write the database (an embedded file opened for writing):
    the territory reference then changes only through this store's own writes."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        # Per relationship kind: owners this store created whose relationships were never synced.
        self.unlinked: defaultdict[str, set[str]] = defaultdict(set)

    def snapshot_id(self) -> str:
        """The latest finished import run: what every answer names as its data snapshot."""
        records = self.read("latest_import_run", {})
        return str(records[0]["id"]) if records else "empty"

    def index_share_key(self) -> object | None:
        """What identifies this database among the process's stores, when several store objects
        may open it (a server's); None keeps the territory index to this object."""
        return None

    @abstractmethod
    def read(self, name: str, params: dict[str, Any]) -> list[Record]:
        """Run the named read; records come back as dicts, nodes as dicts of their properties."""

    @abstractmethod
    def write(self, name: str, params: dict[str, Any]) -> list[Record]:
        """Run the named write (routed to a writer); returns what it returns, like a read."""

    @abstractmethod
    def create_nodes(self, kind: NodeKind, rows: list[Record]) -> None:
        """Create nodes whose keys are known to be new."""

    @abstractmethod
    def create_relationships(self, kind: RelKind, rows: list[Record]) -> None:
        """Create relationships known to be new; rows carry ``from_key``, ``to_key`` and properties."""

    def existing_nodes(self, kind: NodeKind, keys: Iterable[str]) -> dict[str, Record]:
        found: dict[str, Record] = {}
        for chunk in chunked(sorted(set(keys)), self.batch_size):
            for record in self.read(kind.existing_query, {"keys": list(chunk)}):
                node = record["n"]
                found[node[kind.key]] = node
        return found

    def existing_keys(self, kind: NodeKind, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunked(sorted(set(keys)), self.batch_size):
            found.update(record["key"] for record in self.read(kind.keys_query, {"keys": list(chunk)}))
        return found

    def sync_nodes(self, kind: NodeKind, rows: Iterable[Record], *, create: bool = True) -> SyncResult:
        wanted = {row[kind.key]: row for row in rows}
        existing = self.existing_nodes(kind, wanted)
        compared = [field for field in kind.fields if field != "run"]
        new = [row for key, row in wanted.items() if key not in existing]
        changed = [
            row
            for key, row in wanted.items()
            if key in existing and not all(_same(existing[key].get(f), row.get(f)) for f in compared)
        ]
        if new and not create:
            missing = ", ".join(sorted(row[kind.key] for row in new)[:10])
            raise NotFound(kind.label.value, missing)
        if new:
            self.create_nodes(kind, new)
            for rel_kind in kind.owns:
                self.unlinked[rel_kind].update(row[kind.key] for row in new)
        for chunk in chunked(changed, self.batch_size):
            rows_to_set = [{field: row.get(field) for field in kind.fields} for row in chunk]
            self.write(kind.update_query, {"rows": rows_to_set})
        return SyncResult(
            created={row[kind.key] for row in new},
            updated={row[kind.key] for row in changed},
            unchanged=len(wanted) - len(new) - len(changed),
        )

    def existing_relationships(self, kind: RelKind, owners: Iterable[str]) -> dict[tuple[str, ...], Record]:
        found: dict[tuple[str, ...], Record] = {}
        for chunk in chunked(sorted(set(owners)), self.batch_size):
            for record in self.read(kind.existing_query, {"keys": list(chunk)}):
                properties = record["r"] or {}
                found[kind.pair({**properties, **record})] = properties
        return found

    def sync_relationships(self, kind: RelKind, rows: Iterable[Record], owners: Iterable[str]) -> SyncResult:
        wanted = {kind.pair(row): row for row in rows}
        # Nodes this store created and has not linked yet cannot have relationships: skip the look-up.
        unlinked = self.unlinked[kind.name]
        owner_set = set(owners)
        fresh = owner_set & unlinked
        unlinked -= fresh
        existing = self.existing_relationships(kind, owner_set - fresh)
        new = [row for pair, row in wanted.items() if pair not in existing]
        changed = [
            row
            for pair, row in wanted.items()
            if pair in existing and not all(_same(existing[pair].get(p), row.get(p)) for p in kind.props)
        ]
        stale = [{"from_key": p[0], "to_key": p[1]} for p in existing if kind.replace and p not in wanted]
        for chunk in chunked(stale, self.batch_size):
            self.write(kind.delete_query, {"rows": list(chunk)})
        if new:
            self.create_relationships(kind, new)
        for chunk in chunked(changed, self.batch_size):
            self.write(kind.update_query, {"rows": list(chunk)})
        side = "from_key" if kind.owner == "from" else "to_key"
        return SyncResult(
            created={row[side] for row in new},
            updated={row[side] for row in changed} | {row[side] for row in stale},
            unchanged=len(wanted) - len(new) - len(changed),
            created_rows=len(new),
            updated_rows=len(changed),
        )

    @staticmethod
    def owner_counts(nodes: SyncResult, *links: SyncResult) -> WriteCounts:
        """Counts by node, where a node whose links changed counts as updated."""
        touched = set().union(*(result.created | result.updated for result in links))
        updated = nodes.updated | (touched - nodes.created)
        total = len(nodes.created) + len(nodes.updated) + nodes.unchanged
        return WriteCounts(
            created=len(nodes.created),
            updated=len(updated),
            unchanged=total - len(nodes.created) - len(updated),
        )

    def read_by_ids(self, statement: ByIds, ids: Sequence[str], **params: Any) -> list[Record]:
        """A read of up to ``reads_one_by_one`` ids runs its ``one`` twin once per id."""
        if not ids:
            return []
        if len(ids) > self.reads_one_by_one:
            return self.read(statement.many, {**params, "ids": list(ids)})
        return [record for one in ids for record in self.read(statement.one, {**params, "id": one})]

    def page_keys(
        self, search: PagedSearch, params: dict[str, Any], column: str, limit: int, offset: int
    ) -> tuple[int, list[str]]:
        """The total of a paged search (its ``count`` twin) and the keys of one page."""
        total = int(self.read(search.count, params)[0]["total"])
        if offset >= total or limit <= 0:
            # LadybugDB 0.22 crashes the process on ``ORDER BY … SKIP`` past the end: never page there.
            return total, []
        records = self.read(search.page, {**params, "limit": limit, "offset": offset})
        return total, [record[column] for record in records]

    def read_columns(self, name: str, params: dict[str, Any]) -> dict[str, list[Any]]:
        """A read as columns; an adapter may fetch them column-wise in one go (Arrow)."""
        rows = self.read(name, params)
        return {column: [row[column] for row in rows] for column in (rows[0] if rows else {})}
