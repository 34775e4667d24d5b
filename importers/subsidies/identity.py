"""Who a subsidy row names: the grantor, and the beneficiary by SIRET, by RNA number, by name, or
not at all.

- A SIRET (or SIREN) gives ``siren:<SIREN>``; an RNA number ``rna:<W…>``.
- A name alone is compared with the organisations located in the grantor's territory (and those
  this import has met), accent- and case-free, with rapidfuzz's ``token_sort_ratio``: at
  :data:`NAME_MATCH_THRESHOLD` or above it is that organisation, and the report lists the match with
  its score.
- Below, the beneficiary becomes an organisation of its own, ``nom:<territory>:<name>``, reported
  as unidentified: never merged by guess with another.

>>> world_from_name("Association sportive de Poitiers"), world_from_name("COMMUNE DE BERNY")
(<World.ASSOCIATION: 'association'>, <World.COLLECTIVITE: 'collectivite'>)
>>> grantor_place_name("Conseil départemental de l’Aube"), grantor_place_name("Ville de Poitiers")
('aube', 'poitiers')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from graph_service.identifiers import search_key
from graph_service.model import Organisation, TerritoryLevel, World
from graph_service.model.filters import INSIDE_ONLY
from graph_service.store.port import ReadWriteStore
from importers.territory_reference.authorities import load_authorities

NAME_MATCH_THRESHOLD = 92.0
"""Score (0-100, rapidfuzz ``token_sort_ratio`` on accent- and case-free names) from which a
beneficiary known by name only is taken to be an organisation already known."""

_PLACE_PREFIX = re.compile(
    r"^(conseil (departemental|regional|general)|departement|region|ville|commune|mairie|collectivite"
    r"|communaute (de communes|d agglomeration|urbaine)|metropole)( de la| de l| du| des| de| d)? "
)
_ASSOCIATION_WORDS = ("association", "asso ", "club", "comite", "amicale", "federation", "union sportive")
_PUBLIC_WORDS = ("commune", "mairie", "ville de", "ccas", "communaute de communes", "syndicat")


def grantor_place_name(name: str) -> str:
    """The place a local authority is named after: « Département de la Somme » → ``somme``."""
    return _PLACE_PREFIX.sub("", search_key(name)).strip()


def world_from_name(name: str) -> World:
    """A world guessed from a name alone; ``autre`` unless the name says it."""
    key = f"{search_key(name)} "
    if any(word in key for word in _PUBLIC_WORDS):
        return World.COLLECTIVITE
    if any(word in key for word in _ASSOCIATION_WORDS):
        return World.ASSOCIATION
    return World.AUTRE


def world_from_siren(siren: str) -> World | None:
    """Public bodies' SIRENs start with 1 (the State) or 2 (local authorities)."""
    return {"1": World.ETAT, "2": World.COLLECTIVITE}.get(siren[:1])


@dataclass
class Grantor:
    """The authority that grants: its organisation, and the territory its name designates."""

    organisation: Organisation
    territory: str | None
    """The key of its territory (``departement:80``), where beneficiaries known by name are sought."""


@dataclass
class NameMatch:
    """A beneficiary known by name only, taken to be an organisation already known."""

    file: str
    line: int
    name: str
    matched_id: str
    matched_name: str
    score: float


@dataclass
class Resolver:
    """Resolves grantors and beneficiaries against the store and what this import has met."""

    store: ReadWriteStore
    met: dict[str, Organisation] = field(default_factory=dict)
    """Organisations this import names, by id (created or found)."""
    source: str = "subventions"
    """The source given to the organisations this import creates."""
    _names: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per territory scope: accent-free name → organisation id."""
    completed: dict[str, Organisation] = field(default_factory=dict)
    """Authorities the reference knew without a SIREN, given the one a file states, by id."""
    _siren_holders: dict[str, str] = field(default_factory=dict)

    def known(self, organisation_id: str) -> Organisation | None:
        if organisation_id in self.met:
            return self.met[organisation_id]
        found = self.store.get_organisations([organisation_id])
        if found:
            self.met[organisation_id] = found[0]
            return found[0]
        return None

    def meet(self, organisation: Organisation, scope: str | None) -> Organisation:
        """The organisation as this import first met it; whether the store knows it already is
        asked once for all at the end (:meth:`new_ones`), not once per row."""
        met = self.met.setdefault(organisation.id, organisation)
        if scope is not None:
            self._scope(scope).setdefault(search_key(met.name), met.id)
        return met

    def authority(self, territory_key: str, name: str | None = None) -> Organisation:
        """The local authority of a territory: as the store holds it, else as the reference names
        it. A territory with no authority of its own (an informal area) gets ``collectivite:<key>``
        named ``name`` or after the territory."""
        reference = load_authorities().get(territory_key)
        if reference is not None:
            return self.known(reference.id) or self.meet(reference.organisation(), territory_key)
        territory = self.store.get_territory(territory_key).territory
        commune = territory.code if territory.level is TerritoryLevel.COMMUNE else None
        organisation = Organisation(
            id=f"collectivite:{territory_key}", name=(name or territory.name)[:500],
            world=World.COLLECTIVITE, commune=commune, source=self.source,
        )  # fmt: skip
        return self.meet(organisation, territory_key)

    def holder_of_siren(self, siren: str) -> str:
        """The id of the organisation that holds ``siren``: ``siren:<SIREN>`` unless an authority
        the reference knew without it was given it by SIRENE (``collectivite:region:84``)."""
        if siren not in self._siren_holders:
            holders = self.store.organisation_ids_by_siren([siren]).get(siren, set())
            self._siren_holders[siren] = sorted(holders)[0] if holders else f"siren:{siren}"
        return self._siren_holders[siren]

    def give_siren(self, authority: Organisation, siren: str) -> Organisation:
        """``authority`` holding ``siren`` from now on (written with the import)."""
        completed = authority.model_copy(update={"siren": siren})
        self.met[completed.id] = self.completed[completed.id] = completed
        self._siren_holders[siren] = completed.id
        return completed

    def held_here(self, organisations: list[Organisation]) -> dict[str, str]:
        """The ids of the organisations this import gave one of their SIRENs (an authority a file
        completed), by their own id: the store does not know it before the import writes."""
        return {
            o.id: self._siren_holders[o.siren]
            for o in organisations
            if o.siren in self._siren_holders and self._siren_holders[o.siren] != o.id
        }

    def new_ones(self) -> list[Organisation]:
        """The organisations met that the store does not hold yet."""
        stored = self.store.existing_organisation_ids(list(self.met))
        return [o for o in self.met.values() if o.id not in stored]

    def territory_named(self, name: str, kind: str | None) -> str | None:
        """The territory a grantor's name designates: « Département du Lot » → ``departement:46``."""
        place = grantor_place_name(name)
        if not place:
            return None
        levels = {
            "DEP": [TerritoryLevel.DEPARTEMENT],
            "REG": [TerritoryLevel.REGION],
            "COM": [TerritoryLevel.COMMUNE],
        }
        wanted = levels.get(
            (kind or "").upper(), [TerritoryLevel.DEPARTEMENT, TerritoryLevel.REGION, TerritoryLevel.COMMUNE]
        )
        key = search_key(name)
        if key.startswith(("conseil departemental", "departement", "conseil general")):
            wanted = [TerritoryLevel.DEPARTEMENT]
        elif key.startswith(("conseil regional", "region")):
            wanted = [TerritoryLevel.REGION]
        for level in wanted:
            found = [
                t
                for t in self.store.search_territories(place, level=level, limit=20).items
                if search_key(t.name) == place
            ]
            if len(found) == 1:
                return found[0].key
        return None

    def _scope(self, scope: str) -> dict[str, str]:
        if scope not in self._names:
            names: dict[str, str] = {}
            for organisation in self.store.ecosystem_frame(scope, INSIDE_ONLY).organisations:
                names.setdefault(search_key(organisation.name), organisation.id)
            self._names[scope] = names
        return self._names[scope]

    def by_name(self, name: str, scope: str | None) -> tuple[str, str, float] | None:
        """The organisation of ``scope`` whose name is closest to ``name``, at the threshold or above."""
        if scope is None:
            return None
        names = self._scope(scope)
        key = search_key(name)
        if key in names:
            return names[key], key, 100.0
        found = process.extractOne(
            key, names.keys(), scorer=fuzz.token_sort_ratio, score_cutoff=NAME_MATCH_THRESHOLD
        )
        if found is None:
            return None
        matched_key, score, _ = found
        return names[matched_key], matched_key, float(score)
