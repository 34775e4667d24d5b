"""The closed vocabularies of the field, as string enums (values are the stored French codes).

>>> World("association").is_public
False
>>> World.COLLECTIVITE.is_public
True
>>> TerritoryLevel.COMMUNE.rank > TerritoryLevel.DEPARTEMENT.rank
True
"""

from __future__ import annotations

from enum import StrEnum


class World(StrEnum):
    """The *monde* of an organisation."""

    ASSOCIATION = "association"
    ENTREPRISE = "entreprise"
    COLLECTIVITE = "collectivite"
    ETAT = "etat"
    FONDATION = "fondation"
    ACADEMIQUE = "academique"
    AUTRE = "autre"

    @property
    def is_public(self) -> bool:
        """Public actors are the ones the domain warns about as mandatory pass-through points."""
        return self in (World.COLLECTIVITE, World.ETAT)


class TerritoryLevel(StrEnum):
    """Administrative levels, plus ``projet`` for informal areas (PETR, bassin de vie, named area)."""

    PAYS = "pays"
    REGION = "region"
    DEPARTEMENT = "departement"
    EPCI = "epci"
    COMMUNE = "commune"
    ARRONDISSEMENT = "arrondissement"
    PROJET = "projet"

    @property
    def rank(self) -> int:
        """Depth in the nesting, 0 for the country; informal areas sit beside the EPCI."""
        return _LEVEL_RANK[self]


_LEVEL_RANK = {
    TerritoryLevel.PAYS: 0,
    TerritoryLevel.REGION: 1,
    TerritoryLevel.DEPARTEMENT: 2,
    TerritoryLevel.EPCI: 3,
    TerritoryLevel.PROJET: 3,
    TerritoryLevel.COMMUNE: 4,
    TerritoryLevel.ARRONDISSEMENT: 5,
}


class AllianceMode(StrEnum):
    """Le RAMEAU's typology of alliances."""

    MECENAT = "mecenat"
    PRATIQUES_RESPONSABLES = "pratiques_responsables"
    COOPERATION_ECONOMIQUE = "cooperation_economique"
    INNOVATION_SOCIETALE = "innovation_societale"


class Maturity(StrEnum):
    """How mature an actor's partnership practice is."""

    PIONNIER = "pionnier"
    ACTIF = "actif"
    PREMIERS_PAS = "premiers_pas"
    NON_ENGAGE = "non_engage"


class SizeBand(StrEnum):
    """Company size category (INSEE *catégorie d'entreprise*)."""

    TPE = "TPE"
    PME = "PME"
    ETI = "ETI"
    GE = "GE"


class CatalystMission(StrEnum):
    """The three missions of a *catalyseur territorial*."""

    DIALOGUE = "dialogue"
    PARTENARIATS = "partenariats"
    EXPERIMENTATION = "experimentation"


class NodeLabel(StrEnum):
    """Node labels of the property graph; queries take labels from here only."""

    ORGANISATION = "Organisation"
    TERRITORY = "Territory"
    ALLIANCE = "Alliance"
    CATALYST = "Catalyst"
    IMPORT_RUN = "ImportRun"
    API_TOKEN = "ApiToken"
    ACCOUNT = "Account"
    BROWSER_SESSION = "BrowserSession"
    PASSWORD_LINK = "PasswordLink"
    CHANGE_RECORD = "ChangeRecord"


class RelType(StrEnum):
    """Relationship types of the property graph; queries take types from here only."""

    MEMBER_OF = "MEMBER_OF"
    LOCATED_IN = "LOCATED_IN"
    PART_OF = "PART_OF"
    ANIMATES = "ANIMATES"
    FUNDS = "FUNDS"
    CONTRACTS_WITH = "CONTRACTS_WITH"
