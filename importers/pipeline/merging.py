"""One organisation per real entity: what a source says about an organisation already known is
added to it, never put in its place.

The fields a source fills win (SIRENE knows the legal category better than a subsidy file); the
fields it leaves empty keep what is known (an RNA object, a catalyst profile, a website); the
sources add up (``sirene;rna``).

>>> from graph_service.model import Organisation
>>> known = Organisation(id="siren:213801855", name="Grenoble", world="collectivite",
...                      website="https://grenoble.fr", source="manual")
>>> news = Organisation(id="siren:213801855", name="COMMUNE DE GRENOBLE", world="collectivite",
...                     naf="84.11Z", source="sirene")
>>> merged = merge(known, news)
>>> merged.name, merged.naf, merged.website, merged.source
('COMMUNE DE GRENOBLE', '84.11Z', 'https://grenoble.fr', 'manual;sirene')
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from graph_service.history import recorded_write
from graph_service.model import EntityKind, Organisation
from graph_service.store.port import ReadWriteStore
from importers.pipeline.report import OrganisationReport

KEPT_WHEN_KNOWN = ("catalyst", "maturity", "synthetic")
"""Fields only people set: a source never changes them."""


def merge(known: Organisation, news: Organisation) -> Organisation:
    """``known`` with what ``news`` fills, and both sources."""
    filled = {
        name: value
        for name, value in news
        if name not in KEPT_WHEN_KNOWN and value not in (None, False, "", []) and name != "source"
    }
    sources = [s for s in known.source.split(";") if s]
    if news.source not in sources:
        sources.append(news.source)
    return known.model_copy(update={**filled, "source": ";".join(sources)[:200]})


@dataclass(frozen=True)
class IdentityConflict:
    """Two organisations claiming one RNA number: reported, never merged."""

    rna: str
    holder: str
    """The organisation that holds the number already (it keeps it)."""
    claimant: str
    """The organisation the import would have given it to (it is loaded without it)."""

    @property
    def reason(self) -> str:
        return f"RNA {self.rna} is held by {self.holder} already; {self.claimant} is loaded without it"


def holders_of(store: ReadWriteStore, organisations: Sequence[Organisation]) -> dict[str, str]:
    """The organisations the store knows under another id, by their own id: the one holding their
    SIREN; or, by their RNA number, the one holding it, when it has no SIREN or they have none
    (an RNA record without SIRET joins its SIRENE unit; a SIRENE unit adopts the association the
    RNA created first, which keeps its ``rna:W…`` id and gains the SIREN). An RNA number held under
    another SIREN is a conflict, left to :func:`merged_with_store` to report."""
    by_siren = store.organisation_ids_by_siren({o.siren for o in organisations if o.siren})
    by_rna = store.organisation_ids_by_rna({o.rna for o in organisations if o.rna})
    rna_holders = sorted({holder for holders in by_rna.values() for holder in holders})
    sirenless = {o.id for o in store.get_organisations(rna_holders) if o.siren is None}
    found: dict[str, str] = {}
    for organisation in organisations:
        held = by_siren.get(organisation.siren or "", set())
        if held:
            if organisation.id not in held:
                found[organisation.id] = sorted(held)[0]
            continue
        holders = by_rna.get(organisation.rna or "", set()) - {organisation.id}
        if len(holders) == 1 and (organisation.siren is None or holders <= sirenless):
            found[organisation.id] = next(iter(holders))
    return found


def _under_held_ids(store: ReadWriteStore, organisations: Sequence[Organisation]) -> list[Organisation]:
    """``organisations`` under the ids the store holds them by, two that become one merged."""
    holders = holders_of(store, organisations)
    found: dict[str, Organisation] = {}
    for organisation in organisations:
        if organisation.id in holders:
            organisation = organisation.model_copy(update={"id": holders[organisation.id]})
        seen = found.get(organisation.id)
        found[organisation.id] = merge(seen, organisation) if seen else organisation
    return list(found.values())


def merged_with_store(
    store: ReadWriteStore, organisations: Sequence[Organisation]
) -> tuple[list[Organisation], list[IdentityConflict]]:
    """``organisations`` merged into the ones the store already holds (under the same ids, or
    holding their SIREN or RNA number: :func:`holders_of`), and the RNA numbers another
    organisation holds already (those are not given twice)."""
    organisations = _under_held_ids(store, organisations)
    known = {o.id: o for o in store.get_organisations([o.id for o in organisations])}
    merged = [merge(known[o.id], o) if o.id in known else o for o in organisations]
    holders = store.organisation_ids_by_rna({o.rna for o in merged if o.rna})
    claimed: dict[str, str] = {}
    conflicts: list[IdentityConflict] = []
    kept: list[Organisation] = []
    for organisation in merged:
        rna = organisation.rna
        if rna:
            others = (holders.get(rna, set()) | ({claimed[rna]} if rna in claimed else set())) - {
                organisation.id
            }
            if others:
                conflicts.append(IdentityConflict(rna, sorted(others)[0], organisation.id))
                organisation = organisation.model_copy(
                    update={"rna": known[organisation.id].rna if organisation.id in known else None}
                )
            else:
                claimed[rna] = organisation.id
        kept.append(organisation)
    return kept, conflicts


def write_merged(
    store: ReadWriteStore, organisations: Sequence[Organisation], report: OrganisationReport
) -> None:
    """Write ``organisations`` merged with what the store knows of them; the report counts the
    writes and the identity conflicts (reported, not merged)."""
    merged, conflicts = merged_with_store(store, organisations)
    report.conflicts += [c.reason for c in conflicts]
    write = partial(store.upsert_organisations, merged, report.run)
    ids, run, author = [o.id for o in merged], report.run, report.author
    report.add(recorded_write(store, EntityKind.ORGANISATION, ids, write, run=run, author=author))
