"""« Comment A et B sont-ils reliés ? »: the shortest chains of alliances between two organisations,
found from names or ids and drawn as SVG chains (organisation, alliance, organisation…).

The form works without a script (names are looked up on the server); with it, the names are
completed as one types (``visual/static/path_search.js``) and the ids travel with the form. A
name that several organisations could answer is never chosen silently: the page lists them
(name, commune, world) and the visitor picks one. When no chain is short enough, the page offers
to look further.

>>> steps = chain_layout(["a", "x", "b"], ["organisation", "alliance", "organisation"])
>>> [(step.kind, step.x) for step in steps]
[('organisation', 90.0), ('alliance', 270.0), ('organisation', 450.0)]
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.errors import NotFound
from graph_service.identifiers import search_key
from graph_service.model import ConnectionPath, Organisation
from graph_service.pages.places import commune_names
from graph_service.pages.view import PageView
from graph_service.store.port import MAX_PATH_HOPS, Reads

STEP_WIDTH = 180.0
LABEL_CHARACTERS = 24
PATHS_SHOWN = 5
CANDIDATES_SHOWN = 8
"""Organisations a name may mean, listed for the visitor to choose."""
LONGER = 2
"""Alliances more a « look further » link allows."""


@dataclass(frozen=True)
class ChainStep:
    kind: str
    label: str
    x: float


def chain_layout(labels: list[str], kinds: list[str]) -> list[ChainStep]:
    """Steps placed left to right, each label cut to what fits its box."""
    return [
        ChainStep(
            kind=kind,
            label=label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…",
            x=STEP_WIDTH / 2 + k * STEP_WIDTH,
        )
        for k, (label, kind) in enumerate(zip(labels, kinds, strict=True))
    ]


@dataclass(frozen=True)
class Resolved:
    """What one side of the form names: an organisation, or the ones a name may mean."""

    organisation: Organisation | None = None
    candidates: tuple[Organisation, ...] = ()


def resolve_organisation(store: Reads, organisation_id: str, name: str) -> Resolved:
    """The organisation an id names; else the one a name names alone (the only match, or the only
    one with exactly that name); else the matches to choose from."""
    if organisation_id:
        try:
            return Resolved(store.get_organisation(organisation_id))
        except NotFound:
            pass
    wanted = name.strip()
    if not wanted:
        return Resolved()
    found = store.search_organisations(wanted, limit=CANDIDATES_SHOWN).items
    exact = [o for o in found if search_key(o.name) == search_key(wanted)]
    if len(found) == 1 or len(exact) == 1:
        return Resolved(found[0] if len(found) == 1 else exact[0])
    return Resolved(candidates=tuple(found))


def _drawn(path: ConnectionPath) -> dict[str, object]:
    labels = [path.start.name]
    kinds = ["organisation"]
    links = [path.start.id]
    for step in path.steps:
        labels += [step.alliance.name, step.to.name]
        kinds += ["alliance", "organisation"]
        links += [None, step.to.id]  # type: ignore[list-item]
    steps = chain_layout(labels, kinds)
    return {"path": path, "steps": list(zip(steps, links, strict=True)), "width": STEP_WIDTH * len(steps)}


def paths_view(
    store: Reads, source_id: str, source_name: str, target_id: str, target_name: str, max_hops: int
) -> PageView:
    """The page of the chains between two organisations, the organisations to choose from when a
    name is ambiguous, or the empty form."""
    source_side = resolve_organisation(store, source_id, source_name)
    target_side = resolve_organisation(store, target_id, target_name)
    source, target = source_side.organisation, target_side.organisation
    asked = bool(source_id or source_name) and bool(target_id or target_name)
    same = bool(source and target and source.id == target.id)
    paths = (
        store.shortest_paths(source.id, target.id, max_hops=max_hops)
        if source and target and not same
        else []
    )
    listed = source_side.candidates + target_side.candidates
    return PageView(
        "paths.html",
        {
            "source": source,
            "target": target,
            "source_name": source.name if source else source_name,
            "target_name": target.name if target else target_name,
            "source_candidates": source_side.candidates,
            "target_candidates": target_side.candidates,
            "communes": commune_names(store, {o.commune for o in listed if o.commune}),
            "asked": asked,
            "same": same,
            "max_hops": max_hops,
            "longer": min(max_hops + LONGER, MAX_PATH_HOPS) if max_hops < MAX_PATH_HOPS else None,
            "paths": [_drawn(p) for p in paths[:PATHS_SHOWN]],
        },
    )
