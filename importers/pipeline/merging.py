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

from graph_service.model import Organisation
from graph_service.store.port import GraphStore

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


def merged_with_store(
    store: GraphStore, organisations: Sequence[Organisation]
) -> tuple[list[Organisation], list[IdentityConflict]]:
    """``organisations`` merged into the ones the store already holds under the same ids, and the
    RNA numbers another organisation holds already (those are not given twice)."""
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
