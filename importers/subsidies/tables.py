"""Tables as people make them: totals rows under the data, and the authority a title row names.

>>> is_total_row({"nom": "TOTAL", "montant": "12 000"}, {"beneficiary_name": "TOTAL", "amount": "12 000"})
True
>>> is_total_row({"nom": "Agora", "montant": "10"}, {"beneficiary_name": "Agora"})
False
>>> authority_in("Subventions versées en 2017 par la Ville de Foix (associations)")
'Ville de Foix'
>>> authority_in("Département du Lot - subventions 2017"), authority_in("Liste des aides")
('Département du Lot', None)
"""

from __future__ import annotations

import re
from typing import Any

from graph_service.identifiers import search_key
from importers.pipeline import values

_TOTAL = re.compile(r"^(sous )?totale?s?\b")
_AUTHORITY = re.compile(
    r"\b(ville|commune|mairie|d[ée]partement|r[ée]gion|conseil (?:d[ée]partemental|r[ée]gional|g[ée]n[ée]ral)"
    r"|m[ée]tropole|communaut[ée] (?:de communes|d'agglom[ée]ration|urbaine))\b"
    r"((?:\s+(?:de la|de l['’]|du|des|de|d['’]))?\s*[^\W\d_][^-–,:;()\d]*)",
    re.IGNORECASE,
)
BENEFICIARY = ("beneficiary_name", "beneficiary_id", "beneficiary_rna")


def is_total_row(raw: dict[str, Any], fields: dict[str, Any]) -> bool:
    """A row that sums the others: it names no beneficiary but « total », or names none at all
    while it holds an amount and nothing else that tells a subsidy (no date, no object)."""
    named = [values.text(fields.get(name)) for name in BENEFICIARY]
    if any(_TOTAL.match(search_key(str(cell))) for cell in raw.values() if isinstance(cell, str)):
        return not any(v and not _TOTAL.match(search_key(v)) for v in named)
    return False


def authority_in(title: str) -> str | None:
    """The local authority a title names (« … par la Ville de Foix » → « Ville de Foix »)."""
    found = _AUTHORITY.search(title)
    if found is None:
        return None
    name = " ".join(f"{found.group(1)}{found.group(2)}".split())
    words = name.split()
    # Stop at the first lower-case word after the place's first word (« Foix pour ses associations »).
    kept = words[:2]
    for word in words[2:]:
        if word[:1].islower() and word.lower() not in {
            "de",
            "du",
            "des",
            "la",
            "le",
            "les",
            "sur",
            "en",
            "et",
        }:
            break
        kept.append(word)
    return " ".join(kept).rstrip(" .'’")
