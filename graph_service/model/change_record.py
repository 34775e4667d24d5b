"""One recorded write: who, when, what, and the values before and after, so that a history can be
read per organisation, alliance, subsidy or contract, territory or person, and a change undone.

>>> record = ChangeRecord(id="c1", at="2026-12-06T10:00:00Z", author="claire@example.fr",
...                       action=ChangeAction.UPDATE, kind=EntityKind.ORGANISATION, entity_id="demo:gaia",
...                       run="api@1", before={"name": "GAIA"}, after={"name": "Gaïa"})
>>> record.changed_fields()
['name']
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from graph_service.model.instants import UtcDatetime


class ChangeAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


class EntityKind(StrEnum):
    ORGANISATION = "organisation"
    ALLIANCE = "alliance"
    TIE = "tie"
    """A subsidy or a public contract read in open data; its id is :func:`tie_entity_id`."""


def tie_entity_id(source_id: str, key: str) -> str:
    """The history's id of an open-data tie: its funder's (or buyer's) id and its key.

    >>> tie_ends(tie_entity_id("siren:223800014", "3fa2c1"))
    ('siren:223800014', '3fa2c1')
    """
    return f"{source_id}/{key}"


def tie_ends(entity_id: str) -> tuple[str, str]:
    """The funder's id and the key of a tie's history id (a key holds no ``/``)."""
    source_id, _, key = entity_id.rpartition("/")
    return source_id, key


class ChangeRecord(BaseModel):
    """A write of one organisation or alliance, with its values before and after (None: absent)."""

    id: str
    at: UtcDatetime
    author: str = Field(description="the signed-in person's e-mail, or the token that wrote")
    action: ChangeAction
    kind: EntityKind
    entity_id: str
    territories: list[str] = Field(default_factory=list, description="where it lies, before and after")
    run: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    undoes: str | None = Field(default=None, description="the change this one undid")

    def changed_fields(self) -> list[str]:
        """The fields whose values differ between before and after."""
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
