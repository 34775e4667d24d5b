"""Every answer carries its provenance: backend, data snapshot and the parameters used."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from graph_service.store.port import RunsAndChanges

T = TypeVar("T")


class Provenance(BaseModel):
    """Where an answer comes from."""

    backend: str
    snapshot: str
    parameters: dict[str, Any]


class Envelope(BaseModel, Generic[T]):
    """An answer: the data and its provenance (entities carry their own ``source``)."""

    data: T
    provenance: Provenance


def provenance(store: RunsAndChanges, **parameters: Any) -> Provenance:
    """The backend and snapshot of ``store``, and the parameters set (empty ones left out)."""
    shown = {key: value for key, value in parameters.items() if value not in (None, [], "")}
    return Provenance(backend=store.backend, snapshot=store.snapshot_id(), parameters=shown)
