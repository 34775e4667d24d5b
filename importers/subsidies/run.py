"""Subsidy files (SCDL ``subventions`` 1.x and 2.x, and the historical variants) into ``FUNDS``
ties from grantor to beneficiary, with their amount, date, object, nature and reference.

A subsidy is identified by its grantor, beneficiary, date, reference and amount: re-importing a
file writes nothing new. A grantor missing from the file is given by ``grantor`` (an organisation
id, a SIREN, or a territory such as ``departement:66`` for that territory's local authority).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import partial
from itertools import chain, islice
from pathlib import Path
from typing import Any

from graph_service.errors import InvalidInput
from graph_service.history import recorded_write
from graph_service.identifiers import search_key
from graph_service.model import EntityKind, OpenDataTie, Organisation, World, tie_entity_id
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.pipeline import values
from importers.pipeline.column_profiles import SAMPLE_ROWS, ColumnProfile, profile_columns
from importers.pipeline.columns import ColumnMapping
from importers.pipeline.merging import holders_of
from importers.pipeline.reading import SourceTable, read_tables
from importers.pipeline.run_record import IMPORT_AUTHOR, ImportRun
from importers.pipeline.saved_mappings import SavedMappings, file_pattern
from importers.subsidies.grantors import MAX_NAME, Grantors
from importers.subsidies.identity import Grantor, NameMatch, Resolver, world_from_name, world_from_siren
from importers.subsidies.report import SubsidyReport
from importers.subsidies.tie_format import SUBSIDIES, TieFormat

SOURCE = SUBSIDIES.source


def tie_key(grantor: str, beneficiary: str, day: Any, reference: str | None, amount: float | None) -> str:
    """What tells one subsidy apart: grantor, beneficiary, date, reference and amount.

    >>> tie_key("siren:1", "siren:2", None, None, 10.0) == tie_key("siren:1", "siren:2", None, None, 10.0)
    True
    """
    text = "|".join(str(part or "") for part in (grantor, beneficiary, day, reference, amount))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:24]


def _retargeted(tie: OpenDataTie, held: dict[str, str]) -> OpenDataTie:
    """``tie`` between the organisations its ends are held by, with the key that gives."""
    source, target = held.get(tie.source_id, tie.source_id), held.get(tie.target_id, tie.target_id)
    if (source, target) == (tie.source_id, tie.target_id):
        return tie
    key = tie_key(source, target, tie.day, tie.reference, tie.amount)
    return tie.model_copy(update={"source_id": source, "target_id": target, "key": key})


class TieImport:
    """One run over one or more open-data tie files of one format: subsidies
    (:data:`~importers.subsidies.tie_format.SUBSIDIES`) or public contracts
    (:data:`~importers.contracts.run.CONTRACTS`)."""

    def __init__(
        self,
        store: ReadWriteStore,
        dataset: str,
        tie_format: TieFormat,
        *,
        grantor: str | None,
        dry_run: bool,
        progress: Progress,
        columns: dict[str, str] | None = None,
        saved: SavedMappings | None = None,
        author: str | None = IMPORT_AUTHOR,
    ) -> None:
        self.store = store
        self.author = author
        self.format = tie_format
        self.source = tie_format.source
        self.saved = saved
        """Where the users' column choices are kept per publisher, if anywhere."""
        self.columns = columns or {}
        """Fields the user named the column of (``--columns``): they override the inference."""
        self._table_grantor: Grantor | None = None
        self.dataset = dataset
        self.dry_run = dry_run
        self.progress = progress
        self.record = ImportRun(dataset)
        self.report = SubsidyReport(
            dataset=dataset, run=self.record.id, dry_run=dry_run, source=self.source, label=tie_format.label
        )
        self.resolver = Resolver(store, source=self.source)
        self.grantors = Grantors(store, self.resolver, self.report, grantor)

    # -- beneficiaries -------------------------------------------------------------------------
    def _beneficiary(
        self, row: dict[str, Any], grantor: Grantor, file: str, line: int
    ) -> Organisation | None:
        name = values.text(row.get("beneficiary_name"))
        siren = values.siren_of(row.get("beneficiary_id"))
        rna = values.rna_of(row.get("beneficiary_rna")) or values.rna_of(row.get("beneficiary_id"))
        scope = grantor.territory
        if siren:
            self.report.identified["siret"] += 1
            world = World.ASSOCIATION if rna else world_from_siren(siren) or world_from_name(name or "")
            found = Organisation(
                id=f"siren:{siren}", name=(name or f"SIREN {siren}")[:MAX_NAME],
                world=world, siren=siren, rna=rna, source=self.source,
            )  # fmt: skip
            return self.resolver.meet(found, scope)
        if rna:
            self.report.identified["rna"] += 1
            found = Organisation(
                id=f"rna:{rna}",
                name=(name or rna)[:MAX_NAME],
                world=World.ASSOCIATION,
                rna=rna,
                source=self.source,
            )
            return self.resolver.meet(found, scope)
        if name is None:
            self.report.reject(
                file,
                line,
                "beneficiary",
                row.get("beneficiary_id"),
                "the beneficiary has neither a name, a SIRET nor an RNA number",
            )
            return None
        match = self.resolver.by_name(name, scope)
        if match is not None:
            matched_id, _, score = match
            known = self.resolver.known(matched_id)
            if known is not None:
                self.report.identified["name"] += 1
                self.report.name_matches.append(
                    NameMatch(file, line, name, matched_id, known.name, round(score, 1))
                )
                return known
        self.report.identified["unidentified"] += 1
        where = (scope or grantor.organisation.id).replace(":", "-")
        slug = search_key(name).replace(" ", "-")[:150] or "sans-nom"
        found = Organisation(
            id=f"nom:{where}:{slug}", name=name[:MAX_NAME], world=world_from_name(name), source=self.source
        )
        return self.resolver.meet(found, scope)

    # -- rows ------------------------------------------------------------------------------------
    def _day(self, row: dict[str, Any], file: str, line: int) -> Any:
        """The date of the decision, else the first day of the payment period; ``None`` (said in
        a warning) when neither can be read."""
        for name in ("date", "period"):
            try:
                found = values.day(row.get(name))
            except ValueError as error:
                self.report.warn(file, line, name, row.get(name), f"{error}: loaded without this date")
                continue
            if found is not None:
                return found
        return None

    def _tie(self, row: dict[str, Any], file: str, line: int) -> OpenDataTie | None:
        # An unreadable amount or date does not unmake the subsidy: it is kept without, and said.
        try:
            amount = values.amount(row.get("amount"))
        except ValueError as error:
            self.report.warn(file, line, "montant", row.get("amount"), f"{error}: loaded without an amount")
            amount = None
        day = self._day(row, file, line)
        name, siren = values.text(row.get("grantor_name")), values.siren_of(row.get("grantor_id"))
        if name is not None or siren is not None:
            try:
                grantor = self.grantors.named(name, siren, values.text(row.get("grantor_type")))
            except InvalidInput as error:
                self.report.reject(file, line, "idAttribuant", row.get("grantor_id"), str(error))
                return None
        else:
            given = self.grantors.given() or self._table_grantor
            if given is None:
                self.report.reject(
                    file, line, "nomAttribuant", None, "the row names no grantor (give --grantor)"
                )
                return None
            grantor = given
        beneficiary = self._beneficiary(row, grantor, file, line)
        if beneficiary is None:
            return None
        reference = values.text(row.get("reference"))
        grantor_id = grantor.organisation.id
        return OpenDataTie(
            kind=self.format.kind, source_id=grantor_id, target_id=beneficiary.id, day=day, amount=amount,
            source=self.source, key=tie_key(grantor_id, beneficiary.id, day, reference, amount),
            object=values.text(row.get("object")), reference=reference, nature=values.text(row.get("nature")),
            dataset=self.dataset, file=file, line=line,
        )  # fmt: skip

    def _fields(self, table: SourceTable, sample: list[dict[str, Any]]) -> dict[str, Any]:
        """Which column holds each field: inferred from the header and the values (or given)."""
        mapping = self._mapping(table, self._profiles(table, sample))
        self.report.explain(table.name, mapping, table.header.titles)
        return self.format.fields(mapping, table.name, grantor_known=self._grantor_known(table, mapping))

    def _grantor_known(self, table: SourceTable, mapping: ColumnMapping) -> bool:
        """Whether every row's grantor is known without a column: given (``--grantor``), or named
        by a title row or the file name when no column names one."""
        named = any(mapping.columns_of(name) for name in ("grantor_name", "grantor_id"))
        self._table_grantor = None if named or self.grantors.given_name else self.grantors.from_title(table)
        return bool(self.grantors.given_name) or self._table_grantor is not None

    @staticmethod
    def _profiles(table: SourceTable, sample: list[dict[str, Any]]) -> list[ColumnProfile]:
        """What each column of ``table`` holds, from its header, the headings above and ``sample``."""
        keys = list(table.header.labels) or list(sample[0] if sample else [])
        return profile_columns(
            [table.header.labels.get(key, key) for key in keys],
            [[row.get(key) for key in keys] for row in sample],
            groups=[table.header.groups.get(key, "") for key in keys],
            keys=keys,
        )

    def _mapping(self, table: SourceTable, profiles: list[ColumnProfile]) -> ColumnMapping:
        """The columns chosen for ``table``: the user's (kept for its publisher), else the ones
        kept for its publisher from an earlier file, else the inference's alone."""
        mapping = self.format.infer(profiles, self.columns, "given with --columns")
        publishers = [file_pattern(table.path.name)]
        grantor_ids = [values.siren_of(c.column.examples[0]) for c in mapping.columns_of("grantor_id")]
        if grantor_ids and grantor_ids[0] and mapping.columns_of("grantor_id")[0].column.constant:
            publishers.insert(0, f"siren:{grantor_ids[0]}")
        if self.saved is None:
            return mapping
        if self.columns:
            if not self.dry_run:
                self.saved.remember(publishers, self.columns)
            return mapping
        kept = {name: header for name, header in self.saved.recall(publishers).items() if mapping.has(header)}
        if not kept:
            return mapping
        return self.format.infer(profiles, kept, "chosen for this publisher's earlier file")

    def _table(self, table: SourceTable) -> list[OpenDataTie]:
        ties: list[OpenDataTie] = []
        rows = iter(table.rows)
        head = list(islice(rows, SAMPLE_ROWS))
        if not head:
            self.report.files[-1]["skipped"] = "no table in it (no header and rows below)"
            return ties
        fields = self._fields(table, [raw for _, raw in head if "__error__" not in raw])
        header = table.header
        self.report.skip("header rows", 1 + header.above - len(header.titles))
        self.report.skip("title rows", len(header.titles))
        with self.progress.task(f"{self.source} {table.name}", total=table.size or None) as advance:
            for line, raw in chain(head, rows):
                advance(1)
                if "__error__" in raw:
                    self.report.read += 1
                    self.report.reject(table.name, line, "", "", raw["__error__"])
                    continue
                found = self.format.rows(raw, fields)
                if isinstance(found, str):
                    self.report.skip(found)
                    continue
                self.report.read += 1
                for row in found:
                    tie = self._tie(row, table.name, line)
                    if tie is not None:
                        ties.append(tie)
        return ties

    def _file(self, tables: list[SourceTable]) -> list[OpenDataTie]:
        """The ties of every table of one file. A sheet that holds no table of this kind (notes, a
        chart's data) is skipped and said so; a file none of whose tables can be read is refused."""
        ties: list[OpenDataTie] = []
        refusals: list[InvalidInput] = []
        for table in tables:
            self.report.files.append({"file": table.name, "encoding": table.encoding})
            try:
                ties += self._table(table)
            except InvalidInput as error:
                if len(tables) == 1:
                    raise
                refusals.append(error)
                self.report.files[-1]["skipped"] = f"no {self.format.label} table in this sheet"
        if refusals and len(refusals) == len(tables):
            raise refusals[0]
        return ties

    def run(self, paths: Iterable[Path]) -> SubsidyReport:
        with self.record.recorded(self.store, self.report.summary, dry_run=self.dry_run):
            self._read_and_write(paths)
        return self.report

    def _read_and_write(self, paths: Iterable[Path]) -> None:
        ties: list[OpenDataTie] = []
        for path in paths:
            ties += self._file(read_tables(path, header_score=self.format.header_score))
        new = self.resolver.new_ones()
        # A beneficiary named by a SIRET or an RNA number may be stored under another id (an
        # association the RNA created, a council SIRENE completed): its ties go to that one.
        held = {**holders_of(self.store, new), **self.resolver.held_here(new)}
        if held:
            new = [o for o in new if o.id not in held]
            ties = [_retargeted(tie, held) for tie in ties]
        unique = list({tie.key: tie for tie in ties}.values())
        # The same subsidy twice (same grantor, beneficiary, date, reference and amount) is one.
        self.report.duplicates = len(ties) - len(unique)
        self.report.organisations_created = len(new)
        fresh = {o.id for o in new}
        written = new + [o for o in self.resolver.completed.values() if o.id not in fresh]
        if self.dry_run:
            self.report.ties_created = len(unique)
            return
        run, author = self.report.run, self.author
        if written:
            write = partial(self.store.upsert_organisations, written, self.report.run)
            ids = [o.id for o in written]
            recorded_write(self.store, EntityKind.ORGANISATION, ids, write, run=run, author=author)
        tie_ids = [tie_entity_id(tie.source_id, tie.key) for tie in unique]
        write_ties = partial(self.store.upsert_open_data_ties, unique, self.report.run)
        counts = recorded_write(self.store, EntityKind.TIE, tie_ids, write_ties, run=run, author=author)
        self.report.ties_created, self.report.ties_updated = counts.created, counts.updated
        self.report.ties_unchanged = counts.unchanged


def import_subsidies(
    paths: Iterable[Path],
    store: ReadWriteStore,
    *,
    dataset: str = SOURCE,
    grantor: str | None = None,
    dry_run: bool = False,
    progress: Progress = SILENT,
    columns: dict[str, str] | None = None,
    saved: SavedMappings | None = None,
    author: str | None = IMPORT_AUTHOR,
) -> SubsidyReport:
    """Import subsidy files into ``store`` as ``FUNDS`` ties; see the README for the identity rules.

    ``columns`` names the column of some fields (``{"amount": "Montant octroyé"}``), overriding
    what the headers and values suggest; with ``saved``, they are kept for the file's publisher
    and used again for its next files."""
    if grantor is not None and not grantor.strip():
        grantor = None
    return TieImport(
        store, dataset, SUBSIDIES, grantor=grantor, dry_run=dry_run, progress=progress, columns=columns,
        saved=saved, author=author,
    ).run(paths)  # fmt: skip
