"""The local authorities of the reference: every commune, EPCI, département and région becomes a
``collectivite`` organisation, named as people say it and located in its own territory.

Where their SIRENs come from:

- **communes**: ``@etalab/decoupage-administratif``'s ``communes.json`` carries each commune's SIREN;
- **EPCI**: an EPCI's code *is* its SIREN;
- **départements and régions**: no published reference gives them. Most departmental councils
  look numbered by one rule (``22`` + code + ``0001`` + Luhn key: the Lot 224600015, the Somme
  228000014), but not all (the Aube is 221000052, as its own subsidy file states), and a guessed
  number that belongs to another body would merge two organisations wrongly. So they start without
  a SIREN, under the id ``collectivite:<territory key>``, and receive it from:

  - a SIRENE import: the unit of legal category 7220 (département) or 7230 (région) whose head
    office lies in their territory (:func:`council_of`);
  - a subsidy or contract file whose grantor names them and states its SIREN (« Conseil
    départemental de l'Aube », 22100005200011); the import report lists each one so completed.

An authority that only the reference knows, with no tie yet, is kept out of the analyses and of
the home page's counts: it waits there for the subsidies and contracts that will name it.

>>> authority_name("departement", "Somme", 3), authority_name("departement", "Ain", 5)
('Département de la Somme', "Département de l'Ain")
>>> authority_name("commune", "Le Havre", 2), authority_name("commune", "Ajaccio", 1)
('Commune du Havre', "Commune d'Ajaccio")
>>> authority_name("region", "Bretagne", 0)
'Région Bretagne'
>>> authority_id("commune:86194", "218601946"), authority_id("region:84", None)
('siren:218601946', 'collectivite:region:84')
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graph_service.model import REFERENCE_SOURCE, Organisation, TerritoryLevel, World

LEGAL_FORMS = {
    "commune": "Commune",
    "departement": "Département",
    "region": "Région",
    "CC": "Communauté de communes",
    "CA": "Communauté d'agglomération",
    "CU": "Communauté urbaine",
    "METRO": "Métropole",
    "MET69": "Métropole de Lyon",
}
"""Legal form of each authority, by level or by EPCI type (``epci.json``'s ``type``)."""

_CONNECTIVES = {
    # INSEE's "type de nom en clair" (TNCC): the article of the name, and the connective after
    # « de » that goes with it. Départements' and régions' names are given without their article.
    0: ("", "de "),
    1: ("", "d'"),
    2: ("Le ", "du "),
    3: ("La ", "de la "),
    4: ("Les ", "des "),
    5: ("L'", "de l'"),
    6: ("Aux ", "des "),
    7: ("Las ", "de las "),
    8: ("Los ", "de los "),
}


def authority_name(level: str, name: str, tncc: int) -> str:
    """« Commune du Havre », « Département de l'Ain », « Région Bretagne »: as people name them."""
    if level == "region":
        return f"Région {name}"
    article, connective = _CONNECTIVES.get(tncc, ("", "de "))
    if level == "commune":
        # A commune's name carries its article, which contracts with « de » (« Le Havre » → « du
        # Havre ») except « La » and « L' », kept with their capital (« Commune de La Rochelle »).
        if tncc in (2, 4, 6) and name.startswith(article):
            return f"Commune {connective}{name[len(article) :]}"
        return f"Commune {connective if tncc == 1 else 'de '}{name}"
    return f"Département {connective}{name}"


def authority_id(territory_key: str, siren: str | None) -> str:
    """``siren:<SIREN>`` where the SIREN is known, else ``collectivite:<territory key>``."""
    return f"siren:{siren}" if siren else f"collectivite:{territory_key}"


@dataclass(frozen=True)
class Authority:
    """One row of ``authorities.csv.gz``: the authority of a territory."""

    territory: str
    siren: str | None
    name: str
    legal_form: str
    commune: str
    """The commune where it sits: the commune itself, the chef-lieu, or an EPCI's largest commune."""

    @property
    def id(self) -> str:
        return authority_id(self.territory, self.siren)

    def organisation(self) -> Organisation:
        return Organisation(
            id=self.id,
            name=self.name,
            world=World.COLLECTIVITE,
            legal_form=self.legal_form,
            siren=self.siren,
            commune=self.commune,
            source=REFERENCE_SOURCE,
        )


COUNCIL_CATEGORIES = {"7220": "departement", "7230": "region"}
"""SIRENE legal categories of a departmental and a regional council, with the level each governs."""


def council_of(category: str | None, commune: str | None) -> Authority | None:
    """The reference's département or région that a SIRENE unit of category 7220 or 7230, seated in
    ``commune``, governs, when the reference has no SIREN for it: the unit then *is* it.

    >>> council_of("7230", "69123").id, council_of("7220", "38185").id, council_of("7210", "38185")
    ('collectivite:region:84', 'collectivite:departement:38', None)
    """
    level = COUNCIL_CATEGORIES.get(category or "")
    if level is None or not commune:
        return None
    departement = commune[:3] if commune.startswith("97") else commune[:2]
    key = f"departement:{departement}"
    if level == "region":
        key = region_of_departement().get(key, "")
    authority = load_authorities().get(key)
    return authority if authority is not None and authority.siren is None else None


@cache
def region_of_departement() -> dict[str, str]:
    """Each département's région, by key: ``departement:38`` → ``region:84``."""
    from importers.territory_reference import load_reference

    return {
        territory.key: territory.parents[0].key
        for territory in load_reference().territories
        if territory.level is TerritoryLevel.DEPARTEMENT and territory.parents
    }


@cache
def load_authorities() -> dict[str, Authority]:
    """The shipped authorities, by territory key."""
    data = resources.files("importers.territory_reference").joinpath("data", "authorities.csv.gz")
    rows = csv.DictReader(io.StringIO(gzip.decompress(data.read_bytes()).decode("utf-8")))
    authorities = (
        Authority(row["territory"], row["siren"] or None, row["name"], row["legal_form"], row["commune"])
        for row in rows
    )
    return {authority.territory: authority for authority in authorities}
