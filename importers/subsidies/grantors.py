"""Who grants: the grantor a row names (its SIREN, its name), the one given with ``--grantor``,
or the one a title row or the file's name names; one :class:`Grantors` per
:class:`~importers.subsidies.run.TieImport` run.
"""

from __future__ import annotations

from graph_service.errors import InvalidInput, NotFound
from graph_service.model import Organisation, World
from graph_service.store.port import ReadWriteStore
from importers.pipeline import values
from importers.pipeline.reading import SourceTable
from importers.subsidies.identity import Grantor, Resolver, world_from_siren
from importers.subsidies.report import SubsidyReport
from importers.subsidies.tables import authority_candidates
from importers.territory_reference.authorities import load_authorities

MAX_NAME = 500


class Grantors:
    """The grantors of one import run, each resolved once; the report names each one met."""

    def __init__(
        self, store: ReadWriteStore, resolver: Resolver, report: SubsidyReport, given: str | None
    ) -> None:
        self.store = store
        self.resolver = resolver
        self.report = report
        self.source = resolver.source
        self.given_name = given
        """The grantor given with ``--grantor``, as given."""
        self._resolved: dict[tuple[str | None, str | None], Grantor] = {}
        self._given: Grantor | None = None

    def given(self) -> Grantor | None:
        """The grantor named by ``--grantor`` (resolved once)."""
        if self._given is None and self.given_name:
            self._given = self._resolve_given(self.given_name)
            organisation = self._given.organisation
            self.report.grantors[organisation.id] = organisation.name
        return self._given

    def _resolve_given(self, given: str) -> Grantor:
        """The grantor named by ``grantor``: an organisation id, a SIREN or a territory."""
        siren = values.siren_of(given) if given.replace(" ", "").isdigit() else None
        if siren:
            return self.named(None, siren, None)
        if given.replace(" ", "").isdigit():
            raise InvalidInput(f"--grantor {given}: not a valid SIREN")
        if given.startswith(("siren:", "rna:")) or (":" in given and self.resolver.known(given)):
            known = self.resolver.known(given)
            if known is None:
                raise InvalidInput(f"--grantor {given}: no such organisation")
            return Grantor(known, None)
        try:
            key = self.store.resolve_territory(given)
        except NotFound as error:
            raise InvalidInput(
                f"--grantor {given}: neither an organisation, a SIREN nor a territory"
            ) from error
        return Grantor(self.resolver.authority(key), key)

    def named(self, name: str | None, siren: str | None, kind: str | None) -> Grantor:
        """The grantor a row names by its SIREN, or by a name a territory has (``kind`` helps:
        commune, département…)."""
        cache_key = (siren, name if siren is None else None)
        if cache_key in self._resolved:
            return self._resolved[cache_key]
        territory = self.resolver.territory_named(name, kind) if name else None
        if siren:
            organisation_id = self.resolver.holder_of_siren(siren)
            known = self.resolver.known(organisation_id)
            if known is None and territory in load_authorities():
                authority = self.resolver.authority(territory)
                if authority.siren is None:
                    # The file's publisher states its own SIREN: the authority holds it from now on.
                    known = self.resolver.give_siren(authority, siren)
                    self.report.authorities_completed[authority.id] = siren
            world = World.COLLECTIVITE if territory else world_from_siren(siren) or World.AUTRE
            commune = territory.split(":")[1] if territory and territory.startswith("commune:") else None
            organisation = known or Organisation(
                id=organisation_id, name=(name or organisation_id)[:MAX_NAME], world=world, siren=siren,
                commune=commune, source=self.source,
            )  # fmt: skip
            grantor = Grantor(self.resolver.meet(organisation, territory), territory)
        elif territory:
            grantor = Grantor(self.resolver.authority(territory, name), territory)
        else:
            raise InvalidInput(f"the grantor {name!r} has no SIREN and names no territory: give --grantor")
        self._resolved[cache_key] = grantor
        self.report.grantors[grantor.organisation.id] = grantor.organisation.name
        return grantor

    def from_title(self, table: SourceTable) -> Grantor | None:
        """The grantor a title row names (« Subventions 2017 de la Ville de Foix »), or else the
        file's name (``subventions_ville_de_foix_2019.csv``), if one of them names one."""
        for text in [*table.header.titles, table.path.name]:
            for authority in authority_candidates(text):
                territory = self.resolver.territory_named(authority, None)
                if territory is not None:
                    grantor = Grantor(self.resolver.authority(territory, authority), territory)
                    self.report.grantors[grantor.organisation.id] = grantor.organisation.name
                    return grantor
        return None
