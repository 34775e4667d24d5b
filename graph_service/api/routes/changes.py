"""``/changes``: the history of writes (who, when, the values before and after), filtered by
territory, organisation, alliance, author or run; and « Annuler » (``POST /changes/{id}/undo``),
which undoes the write the change belongs to, itself recorded. Read and undone by those who
write: a token of scope write, a signed-in admin or catalyst (who undoes only within their
territories)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from graph_service import undo
from graph_service.api.auth import Writer, WriterDep, require_write
from graph_service.api.dependencies import StoreDep
from graph_service.api.edit_rights import check_alliance, check_organisation
from graph_service.api.envelope import Envelope, provenance
from graph_service.api.routes.common import Limit, Offset
from graph_service.model import ChangeRecord, EntityKind, Organisation, Page
from graph_service.store.port import GraphStore

router = APIRouter(prefix="/changes", tags=["changes"])

ChangeId = Annotated[str, Path(max_length=64, examples=["3f2a9c0d1e2b4a5c"])]
Filter = Annotated[str | None, Query(max_length=200)]


@router.get("", summary="The history of writes, newest first", dependencies=[Depends(require_write)])
def list_changes(
    store: StoreDep,
    territory: Annotated[str | None, Query(max_length=200, description="a territory's code or key")] = None,
    organisation: Filter = None,
    alliance: Filter = None,
    user: Annotated[str | None, Query(max_length=254, description="the author: an e-mail")] = None,
    run: Filter = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Envelope[Page[ChangeRecord]]:
    key = store.resolve_territory(territory) if territory else None
    kind = EntityKind.ORGANISATION if organisation else EntityKind.ALLIANCE if alliance else None
    page = store.list_changes(
        offset=offset,
        limit=limit,
        territory=key,
        entity_id=organisation or alliance,
        kind=kind.value if kind else None,
        author=user.strip().lower() if user and "@" in user else user,
        run=run,
    )
    shown = provenance(
        store, territory=key, organisation=organisation, alliance=alliance, user=user, run=run, limit=limit,
        offset=offset,
    )  # fmt: skip
    return Envelope(data=page, provenance=shown)


def check_rights(writer: WriterDep, store: StoreDep, change: ChangeRecord) -> None:
    """The writer may change the entity as it is and as the undo makes it."""
    if change.kind is EntityKind.ORGANISATION:
        before = Organisation.model_validate(change.before) if change.before else None
        check_organisation(writer, store, change.entity_id, before)
        return
    value = change.before or change.after or {}
    if change.kind is EntityKind.TIE:  # one of its two ends the writer may change, as for a pair
        check_alliance(writer, store, change.entity_id, [value["source_id"], value["target_id"]])
        return
    check_alliance(writer, store, change.entity_id, [m["organisation_id"] for m in value.get("members", [])])


@router.post("/{change_id}/undo", summary="Undo the write a change belongs to")
def undo_change(store: StoreDep, writer: WriterDep, change_id: ChangeId) -> Envelope[list[ChangeRecord]]:
    """Every entity the write changed is put back as it was before it (an alliance with exactly
    its members of then); 409 when one has changed since: undo its later change first."""
    made = undo_within_rights(writer, store, change_id)
    return Envelope(data=made, provenance=provenance(store, id=change_id))


def undo_within_rights(writer: Writer, store: GraphStore, change_id: str) -> list[ChangeRecord]:
    """Undo the write of ``change_id`` if the writer may change every entity it touched (403)."""
    change = store.get_change(change_id)
    for done in undo.run_changes(store, change.run):
        check_rights(writer, store, done)
    return undo.undo(store, change_id, writer.author)
