"""The history of writes in the store: each change recorded once, read back by id or as a page
filtered by territory, entity, kind, author or run, newest first. Values travel as JSON text (the
two backends store a map property differently; neither needs to query inside it)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from graph_service.errors import NotFound
from graph_service.model import ChangeRecord, Page
from graph_service.store.sync_engine import Record, SyncEngine, chunked

CHANGES_PER_WRITE = 1_000
"""Change records written by one statement: an import's thousands travel in a few."""


def _row(change: ChangeRecord) -> dict[str, Any]:
    row: dict[str, Any] = change.model_dump(mode="python", exclude={"before", "after", "undoes"})
    row.update(action=change.action.value, kind=change.kind.value, undoes=change.undoes or "")
    for key in ("before", "after"):
        value = getattr(change, key)
        row[key] = json.dumps(value, ensure_ascii=False, sort_keys=True) if value is not None else ""
    return row


def _record(row: Record) -> ChangeRecord:
    values = {key: json.loads(row[key]) if row[key] else None for key in ("before", "after")}
    return ChangeRecord.model_validate({**row, **values, "undoes": row["undoes"] or None})


class ChangeQueries:
    """The change history's reads and writes."""

    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine

    def record_changes(self, changes: Sequence[ChangeRecord]) -> None:
        for chunk in chunked(changes, CHANGES_PER_WRITE):
            self.engine.write("change_records_create", {"rows": [_row(change) for change in chunk]})

    def get_change(self, change_id: str) -> ChangeRecord:
        rows = self.engine.read("change_record_get", {"id": change_id})
        if not rows:
            raise NotFound("change", change_id)
        return _record(rows[0])

    def list_changes(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        territory: str | None = None,
        entity_id: str | None = None,
        kind: str | None = None,
        author: str | None = None,
        run: str | None = None,
    ) -> Page[ChangeRecord]:
        filters = {"territory": territory, "entity_id": entity_id, "kind": kind, "author": author, "run": run}
        params = {key: value or "" for key, value in filters.items()}
        total = int(self.engine.read("change_records_count", params)[0]["total"])
        # No SKIP past the end (see the README): an empty page is answered without asking.
        page = {**params, "offset": offset, "limit": limit}
        rows = self.engine.read("change_records_list", page) if offset < total else []
        return Page(items=[_record(row) for row in rows], total=total, limit=limit, offset=offset)
