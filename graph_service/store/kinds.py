"""What the store syncs: node kinds and relationship kinds, named after their query files.

A node kind ``organisation`` is read by ``organisation_existing``, created by ``organisation_create``
(``UNWIND … CREATE`` on LadybugDB, ``UNWIND … MERGE`` on Neo4j; LadybugDB loads large batches
with ``organisation_copy`` instead) and changed by ``organisation_update``.

>>> ORGANISATION.key, MEMBER_OF.owner
('id', 'to')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graph_service.model import NodeLabel, RelType
from graph_service.store.records import (
    ALLIANCE_FIELDS,
    CATALYST_FIELDS,
    ORGANISATION_FIELDS,
    TERRITORY_FIELDS,
)


@dataclass(frozen=True)
class NodeKind:
    """A node table: its label, key property and the properties an upsert compares and sets.

    ``owns`` names the relationship kinds whose owner side is this node kind.
    """

    name: str
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
class RelKind:
    """A relationship type synced per owner node.

    ``owner`` is the side whose relationships a write states; with ``replace``, what a write does
    not state for an owner is deleted (an organisation has one location), otherwise kept.
    """

    name: str
    type: RelType
    owner: Literal["from", "to"]
    props: tuple[str, ...]
    replace: bool


ORGANISATION = NodeKind(
    "organisation", NodeLabel.ORGANISATION, "id", ORGANISATION_FIELDS, owns=("located_in", "animates")
)
ORGANISATION_CATALYST = NodeKind(
    "organisation_catalyst", NodeLabel.ORGANISATION, "id", ("id", *CATALYST_FIELDS), "organisation"
)
TERRITORY = NodeKind(
    "territory", NodeLabel.TERRITORY, "key", TERRITORY_FIELDS, owns=("part_of", "area_member")
)
ALLIANCE = NodeKind("alliance", NodeLabel.ALLIANCE, "id", ALLIANCE_FIELDS, owns=("member_of",))

LOCATED_IN = RelKind("located_in", RelType.LOCATED_IN, "from", ("source",), replace=True)
ANIMATES = RelKind("animates", RelType.ANIMATES, "from", ("source",), replace=True)
PART_OF = RelKind("part_of", RelType.PART_OF, "from", ("partial", "source"), replace=True)
AREA_MEMBER = RelKind("area_member", RelType.PART_OF, "to", ("partial", "source"), replace=True)
MEMBER_OF = RelKind("member_of", RelType.MEMBER_OF, "to", ("role", "source"), replace=False)
