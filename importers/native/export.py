"""Writes a store's graph, or one territory of it, as native files that ``maillage import`` reads back.

This is how data moves between stores: export from the embedded file, import into a shared Neo4j
(or the reverse). The files hold everything the graph says beyond the bundled territory reference:
informal areas and other territories the reference does not have, organisations, catalyst
profiles, alliances and their members with roles. Ids are written whole (``siren:…``,
``demo:gaia``), so an import under any dataset name gives the same ids back.

JSON Lines (the default) keeps lists, numbers and booleans as they are; CSV writes lists joined
with ``|``.

>>> import tempfile, pathlib
>>> from graph_service.store.embedded import EmbeddedStore
>>> from importers.demo import load_demo
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with EmbeddedStore(folder / "g.lbug") as store:
...     store.init_schema()
...     _ = load_demo(store)
...     counts = export_native(store, folder / "export", territory="38")
>>> counts.organisations > 500, sorted(p.name for p in (folder / "export").iterdir())[:2]
(True, ['alliance_members.jsonl', 'alliances.jsonl'])
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph_service.errors import InvalidInput
from graph_service.model import (
    AllianceInfo,
    Membership,
    Organisation,
    Page,
    Territory,
    TerritoryLevel,
)
from graph_service.model.filters import INSIDE_ONLY
from graph_service.progress import SILENT, Progress
from graph_service.spreadsheet import safe_cell
from graph_service.store.port import Reads
from graph_service.store.records import ALLIANCE_PROPERTIES, ORGANISATION_PROPERTIES
from importers.native.file_kinds import FileKind
from importers.territory_reference import load_reference

PAGE = 20_000
LIST_SEPARATOR = "|"
FILE_NAMES = {
    FileKind.TERRITORIES: "territories",
    FileKind.ORGANISATIONS: "organisations",
    FileKind.CATALYSTS: "catalysts",
    FileKind.ALLIANCES: "alliances",
    FileKind.MEMBERS: "alliance_members",
}


def _native(stored: tuple[str, ...]) -> tuple[str, ...]:
    """The stored properties a native file carries: not the derived search key nor the import run."""
    return tuple(name for name in stored if name not in ("name_key", "run"))


COLUMNS = {
    FileKind.TERRITORIES: ("level", "code", "name", "population", "parent", "communes", "source"),
    FileKind.ORGANISATIONS: _native(ORGANISATION_PROPERTIES),
    FileKind.CATALYSTS: ("organisation", "missions", "territories", "since"),
    FileKind.ALLIANCES: _native(ALLIANCE_PROPERTIES),
    FileKind.MEMBERS: ("alliance", "organisation", "role"),
}
NativeRow = dict[str, Any]


class NativeFormat(StrEnum):
    """File format of an export."""

    JSONL = "jsonl"
    CSV = "csv"


@dataclass
class ExportCounts:
    """How many rows each file of an export holds."""

    territories: int = 0
    organisations: int = 0
    catalysts: int = 0
    alliances: int = 0
    members: int = 0


def _pages(fetch: Callable[[int], Page[Any]], progress: Progress, label: str) -> Iterator[Any]:
    """Every item of a paged search, a page at a time."""
    first = fetch(0)
    with progress.task(label, total=first.total) as advance:
        page, offset = first, 0
        while page.items:
            yield from page.items
            advance(len(page.items))
            offset += len(page.items)
            if offset >= page.total:
                break
            page = fetch(offset)


def exported_territory(territory: Territory, members: Sequence[str]) -> NativeRow:
    parents = [link.key for link in territory.parents]
    return {
        "level": territory.level.value,
        "code": territory.code,
        "name": territory.name,
        "population": territory.population,
        "parent": parents[0] if parents else None,
        "communes": list(members),
        "source": territory.source,
    }


def exported_organisation(organisation: Organisation) -> NativeRow:
    data = organisation.model_dump(mode="json")
    return {column: data.get(column) for column in COLUMNS[FileKind.ORGANISATIONS]}


def exported_catalyst(organisation: Organisation) -> NativeRow | None:
    profile = organisation.catalyst
    if profile is None:
        return None
    return {
        "organisation": organisation.id,
        "missions": sorted(mission.value for mission in profile.missions),
        "territories": sorted(profile.territories),
        "since": profile.since,
    }


def exported_alliance(alliance: AllianceInfo) -> NativeRow:
    data = alliance.model_dump(mode="json")
    return {column: data.get(column) for column in COLUMNS[FileKind.ALLIANCES]}


class _Writer:
    """One native file per kind, opened on first row, in the chosen format."""

    def __init__(self, folder: Path, fmt: NativeFormat) -> None:
        self.folder, self.fmt = folder, fmt
        self.files: dict[FileKind, Any] = {}
        self.counts = ExportCounts()

    def write(self, kind: FileKind, rows: Iterable[NativeRow]) -> None:
        handle = self.files.get(kind)
        if handle is None:
            path = self.folder / f"{FILE_NAMES[kind]}.{self.fmt.value}"
            handle = self.files[kind] = path.open("w", encoding="utf-8", newline="")
            if self.fmt is NativeFormat.CSV:
                csv.writer(handle).writerow(COLUMNS[kind])
        written = 0
        for row in rows:
            if self.fmt is NativeFormat.JSONL:
                handle.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")
            else:
                csv.writer(handle).writerow(_csv_cell(row.get(column)) for column in COLUMNS[kind])
            written += 1
        field = kind.value
        setattr(self.counts, field, getattr(self.counts, field) + written)

    def close(self) -> None:
        for handle in self.files.values():
            handle.close()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return str(safe_cell(LIST_SEPARATOR.join(str(item) for item in value)))
    return str(safe_cell(value))


class _Export:
    """One export run: what it has written so far, so that every reference it makes is written too."""

    def __init__(self, store: Reads, writer: _Writer, progress: Progress) -> None:
        self.store, self.writer, self.progress = store, writer, progress
        self.reference_keys = {territory.key for territory in load_reference().territories}
        self.custom_written: set[str] = set()

    def custom_territories(self, keys: Iterable[str]) -> None:
        """The territories among ``keys`` that the reference lacks, parents first."""
        wanted = [key for key in dict.fromkeys(keys) if key not in self.reference_keys]
        for key in wanted:
            if key in self.custom_written:
                continue
            view = self.store.get_territory(key)
            # A parent the reference lacks must be imported before its child.
            self.custom_territories(link.key for link in view.territory.parents)
            members = (
                [child.key for child in view.children]
                if view.territory.level is TerritoryLevel.PROJET
                else []
            )
            self.custom_written.add(key)
            self.writer.write(FileKind.TERRITORIES, [exported_territory(view.territory, members)])

    def organisations(self, organisations: Iterable[Organisation]) -> None:
        catalysts: list[Organisation] = []
        batch: list[NativeRow] = []
        for organisation in organisations:
            batch.append(exported_organisation(organisation))
            if organisation.catalyst is not None:
                catalysts.append(organisation)
            if len(batch) >= PAGE:
                self.writer.write(FileKind.ORGANISATIONS, batch)
                batch = []
        self.writer.write(FileKind.ORGANISATIONS, batch)
        self.custom_territories(key for o in catalysts if o.catalyst for key in o.catalyst.territories)
        self.writer.write(FileKind.CATALYSTS, (row for o in catalysts if (row := exported_catalyst(o))))

    def alliances(self, alliances: Iterable[tuple[AllianceInfo, list[Membership]]]) -> None:
        """Each alliance with the members to write for it."""
        for alliance, members in alliances:
            self.writer.write(FileKind.ALLIANCES, [exported_alliance(alliance)])
            self.writer.write(
                FileKind.MEMBERS,
                (
                    {"alliance": alliance.id, "organisation": m.organisation_id, "role": m.role}
                    for m in members
                ),
            )


def export_native(
    store: Reads,
    folder: Path,
    *,
    territory: str | None = None,
    fmt: NativeFormat = NativeFormat.JSONL,
    progress: Progress = SILENT,
) -> ExportCounts:
    """Write the whole graph, or the organisations of ``territory`` and the alliances among them."""
    folder.mkdir(parents=True, exist_ok=True)
    if any(folder.glob("*.*")):
        raise InvalidInput(f"{folder}: the folder is not empty; export into a new folder")
    writer = _Writer(folder, NativeFormat(fmt))
    run = _Export(store, writer, progress)
    try:
        for kind in FILE_NAMES:
            writer.write(kind, [])  # every file exists, even empty, so that the set is complete
        if territory is None:
            areas = _pages(
                lambda offset: store.search_territories(limit=PAGE, offset=offset), progress, "territories"
            )
            run.custom_territories(t.key for t in areas)
            run.organisations(
                _pages(
                    lambda offset: store.search_organisations(limit=PAGE, offset=offset),
                    progress,
                    "organisations",
                )
            )
            alliances = _pages(
                lambda offset: store.search_alliances(limit=PAGE, offset=offset), progress, "alliances"
            )
            run.alliances((alliance, alliance.members) for alliance in alliances)
        else:
            key = store.resolve_territory(territory)
            run.custom_territories([key, *(child.key for child in store.get_territory(key).children)])
            ecosystem = store.ecosystem(key, INSIDE_ONLY)
            run.organisations(ecosystem.organisations)
            # The members inside the territory: an alliance reaching outside keeps its local side.
            inside: dict[str, list[Membership]] = defaultdict(list)
            for edge in ecosystem.memberships:
                inside[edge.alliance_id].append(
                    Membership(organisation_id=edge.organisation_id, role=edge.role)
                )
            run.alliances((alliance, inside[alliance.id]) for alliance in ecosystem.alliances)
    finally:
        writer.close()
    return writer.counts
