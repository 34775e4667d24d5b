"""What the store syncs: node kinds and relationship kinds, named after their query files.

A node kind ``organisation`` is read by ``organisation_existing``, created by ``organisation_create``
(``UNWIND … CREATE`` on LadybugDB, ``UNWIND … MERGE`` on Neo4j; LadybugDB loads large batches
with ``organisation_copy`` instead) and changed by ``organisation_update``.

>>> ORGANISATION.key, MEMBER_OF.owner
('id', 'to')
>>> ORGANISATION_CATALYST.existing_query, ORGANISATION_CATALYST.update_query
('organisation_existing', 'organisation_catalyst_update')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from graph_service.model import NodeLabel, RelType
from graph_service.store.records import (
    ALLIANCE_PROPERTIES,
    CATALYST_PROPERTIES,
    ORGANISATION_PROPERTIES,
    TERRITORY_PROPERTIES,
)


@dataclass(frozen=True)
class SyncedKind:
    """A kind of node or relationship the sync engine writes; it names its statements."""

    name: str

    @property
    def existing_query(self) -> str:
        """Reads the stored rows of some keys (for a relationship kind: of some owners)."""
        return f"{self.name}_existing"

    @property
    def create_query(self) -> str:
        """Creates rows known to be new, a batch at a time."""
        return f"{self.name}_create"

    @property
    def copy_query(self) -> str:
        """Loads many new rows in bulk (LadybugDB's ``COPY``)."""
        return f"{self.name}_copy"

    @property
    def update_query(self) -> str:
        """Sets the properties of rows that differ."""
        return f"{self.name}_update"

    @property
    def delete_query(self) -> str:
        """Deletes the relationships a write no longer states (kinds that ``replace``)."""
        return f"{self.name}_delete"


@dataclass(frozen=True)
class NodeKind(SyncedKind):
    """A node table: its label, key property and the properties an upsert compares and sets.

    ``owns`` names the relationship kinds whose owner side is this node kind.
    """

    label: NodeLabel
    key: str
    fields: tuple[str, ...]
    lookup: str = ""
    owns: tuple[str, ...] = ()

    @property
    def existing_query(self) -> str:
        return f"{self.lookup or self.name}_existing"

    @property
    def keys_query(self) -> str:
        return f"{self.lookup or self.name}_keys"


@dataclass(frozen=True)
class RelKind(SyncedKind):
    """A relationship type synced per owner node.

    ``owner`` is the side whose relationships a write states; with ``replace``, what a write does
    not state for an owner is deleted (an organisation has one location), otherwise kept.
    """

    type: RelType
    owner: Literal["from", "to"]
    props: tuple[str, ...]
    replace: bool
    identity: str | None = None
    """A property that tells apart several relationships of one pair (a subsidy's ``tie_key``):
    without it, a pair holds at most one relationship of the kind."""

    def pair(self, row: Mapping[str, Any]) -> tuple[str, ...]:
        """What identifies one relationship of this kind in a row or a stored record."""
        ends = (row["from_key"], row["to_key"])
        return ends if self.identity is None else (*ends, row[self.identity])


ORGANISATION = NodeKind(
    "organisation", NodeLabel.ORGANISATION, "id", ORGANISATION_PROPERTIES, owns=("located_in", "animates")
)
ORGANISATION_CATALYST = NodeKind(
    "organisation_catalyst", NodeLabel.ORGANISATION, "id", ("id", *CATALYST_PROPERTIES), "organisation"
)
TERRITORY = NodeKind(
    "territory", NodeLabel.TERRITORY, "key", TERRITORY_PROPERTIES, owns=("part_of", "area_member")
)
ALLIANCE = NodeKind("alliance", NodeLabel.ALLIANCE, "id", ALLIANCE_PROPERTIES, owns=("member_of",))

LOCATED_IN = RelKind("located_in", RelType.LOCATED_IN, "from", ("source",), replace=True)
ANIMATES = RelKind("animates", RelType.ANIMATES, "from", ("source",), replace=True)
PART_OF = RelKind("part_of", RelType.PART_OF, "from", ("partial", "source"), replace=True)
AREA_MEMBER = RelKind("area_member", RelType.PART_OF, "to", ("partial", "source"), replace=True)
MEMBER_OF = RelKind("member_of", RelType.MEMBER_OF, "to", ("role", "source"), replace=False)
OPEN_DATA_TIE_PROPERTIES = (
    "tie_key", "amount", "date", "object", "reference", "nature", "dataset", "source_file", "source_line",
    "source",
)  # fmt: skip
FUNDS = RelKind("funds", RelType.FUNDS, "from", OPEN_DATA_TIE_PROPERTIES, replace=False, identity="tie_key")
CONTRACTS_WITH = RelKind(
    "contracts_with",
    RelType.CONTRACTS_WITH,
    "from",
    OPEN_DATA_TIE_PROPERTIES,
    replace=False,
    identity="tie_key",
)
