"""Names that last for communities: what a group is (its main worlds, its EPCI, its main commune)
instead of a number that changes with every partition, and a key that stays the same from the
département, its EPCI and a commune's view.

The key comes from one member, the one whose identifier hashes lowest (a MinHash): two views of
the same group share it as long as that member is in both, which happens with probability equal
to the groups' Jaccard similarity, so a member more or less does not usually move it; two
communities of one partition never share it, their members being distinct.

>>> from collections import Counter
>>> places = {"38269": Place("La Mure", "CC de la Matheysine")}
>>> community_name(Counter({"association": 11, "entreprise": 1}), Counter({"38269": 12}), places)
'Associations de la Matheysine (La Mure)'
>>> community_name(Counter({"association": 3, "entreprise": 3}), Counter({"38185": 6}), {})
'Associations et entreprises'
>>> crolles = {"38140": Place("Crolles", "Le Grésivaudan")}
>>> community_name(Counter({"entreprise": 5}), Counter({"38140": 5}), crolles)
'Entreprises du Grésivaudan (Crolles)'
>>> community_key(["b", "a"]) == community_key(["a", "b"]), community_key(["a"]) != community_key(["b"])
(True, True)
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from graph_service.analysis.closure import ClosureCard
from graph_service.analysis.projection import ProjectedGraph
from graph_service.model import TerritoryLevel, World, location_key
from graph_service.store.port import AnalysisStore

WORLD_PLURALS = {
    World.ASSOCIATION.value: "associations",
    World.ENTREPRISE.value: "entreprises",
    World.COLLECTIVITE.value: "collectivités",
    World.ETAT.value: "services de l'État",
    World.FONDATION.value: "fondations",
    World.ACADEMIQUE.value: "établissements académiques",
    World.AUTRE.value: "autres organisations",
}
EPCI_ABBREVIATIONS = ("CC ", "CA ", "CU ", "Communauté de communes ", "Communauté d'agglomération ")
VOWELS = frozenset("AEIOUYÉÈÊÂÎÔH")
DOMINANT = 0.6
"""Share of the members from which one world names the group alone."""
PAIR = 0.8
"""Share two worlds must hold together to name it as a pair."""


@dataclass(frozen=True)
class Place:
    """A commune's name and the name of its EPCI, if it has one."""

    commune: str
    epci: str | None = None


def community_key(member_ids: Iterable[str]) -> str:
    """A key for the group of ``member_ids``: the hash of its lowest-hashing member."""
    hashes = [hashlib.sha1(i.encode()).hexdigest() for i in member_ids]
    return "g" + min(hashes)[:10] if hashes else "g0"


def _worlds_phrase(worlds: Counter[str]) -> str:
    total = sum(worlds.values())
    ranked = worlds.most_common()
    if not ranked:
        return "Organisations"
    first, count = ranked[0]
    if count >= DOMINANT * total:
        return WORLD_PLURALS[first].capitalize()
    if len(ranked) > 1 and count + ranked[1][1] >= PAIR * total:
        return f"{WORLD_PLURALS[first].capitalize()} et {WORLD_PLURALS[ranked[1][0]]}"
    return "Organisations diverses"


def _of_epci(name: str) -> str:
    """« de la Matheysine » from « CC de la Matheysine », « du Grésivaudan » from « Le
    Grésivaudan », « d'Entre Bièvre et Rhône »: the EPCI's name after « de », elided as French
    wants it."""
    for abbreviation in EPCI_ABBREVIATIONS:
        if name.startswith(abbreviation):
            name = name[len(abbreviation) :]
            break
    if name.startswith(("de ", "du ", "des ", "d'", "d’")):
        return name
    for article, contracted in (
        ("Le ", "du "),
        ("Les ", "des "),
        ("La ", "de la "),
        ("L'", "de l'"),
        ("L’", "de l’"),
    ):
        if name.startswith(article):
            return contracted + name[len(article) :]
    return f"d'{name}" if name[:1] in VOWELS else f"de {name}"


def community_name(worlds: Counter[str], communes: Counter[str], places: dict[str, Place]) -> str:
    """« Associations de la Matheysine (La Mure) »: its main worlds, the EPCI of most of its
    members and its main commune; only what is known of them."""
    name = _worlds_phrase(worlds)
    located = [(code, count) for code, count in communes.most_common() if code in places]
    if not located:
        return name
    main = places[located[0][0]]
    in_epci = sum(count for code, count in located if places[code].epci == main.epci)
    if main.epci and 2 * in_epci >= sum(count for _, count in located):
        return f"{name} {_of_epci(main.epci)} ({main.commune})"
    return f"{name} ({main.commune})"


def named_cards(
    cards: list[ClosureCard], graph: ProjectedGraph, membership: np.ndarray, places: dict[str, Place]
) -> list[ClosureCard]:
    """``cards`` with each community's name and key. Two names alike in one partition are told
    apart by their most tied member."""
    order = np.argsort(membership, kind="stable")
    labels = membership[order]
    named: list[ClosureCard] = []
    for card in cards:
        start, end = np.searchsorted(labels, [card.community, card.community + 1])
        nodes = order[start:end].tolist()
        members = [graph.organisations[i] for i in nodes]
        name = community_name(
            Counter(o.world.value for o in members), Counter(o.commune for o in members if o.commune), places
        )
        named.append(card.model_copy(update={"name": name, "key": community_key(o.id for o in members)}))
    seen = Counter(card.name for card in named)
    return [
        card.model_copy(update={"name": f"{card.name} — {card.top_members[0].name}"})
        if seen[card.name] > 1 and card.top_members
        else card
        for card in named
    ]


def places_of(store: AnalysisStore, communes: Iterable[str]) -> dict[str, Place]:
    """Each commune code's name and its EPCI's name, as the store's territory reference knows
    them (an arrondissement is placed by its commune's EPCI)."""
    keys = {code: location_key(code) for code in set(communes)}
    places = {t.key: t for t in store.get_territories(sorted(set(keys.values())))}
    # An arrondissement's parent is its commune; the commune's parent is the EPCI.
    parents = {p.key for t in places.values() for p in t.parents}
    uppers = {t.key: t for t in store.get_territories(sorted(parents))}
    grand = {p.key for t in uppers.values() if t.level is TerritoryLevel.COMMUNE for p in t.parents}
    uppers |= {t.key: t for t in store.get_territories(sorted(grand - set(uppers)))}

    def epci_of(key: str, depth: int = 2) -> str | None:
        for parent in places[key].parents if key in places else uppers[key].parents:
            upper = uppers.get(parent.key)
            if upper is not None and upper.level is TerritoryLevel.EPCI:
                return upper.name
            if upper is not None and upper.level is TerritoryLevel.COMMUNE and depth > 1:
                return epci_of(upper.key, depth - 1)
        return None

    return {code: Place(places[key].name, epci_of(key)) for code, key in keys.items() if key in places}
