"""Every answer carries its provenance: backend, data snapshot and the parameters used."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi import Request
from pydantic import BaseModel

from graph_service.store.port import GraphStore

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


def store_of(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def provenance(request: Request, **parameters: Any) -> Provenance:
    store = store_of(request)
    shown = {key: value for key, value in parameters.items() if value not in (None, [], "")}
    return Provenance(backend=store.backend, snapshot=store.snapshot_id(), parameters=shown)
