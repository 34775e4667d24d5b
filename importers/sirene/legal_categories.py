"""The world of a legal unit from its INSEE legal category (``categorieJuridiqueUniteLegale``).

INSEE's nomenclature has three levels (1, 2 and 4 digits) and a code's first digits place it, so
the mapping goes by the longest matching prefix; every code maps to a world. Uncertain entries of
the nomenclature (public bodies under commercial law, other public bodies) are documented in the
README and can be overridden per code.

>>> world_of("9220"), world_of("9300"), world_of("7210"), world_of("7346"), world_of("7383")
('association', 'fondation', 'collectivite', 'collectivite', 'academique')
>>> world_of("5710"), world_of("6540"), world_of("7120"), world_of("8110"), world_of("2110"), world_of("")
('entreprise', 'entreprise', 'etat', 'autre', 'autre', 'autre')
>>> world_of("7210", overrides={"7210": "etat"})
'etat'
"""

from __future__ import annotations

from collections.abc import Mapping

SOLE_PROPRIETOR = "1000"

WORLD_BY_PREFIX: dict[str, str] = {
    "1": "entreprise",  # sole proprietors: persons, left out unless asked
    "2": "autre",  # groupings without legal personality (indivisions, sociétés en participation)
    "3": "autre",  # foreign legal persons
    "41": "etat",  # public bodies under commercial law (EPIC)
    "4140": "collectivite",  # local EPIC
    "4150": "collectivite",  # régies of local authorities
    "5": "entreprise",
    "6": "entreprise",
    "71": "etat",  # State administration
    "72": "collectivite",  # local authorities
    "73": "etat",  # public administrative establishments: the rest
    "7312": "collectivite",  # communes associées et déléguées
    "7313": "collectivite",  # sections de commune
    "7314": "collectivite",  # ensembles urbains
    "7321": "collectivite",  # associations syndicales autorisées
    "7322": "collectivite",  # associations foncières urbaines
    "7323": "collectivite",  # associations foncières de remembrement
    "7331": "academique",  # établissements publics locaux d'enseignement
    "7340": "collectivite",  # pôles métropolitains
    "7341": "collectivite",  # secteurs de commune
    "7342": "collectivite",  # districts urbains
    "7343": "collectivite",  # communautés urbaines
    "7344": "collectivite",  # métropoles
    "7345": "collectivite",  # SIVOM
    "7346": "collectivite",  # communautés de communes
    "7347": "collectivite",  # communautés de villes
    "7348": "collectivite",  # communautés d'agglomération
    "7349": "collectivite",  # other local public establishments of cooperation
    "7351": "collectivite",  # institutions interdépartementales ou interrégionales
    "7352": "collectivite",  # institutions interrégionales
    "7353": "collectivite",  # syndicats intercommunaux à vocation unique
    "7354": "collectivite",  # syndicats mixtes fermés
    "7355": "collectivite",  # syndicats mixtes ouverts
    "7356": "collectivite",  # commissions syndicales
    "7357": "collectivite",  # PETR
    "7361": "collectivite",  # centres communaux d'action sociale
    "7362": "collectivite",  # caisses des écoles
    "7363": "collectivite",  # caisses de crédit municipal
    "7364": "collectivite",  # établissements d'hospitalisation
    "7366": "collectivite",  # établissements hospitaliers
    "7367": "collectivite",  # centres intercommunaux d'action sociale
    "7371": "collectivite",  # offices publics d'HLM
    "7372": "collectivite",  # services départementaux d'incendie et de secours
    "7373": "collectivite",  # établissements publics locaux culturels
    "7378": "collectivite",  # régies d'une collectivité locale à caractère administratif
    "7379": "collectivite",  # other local public administrative establishments
    "7383": "academique",  # EPSCP: universities
    "7384": "academique",  # other public higher-education establishments
    "7385": "academique",  # public research establishments (EPST)
    "74": "etat",  # other public bodies
    "8": "autre",  # social protection, mutuelles, works councils, professional bodies
    "91": "autre",  # civil-law groupings (syndicats de propriétaires…)
    "92": "association",
    "93": "fondation",
    "99": "autre",
}
"""Legal category prefix → world; the longest matching prefix wins."""


def world_of(category: str | None, overrides: Mapping[str, str] | None = None) -> str:
    """The world of a legal category code (``autre`` when it is missing or unknown)."""
    code = (category or "").strip()
    if overrides and code in overrides:
        return overrides[code]
    for length in range(len(code), 0, -1):
        if code[:length] in WORLD_BY_PREFIX:
            return WORLD_BY_PREFIX[code[:length]]
    return "autre"


def size_band(category: str | None, headcount: str | None) -> str | None:
    """TPE, PME, ETI or GE: INSEE's own ``categorieEntreprise`` when given, else the headcount band.

    >>> size_band("PME", None), size_band(None, "03"), size_band("", "32"), size_band(None, "NN")
    ('PME', 'TPE', 'ETI', None)
    """
    if category in {"PME", "ETI", "GE"}:
        return category
    band = (headcount or "").strip()
    if band in {"00", "01", "02", "03"}:
        return "TPE"
    if band in {"11", "12", "21", "22", "31"}:
        return "PME"
    if band in {"32", "41", "42", "51"}:
        return "ETI"
    if band in {"52", "53"}:
        return "GE"
    return None
