"""Reading the graph from a terminal: ``maillage stats``, ``search``, ``show`` and ``path``.

maillage stats --json
maillage search "labo" --territory 38
maillage show demo:gaia
maillage path "GAIA" "CRESS Bretagne"
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import typer
from rich.table import Table

from graph_service.cli.context import guarded, invocation, out, print_json
from graph_service.cli.terminal import cell, heading, print_table, say, table
from graph_service.errors import InvalidInput, NotFound
from graph_service.model import Organisation, World
from graph_service.store import GraphStore


def _counts_table(title: str, values: Mapping[str, int]) -> Table:
    return table(title, ["name", "count"], values.items(), numeric=["count"])


@guarded
def stats(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="print counts as JSON")] = False
) -> None:
    """Counts of nodes by label, relationships by type and organisations by world."""
    with invocation(ctx).store(writable=False) as store:
        counts = store.counts()
        snapshot = store.snapshot_id()
    if as_json:
        print_json({"backend": store.backend, "snapshot": snapshot, **counts.model_dump()})
        return
    out.print(_counts_table(say("cli.stats.nodes"), counts.nodes))
    out.print(_counts_table(say("cli.stats.relationships"), counts.relationships))
    waiting = counts.waiting_authorities_by_world
    worlds = [
        (say(f"world.{world}"), total - waiting.get(world, 0), waiting.get(world, 0))
        for world, total in counts.organisations_by_world.items()
    ]
    tied, untied = say("cli.stats.tied"), say("cli.stats.waiting")
    out.print(table(say("cli.stats.worlds"), ["world", tied, untied], worlds, numeric=[tied, untied]))
    out.print(
        say("cli.stats.summary", tied=sum(w[1] for w in worlds), waiting=sum(w[2] for w in worlds)),
        soft_wrap=True,
    )
    out.print(say("cli.stats.snapshot", snapshot=snapshot), markup=False)


@guarded
def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help="part of a name; accents and case do not matter")] = "",
    world: Annotated[World | None, typer.Option(help="only this world")] = None,
    territory: Annotated[
        str | None, typer.Option(help="INSEE code or key, at any level (38, epci:200040715)")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="each row on one line, however long")] = False,
) -> None:
    """Search organisations by name, world and territory."""
    with invocation(ctx).store(writable=False) as store:
        page = store.search_organisations(query, world=world, territory=territory, limit=limit, offset=offset)
    if as_json:
        print_json(page.model_dump(mode="json"))
        return
    rows = (
        (o.id, o.name, say(f"world.{o.world.value}"), o.commune, o.is_catalyst or None) for o in page.items
    )
    columns = ("id", "name", "world", "commune", "catalyst")
    found = table(say("cli.search.title", total=page.total), columns, rows)
    print_table(out, found, wide=wide)


def resolve_organisation(store: GraphStore, text: str) -> Organisation:
    """An organisation from its id, or from a name that designates exactly one."""
    try:
        return store.get_organisation(text)
    except NotFound:
        page = store.search_organisations(text, limit=10)
    exact = [o for o in page.items if o.name.casefold() == text.casefold()]
    if len(exact) == 1 or page.total == 1:
        return exact[0] if exact else page.items[0]
    if not page.total:
        raise NotFound("organisation", text)
    names = "; ".join(f"{o.id} ({o.name})" for o in page.items)
    raise InvalidInput(f"{text!r} matches {page.total} organisations, give an id: {names}")


@guarded
def show(
    ctx: typer.Context,
    organisation: Annotated[str, typer.Argument(help="id (siren:..., rna:..., dataset:key) or exact name")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """An organisation, its catalyst profile and its alliances."""
    with invocation(ctx).store(writable=False) as store:
        found = resolve_organisation(store, organisation)
        alliances = store.organisation_alliances(found.id)
    if as_json:
        print_json(
            {
                "organisation": found.model_dump(mode="json"),
                "alliances": [a.model_dump(mode="json") for a in alliances],
            }
        )
        return
    out.print(f"[bold]{found.name}[/] ({found.id})", highlight=False)
    for field in ("world", "commune", "siren", "rna", "ess", "maturity", "source", "synthetic"):
        value = getattr(found, field)
        if value not in (None, False):
            shown = say(f"world.{value.value}") if field == "world" else cell(getattr(value, "value", value))
            out.print(f"  {heading(field)}: {shown}", markup=False, highlight=False)
    if found.catalyst:
        missions = ", ".join(m.value for m in found.catalyst.missions)
        places = ", ".join(found.catalyst.territories)
        out.print(f"  {heading('catalyst')}: {places} ({missions})", markup=False)
    rows = ((a.id, a.name, a.mode.value, a.start or "", a.end or "", len(a.members)) for a in alliances)
    columns = ("id", "name", "mode", "start", "end", "members")
    out.print(table(say("cli.show.alliances", count=len(alliances)), columns, rows))


@guarded
def path(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="first organisation: id or exact name")],
    target: Annotated[str, typer.Argument(help="second organisation: id or exact name")],
    max_hops: Annotated[int, typer.Option(min=1, max=6, help="alliances to cross at most")] = 4,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """How two organisations are connected: the shortest chains of shared alliances."""
    with invocation(ctx).store(writable=False) as store:
        start = resolve_organisation(store, source)
        end = resolve_organisation(store, target)
        paths = store.shortest_paths(start.id, end.id, max_hops=max_hops, limit=limit)
    if as_json:
        print_json([p.model_dump(mode="json") for p in paths])
        return
    if not paths:
        words = say("cli.path.none", hops=max_hops, first=start.name, second=end.name)
        out.print(words, markup=False, highlight=False)
        return
    for number, found in enumerate(paths, start=1):
        chain = [found.start.name] + [f"--[{step.alliance.name}]--> {step.to.name}" for step in found.steps]
        out.print(f"{number}. " + " ".join(chain), markup=False, highlight=False)
