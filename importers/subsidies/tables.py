"""Tables as people make them: totals rows under the data, and the authority a title row or a
file name names.

>>> is_total_row({"nom": "TOTAL", "montant": "12 000"}, {"beneficiary_name": "TOTAL", "amount": "12 000"})
True
>>> is_total_row({"nom": "Agora", "montant": "10"}, {"beneficiary_name": "Agora"})
False
>>> authority_candidates("Subventions versées en 2017 par la Ville de Foix (associations)")
['Ville de Foix']
>>> authority_candidates("Département du Lot-et-Garonne - aides 2017")
['Département du Lot-et-Garonne']
>>> authority_candidates("subventions_ville_de_saint_die_2019.csv")
['ville de saint die', 'ville de saint']
>>> authority_candidates("Liste des aides")
[]
"""

from __future__ import annotations

import re
from typing import Any

from graph_service.identifiers import search_key
from importers.pipeline import values

_TOTAL = re.compile(r"^(sous )?totale?s?\b")
_AUTHORITY = re.compile(
    r"\b(ville|commune|mairie|d[ée]partement|r[ée]gion|conseil (?:d[ée]partemental|r[ée]gional|g[ée]n[ée]ral)"
    r"|m[ée]tropole|communaut[ée] (?:de communes|d'agglom[ée]ration|urbaine))\b",
    re.IGNORECASE,
)
_STOP = re.compile(r"\s[-–]\s|[,:;()]|\d|\.\w+$")
MAX_WORDS = 7
LINKS = {"de", "du", "des", "la", "le", "les", "d", "l", "en", "et", "sur", "aux", "a"}
"""Words a place's name does not end with."""
BENEFICIARY = ("beneficiary_name", "beneficiary_id", "beneficiary_rna")


def is_total_row(raw: dict[str, Any], fields: dict[str, Any]) -> bool:
    """A row that sums the others: a cell says « total » and no beneficiary is named but that."""
    named = [values.text(fields.get(name)) for name in BENEFICIARY]
    # Most rows name a beneficiary: one look at it settles them.
    if any(v and not _TOTAL.match(search_key(v)) for v in named):
        return False
    return any(_TOTAL.match(search_key(cell)) for cell in raw.values() if isinstance(cell, str))


def authority_candidates(text: str) -> list[str]:
    """The names of a local authority a title or a file name may hold, the longest first
    (« … par la Ville de Foix » → « Ville de Foix »): the caller keeps the first the territory
    reference knows."""
    spaced = text.replace("_", " ")
    found = _AUTHORITY.search(spaced)
    if found is None:
        return []
    rest = _STOP.split(spaced[found.start() :], maxsplit=1)[0]
    words = rest.split()[:MAX_WORDS]
    candidates = [" ".join(words[:n]).rstrip(" .'’") for n in range(len(words), 1, -1)]
    return [c for c in candidates if search_key(c).split()[-1] not in LINKS]
