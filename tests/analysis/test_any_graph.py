"""The rule on an analyst's own graph gives the service's verdicts: a planted territory as the
bipartite networkx graph of the GraphML export, as a Gephi file, and as a CSV of weighted ties, each
judged by ``concentrated_communities`` organisation by organisation against the service's pipeline
on the same data, and against the plan (clubs found, open and healthy groups left alone)."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graph_service.analysis.any_graph import concentrated_communities, projected, world_of
from graph_service.analysis.closure import CONCENTRATED
from graph_service.analysis.options import CommunityParameters
from graph_service.analysis.partitioned import partitioned
from graph_service.analysis.projection import project
from graph_service.analysis.reports import CommunitiesReport
from graph_service.config import Settings
from graph_service.graph_files import bipartite_graph
from testkit.planted import PlantedTerritory, planted_territory

SETTINGS = Settings().analysis
CAP = SETTINGS.network_min_members


@pytest.fixture(scope="module")
def territory() -> PlantedTerritory:
    return planted_territory(seed=21, noise=0.05, hard=False)


def _verdicts(report: CommunitiesReport) -> dict[str, str]:
    verdict = {card.community: card.verdict for card in report.cards}
    return {o: verdict.get(c, "") for o, c in report.membership.items()}


def _service_verdicts(territory: PlantedTerritory) -> dict[str, str]:
    graph = project(
        territory.frame, areas=territory.epci_of, network_min_members=SETTINGS.network_min_members
    )
    base = partitioned(graph, "departement:99", "s", SETTINGS, CommunityParameters())
    verdict = {card.community: card.verdict for card in base.cards}
    return {o: verdict.get(int(c), "") for o, c in zip(graph.ids, base.partition.membership, strict=True)}


def _exported(territory: PlantedTerritory) -> nx.Graph:
    """The territory as the GraphML export draws it: kinds, worlds, areas, external partners."""
    annotations = {o: {"area": area} for o, area in territory.epci_of.items()}
    about = {"network_min_members": SETTINGS.network_min_members, "territory": "departement:99"}
    return bipartite_graph(territory.frame.to_subgraph(), annotations, about)


def test_a_bipartite_graph_and_its_gephi_file_get_the_services_verdicts(
    territory: PlantedTerritory, tmp_path: Path
) -> None:
    expected = _service_verdicts(territory)
    assert CONCENTRATED in expected.values()
    graph = _exported(territory)
    offline = _verdicts(concentrated_communities(graph))
    assert offline == expected
    path = tmp_path / "planted.graphml"
    nx.write_graphml(graph, path)
    from_file = concentrated_communities(nx.read_graphml(path))
    assert _verdicts(from_file) == offline
    assert from_file.territory == "departement:99"
    # The plan, independently of the code: most clubs flagged, no open group.
    flagged = {o for o, v in offline.items() if v == CONCENTRATED}
    clubs = [set(g.members) for g in territory.clubs()]
    assert sum(len(c & flagged) >= 0.5 * len(c) for c in clubs) >= 0.8 * len(clubs)
    assert not any(set(g.members) & flagged for g in territory.groups if g.kind == "open")


def test_a_csv_of_weighted_ties_gets_the_same_verdicts(territory: PlantedTerritory) -> None:
    graph = project(
        territory.frame, areas=territory.epci_of, network_min_members=SETTINGS.network_min_members
    )
    ids = graph.ids
    text = io.StringIO()
    pd.DataFrame(
        {
            "source": [ids[i] for i in graph.source],
            "target": [ids[i] for i in graph.target],
            "weight": graph.weight,
        }
    ).to_csv(text, index=False)
    ties = pd.read_csv(io.StringIO(text.getvalue()))
    # As an analyst loads a nodes file, then the ties: Louvain's first run follows the node order.
    analyst = nx.Graph()
    for i, organisation in enumerate(graph.organisations):
        analyst.add_node(
            organisation.id,
            world=organisation.world.value,
            external=bool(graph.external[i]),
            area=graph.areas[i],
        )
    analyst.add_edges_from(nx.from_pandas_edgelist(ties, edge_attr="weight").edges(data=True))
    assert _verdicts(concentrated_communities(analyst)) == _service_verdicts(territory)


def test_weights_add_up_and_reverse_edges_are_one_tie() -> None:
    g = nx.MultiDiGraph()
    g.add_nodes_from("abc", world="association")
    g.add_edge("a", "b", weight=0.5)
    g.add_edge("b", "a", weight=0.25)
    g.add_edge("a", "b")
    g.add_edge("c", "c")
    graph = projected(g)
    assert graph.edge_count == 1 and graph.weight.tolist() == [1.75]
    assert graph.isolated().tolist() == [2]


def test_an_unknown_world_is_named_with_its_node() -> None:
    g = nx.Graph()
    g.add_node("Asso 12", world="club")
    with pytest.raises(ValueError, match=r"node 'Asso 12': world 'club' is not one of association"):
        concentrated_communities(g)
    assert world_of("n", " Académique ").value == "academique"


def test_an_empty_graph_has_no_community() -> None:
    report = concentrated_communities(nx.Graph())
    assert (report.organisations, report.communities, report.cards) == (0, 0, [])
    assert np.isclose(report.modularity, 0.0)
