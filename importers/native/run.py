"""Runs a native import: read every file, validate every row, load the valid ones, report the rest.

Files are processed in dependency order (territories, organisations, catalysts, alliances,
members) so that a row can refer to what an earlier file of the same import defines. Writes go
through the store's upserts, so running the same import twice changes nothing the second time.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path

from graph_service.errors import InvalidInput, NotFound
from graph_service.history import recorded_write
from graph_service.model import (
    AllianceInfo,
    CatalystProfile,
    EntityKind,
    MembershipEdge,
    Organisation,
    Territory,
    WriteCounts,
)
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.native.cells import CellError, RowCells
from importers.native.columns import canonical_names
from importers.native.edit_scope import EditScope
from importers.native.file_kinds import FileKind, collect_files
from importers.native.import_state import ImportState, PendingMember
from importers.native.report import ImportReport
from importers.native.rows import (
    RowContext,
    namespaced,
    parse_alliance,
    parse_catalyst,
    parse_member,
    parse_organisation,
    parse_territory,
)
from importers.pipeline.reading import NumberedRow, SourceTable, read_table
from importers.pipeline.run_record import IMPORT_AUTHOR, ImportRun
from importers.territory_reference import load_reference

DATASET_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
"""A dataset name: it namespaces ids and names the run (and so the rejects file)."""
ALLIANCE_MODEL_FIELDS = tuple(AllianceInfo.model_fields)


class NativeImport:
    """One import run over a set of native files."""

    def __init__(
        self,
        store: ReadWriteStore,
        dataset: str,
        *,
        dry_run: bool,
        progress: Progress,
        chunk_rows: int,
        author: str | None = IMPORT_AUTHOR,
        scope: EditScope | None = None,
    ) -> None:
        if not re.match(DATASET_PATTERN, dataset):
            raise InvalidInput(
                f"dataset {dataset!r} must be 1 to 64 letters, digits, '-' or '_' (mon-territoire)"
            )
        self.store = store
        self.dry_run = dry_run
        self.progress = progress
        self.chunk_rows = chunk_rows
        self.author = author
        self.scope = scope
        self.record = ImportRun(dataset)
        self.report = ImportReport(dataset=dataset, run=self.record.id, dry_run=dry_run)
        self.state = ImportState()
        self.context = RowContext(dataset, load_reference(), self._resolve_territory)

    # -- helpers -----------------------------------------------------------------------------
    def _resolve_territory(self, code: str) -> str:
        for key in (code, f"projet:{code}"):
            if key in self.state.areas:
                return key
        try:
            return self.store.resolve_territory(code)
        except NotFound as error:
            raise InvalidInput(
                f"territory {code!r} is neither in the reference nor in this import"
            ) from error

    def _rows(self, kind: FileKind, table: SourceTable) -> Iterator[NumberedRow]:
        with self.progress.task(f"{kind.value}: {table.path.name}", total=table.size) as advance:
            for line, data in table.rows:
                self.report.kinds[kind].read += 1
                advance(1)
                if "__error__" in data:
                    self.report.reject(kind, table.path.name, line, [CellError("row", "", data["__error__"])])
                    continue
                yield line, data

    def _existing_organisations(self, ids: set[str]) -> set[str]:
        unknown = ids - self.state.organisation_ids.keys()
        return (ids - unknown) | (self.store.existing_organisation_ids(unknown) if unknown else set())

    def _write(self, kind: FileKind, write: Callable[[], WriteCounts]) -> None:
        if not self.dry_run:
            self.report.kinds[kind].add(write())

    def _recorded(
        self, kind: FileKind, entity: EntityKind, ids: Iterable[str], write: Callable[[], WriteCounts]
    ) -> None:
        """A write whose changes to these organisations or alliances are recorded in the history."""
        run, author = self.report.run, self.author
        self._write(kind, lambda: recorded_write(self.store, entity, ids, write, run=run, author=author))

    # -- per kind ----------------------------------------------------------------------------
    def territories(self, table: SourceTable) -> None:
        batch: list[Territory] = []
        for line, data in self._rows(FileKind.TERRITORIES, table):
            cells = RowCells(data, canonical_names(FileKind.TERRITORIES, tuple(data)))
            territory = parse_territory(cells, self.context)
            if territory and territory.key in self.state.areas:
                cells.fail("code", f"duplicate territory {territory.key} in this import")
            elif territory and territory.key in self.context.reference.keys:
                reason = f"{territory.key} is a reference territory (COG): an import cannot change it"
                cells.fail("code", reason)
            if territory is None or cells.errors:
                self.report.reject(FileKind.TERRITORIES, table.path.name, line, cells.errors)
                continue
            self.state.areas[territory.key] = territory
            batch.append(territory)
        self._write(FileKind.TERRITORIES, lambda: self.store.upsert_territories(batch, self.report.run))

    def organisations(self, table: SourceTable) -> None:
        batch: list[Organisation] = []
        for line, data in self._rows(FileKind.ORGANISATIONS, table):
            cells = RowCells(data, canonical_names(FileKind.ORGANISATIONS, tuple(data)))
            local_id, organisation = parse_organisation(cells, self.context)
            local_key = namespaced(local_id, self.context.dataset) if local_id else None
            if organisation and organisation.id in self.state.organisation_ids:
                first = self.state.organisation_ids[organisation.id]
                cells.fail("id", f"duplicate organisation {organisation.id} (first at line {first})")
            elif local_key and local_key in self.state.local_ids:
                first = self.state.organisation_ids[self.state.local_ids[local_key]]
                cells.fail("id", f"duplicate id {local_id} (first at line {first})")
            if organisation and self.scope and not cells.errors:
                refusal = self.scope.organisation_refusal(organisation)
                if refusal:
                    cells.fail("commune", refusal)
            if organisation is None or cells.errors:
                self.report.reject(FileKind.ORGANISATIONS, table.path.name, line, cells.errors)
                continue
            self.state.organisation_ids[organisation.id] = line
            if local_key:
                self.state.local_ids[local_key] = organisation.id
            batch.append(organisation)
            if len(batch) >= self.chunk_rows:
                self._flush_organisations(batch)
                batch = []
        self._flush_organisations(batch)

    def _flush_organisations(self, batch: list[Organisation]) -> None:
        write = partial(self.store.upsert_organisations, batch, self.report.run)
        self._recorded(FileKind.ORGANISATIONS, EntityKind.ORGANISATION, [o.id for o in batch], write)

    def _canonical(self, reference: str) -> str:
        """An organisation id, where a local id of this import's organisations file gives its SIREN id."""
        return self.state.local_ids.get(reference, reference)

    def catalysts(self, table: SourceTable) -> None:
        parsed: list[tuple[int, str, CatalystProfile, RowCells]] = []
        for line, data in self._rows(FileKind.CATALYSTS, table):
            cells = RowCells(data, canonical_names(FileKind.CATALYSTS, tuple(data)))
            org_id, profile = parse_catalyst(cells, self.context)
            if org_id is None or profile is None or cells.errors:
                self.report.reject(FileKind.CATALYSTS, table.path.name, line, cells.errors)
                continue
            parsed.append((line, self._canonical(org_id), profile, cells))
        known = self._existing_organisations({org_id for _, org_id, _, _ in parsed})
        profiles: dict[str, CatalystProfile] = {}
        first_line: dict[str, int] = {}
        for line, org_id, profile, cells in parsed:
            if org_id not in known:
                cells.fail(
                    "organisation", f"organisation {org_id} is neither in this import nor in the store"
                )
            elif org_id in profiles:
                cells.fail(
                    "organisation", f"duplicate catalyst {org_id} (first at line {first_line[org_id]})"
                )
            if cells.errors:
                self.report.reject(FileKind.CATALYSTS, table.path.name, line, cells.errors)
                continue
            profiles[org_id], first_line[org_id] = profile, line
        write = partial(self.store.upsert_catalysts, profiles, self.context.dataset, self.report.run)
        self._recorded(FileKind.CATALYSTS, EntityKind.ORGANISATION, profiles, write)

    def alliances(self, table: SourceTable) -> None:
        for line, data in self._rows(FileKind.ALLIANCES, table):
            cells = RowCells(data, canonical_names(FileKind.ALLIANCES, tuple(data)))
            alliance = parse_alliance(cells, self.context)
            if alliance and alliance.id in self.state.alliances:
                first = self.state.alliances[alliance.id][2]
                cells.fail("id", f"duplicate alliance {alliance.id} (first at line {first})")
            if alliance is None or cells.errors:
                self.report.reject(FileKind.ALLIANCES, table.path.name, line, cells.errors)
                continue
            # Validated alliances wait for their members as bare value tuples: a national import
            # holds hundreds of thousands of them.
            values = tuple(getattr(alliance, name) for name in ALLIANCE_MODEL_FIELDS)
            self.state.alliances[alliance.id] = (values, table.path.name, line)

    def members(self, table: SourceTable) -> None:
        batch: list[tuple[int, str, str, str]] = []
        for line, data in self._rows(FileKind.MEMBERS, table):
            cells = RowCells(data, canonical_names(FileKind.MEMBERS, tuple(data)))
            member = parse_member(cells, self.context)
            if member is None:
                self.report.reject(FileKind.MEMBERS, table.path.name, line, cells.errors)
                continue
            alliance_id, org_id, role = member
            batch.append((line, alliance_id, self._canonical(org_id), role))
            if len(batch) >= self.chunk_rows:
                self._check_members(table.path.name, batch)
                batch = []
        self._check_members(table.path.name, batch)

    def _check_members(self, file: str, batch: list[tuple[int, str, str, str]]) -> None:
        """Keep the memberships whose alliance and organisation exist, once per alliance."""
        known_orgs = self._existing_organisations({org for _, _, org, _ in batch})
        outside = {alliance for _, alliance, _, _ in batch} - self.state.alliances.keys()
        known_alliances = self.store.existing_alliance_ids(outside) if outside else set()
        for line, alliance_id, org_id, role in batch:
            errors = []
            if alliance_id not in self.state.alliances and alliance_id not in known_alliances:
                reason = f"alliance {alliance_id} is neither in this import nor in the store"
                errors.append(CellError("alliance", alliance_id, reason))
            if org_id not in known_orgs:
                reason = f"organisation {org_id} is neither in this import nor in the store"
                errors.append(CellError("organisation", org_id, reason))
            elif org_id in self.state.members[alliance_id]:
                first = self.state.members[alliance_id][org_id].line
                reason = f"{org_id} is listed twice in {alliance_id} (first at line {first})"
                errors.append(CellError("organisation", org_id, reason))
            if errors:
                self.report.reject(FileKind.MEMBERS, file, line, errors)
                continue
            self.state.members[alliance_id][org_id] = PendingMember(file, line, role)

    def settle_alliances(self) -> None:
        """Keep the alliances with two or more members (counting those already stored), then write."""
        thin = [a for a in self.state.alliances if len(self.state.members.get(a, {})) < 2]
        stored = self.store.alliance_member_ids(thin) if thin else {}
        kept: list[AllianceInfo] = []
        for alliance_id, (values, file, line) in self.state.alliances.items():
            members = set(self.state.members.get(alliance_id, {})) | stored.get(alliance_id, set())
            count = len(members)
            refusal = self._alliance_refusal(alliance_id, members) if count >= 2 else None
            if count >= 2 and not refusal:
                kept.append(
                    AllianceInfo.model_construct(**dict(zip(ALLIANCE_MODEL_FIELDS, values, strict=True)))
                )
                continue
            reason = (
                refusal or f"alliance {alliance_id} has {count} member(s); an alliance needs at least two"
            )
            self.report.reject(FileKind.ALLIANCES, file, line, [CellError("id", alliance_id, reason)])
            self._reject_members(alliance_id, f"alliance {alliance_id} was rejected: {reason}")
        for alliance_id in [a for a in self.state.members if a not in self.state.alliances]:
            refusal = self._alliance_refusal(alliance_id, set(self.state.members[alliance_id]))
            if refusal:  # members added to a stored alliance out of reach
                self._reject_members(alliance_id, refusal)
        self.state.alliances.clear()
        if self.dry_run:
            return
        # Each alliance is written with its members, a chunk at a time: an import stopped in the
        # middle leaves whole alliances behind, not shells without members.
        with self.progress.task("writing alliances and members", total=len(kept)) as advance:
            for alliances, edges in self.state.alliance_chunks(kept, self.chunk_rows):
                ids = {a.id for a in alliances} | {e.alliance_id for e in edges}
                write = partial(self._write_alliances, alliances, edges)
                recorded_write(
                    self.store, EntityKind.ALLIANCE, ids, write, run=self.report.run, author=self.author
                )
                advance(len(alliances))

    def _write_alliances(self, alliances: list[AllianceInfo], edges: list[MembershipEdge]) -> None:
        """Alliances and memberships, one chunk: the history records them together, by alliance."""
        if alliances:
            self._write(FileKind.ALLIANCES, partial(self.store.upsert_alliances, alliances, self.report.run))
        memberships = partial(self.store.upsert_memberships, edges, self.context.dataset, self.report.run)
        self._write(FileKind.MEMBERS, memberships)

    def _alliance_refusal(self, alliance_id: str, members: set[str]) -> str | None:
        """Why the scope refuses an alliance with these members and those it has in the store."""
        if self.scope is None:
            return None
        every = members | self.store.alliance_member_ids([alliance_id]).get(alliance_id, set())
        # An organisation of this import passed the scope: the alliance is within reach.
        return (
            None if not every.isdisjoint(self.state.organisation_ids) else self.scope.alliance_refusal(every)
        )

    def _reject_members(self, alliance_id: str, reason: str) -> None:
        for pending in self.state.members.pop(alliance_id, {}).values():
            error = CellError("alliance", alliance_id, reason)
            self.report.reject(FileKind.MEMBERS, pending.file, pending.line, [error])

    # -- the whole run -----------------------------------------------------------------------
    def run(self, files: list[tuple[FileKind, Path]]) -> ImportReport:
        handlers = {
            FileKind.TERRITORIES: self.territories,
            FileKind.ORGANISATIONS: self.organisations,
            FileKind.CATALYSTS: self.catalysts,
            FileKind.ALLIANCES: self.alliances,
            FileKind.MEMBERS: self.members,
        }
        refusals = [self.scope.kind_refusal(kind.value) for kind, _ in files] if self.scope else []
        if any(refusals):
            raise InvalidInput(next(r for r in refusals if r))
        with self.record.recorded(self.store, self.report.summary, dry_run=self.dry_run):
            for kind, path in files:
                try:
                    table = read_table(path)
                except InvalidInput as error:
                    self.report.reject(kind, path.name, 0, [CellError("file", "", str(error))])
                    continue
                self.report.files.append({"file": str(path), "kind": kind.value, "encoding": table.encoding})
                handlers[kind](table)
            self.settle_alliances()
        return self.report


def import_native(
    paths: Iterable[Path],
    store: ReadWriteStore,
    *,
    dataset: str = "native",
    kind: FileKind | None = None,
    dry_run: bool = False,
    progress: Progress = SILENT,
    chunk_rows: int = 100_000,
    author: str | None = IMPORT_AUTHOR,
    scope: EditScope | None = None,
) -> ImportReport:
    """Import native files into ``store``; see the README for the columns of each kind.

    >>> import tempfile, pathlib
    >>> from graph_service.store.embedded import EmbeddedStore
    >>> from importers.territory_reference import load_reference
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> rows = "id,name,world,commune\\ngaia,GAIA,association,38185\\n"
    >>> _ = (folder / "organisations.csv").write_text(rows)
    >>> store = EmbeddedStore(folder / "g.lbug"); store.init_schema()
    >>> keys = {"pays:FR", "region:84", "departement:38", "epci:200040715", "commune:38185"}
    >>> _ = store.upsert_territories([t for t in load_reference().territories if t.key in keys], "ref")
    >>> report = import_native([folder / "organisations.csv"], store, dataset="demo")
    >>> report.kinds[FileKind.ORGANISATIONS].created, store.get_organisation("demo:gaia").commune
    (1, '38185')
    >>> store.close()
    """
    runner = NativeImport(
        store, dataset, dry_run=dry_run, progress=progress, chunk_rows=chunk_rows, author=author, scope=scope
    )
    files = collect_files(paths, kind)
    # An import holds millions of long-lived objects that the cyclic collector would rescan again
    # and again; none of them form cycles worth collecting before the run ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return runner.run(files)
    finally:
        if collecting:
            gc.enable()
