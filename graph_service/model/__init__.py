"""Pydantic domain models and enums of Maillage.

>>> from graph_service.model import Organisation, World
>>> Organisation(id="demo:x", name="X", world=World.FONDATION).world.value
'fondation'
"""

from graph_service.model.access import ApiToken, TokenScope
from graph_service.model.account import AccountRole, Session, User
from graph_service.model.alliance import DEFAULT_ROLE, Alliance, AllianceBody, AllianceInfo, Membership
from graph_service.model.change_record import ChangeAction, ChangeRecord, EntityKind, tie_ends, tie_entity_id
from graph_service.model.enums import (
    AllianceMode,
    CatalystMission,
    Maturity,
    NodeLabel,
    RelType,
    SizeBand,
    TerritoryLevel,
    World,
)
from graph_service.model.filters import SubgraphFilter
from graph_service.model.organisation import CatalystProfile, Organisation
from graph_service.model.territory import (
    REFERENCE_SOURCE,
    ParentLink,
    PopulatedTerritory,
    Territory,
    TerritoryDetail,
    TerritoryView,
    location_key,
    territory_key,
)
from graph_service.model.views import (
    ConnectionPath,
    EcosystemFrame,
    MembershipEdge,
    OpenDataTie,
    Page,
    PathStep,
    StoreCounts,
    Subgraph,
    WriteCounts,
)

__all__ = [
    "DEFAULT_ROLE",
    "REFERENCE_SOURCE",
    "AccountRole",
    "Alliance",
    "AllianceBody",
    "AllianceInfo",
    "AllianceMode",
    "ApiToken",
    "CatalystMission",
    "CatalystProfile",
    "ChangeAction",
    "ChangeRecord",
    "ConnectionPath",
    "EcosystemFrame",
    "EntityKind",
    "Maturity",
    "Membership",
    "MembershipEdge",
    "NodeLabel",
    "OpenDataTie",
    "Organisation",
    "Page",
    "ParentLink",
    "PathStep",
    "PopulatedTerritory",
    "RelType",
    "Session",
    "SizeBand",
    "StoreCounts",
    "Subgraph",
    "SubgraphFilter",
    "Territory",
    "TerritoryDetail",
    "TerritoryLevel",
    "TerritoryView",
    "TokenScope",
    "User",
    "World",
    "WriteCounts",
    "location_key",
    "territory_key",
    "tie_ends",
    "tie_entity_id",
]
