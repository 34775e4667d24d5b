"""Names of the communes a drawing shows, for its tooltips."""

from __future__ import annotations

from graph_service.model import location_key
from graph_service.store.port import GraphStore


def commune_names(store: GraphStore, communes: set[str]) -> dict[str, str]:
    """The name of each commune code (or arrondissement) of ``communes`` that the store knows."""
    keys = {code: location_key(code) for code in communes}
    names = {t.key: t.name for t in store.get_territories(sorted(set(keys.values())))}
    return {code: names[key] for code, key in keys.items() if key in names}
