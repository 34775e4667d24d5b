"""Analyses inside Neo4j (GDS) agree with the in-process engine: the same projected weights, the
same PageRank (within 1e-6) and betweenness, and on planted territories the same concentrated
clubs; the API names the engine that ran. These need the live server's GDS: the Neo4j run."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.communities import auto_resolution
from graph_service.analysis.engine import IN_PROCESS, Engine
from graph_service.analysis.engine_choice import EngineChooser
from graph_service.analysis.in_database import projection_request
from graph_service.analysis.multiscale import detect_groups
from graph_service.analysis.options import DEFAULT_OPTIONS
from graph_service.analysis.projection import ProjectedGraph, project
from graph_service.config import Settings
from graph_service.model import (
    AllianceInfo,
    AllianceMode,
    EcosystemFrame,
    MembershipEdge,
    OpenDataTie,
    Organisation,
    RelType,
)
from graph_service.store.algorithms import GraphAlgorithms
from graph_service.store.port import GraphStore
from testkit.http import api_client
from testkit.planted import PlantedTerritory, planted_territory

pytestmark = pytest.mark.neo4j
SETTINGS = Settings()
GDS = Settings(analysis_engine="gds")


def gds_engine(store: GraphStore) -> Engine:
    return EngineChooser(store, GDS).in_database()


def algorithms_of(store: GraphStore) -> GraphAlgorithms:
    algorithms = store.graph_algorithms()
    assert algorithms is not None
    return algorithms


def demo_graph(
    store: GraphStore, code: str, *, open_data: bool = False, cap: int = SETTINGS.network_min_members
) -> ProjectedGraph:
    key = store.resolve_territory(code)
    scope = DEFAULT_OPTIONS.filter.model_copy(update={"include_open_data": open_data})
    return project(
        store.ecosystem_frame(key, scope),
        include_open_data=open_data,
        network_min_members=cap,
    )


def in_process_weights(graph: ProjectedGraph) -> dict[tuple[str, str], float]:
    ids = graph.ids
    return {
        tuple(sorted((ids[s], ids[t]))): w  # type: ignore[misc]
        for s, t, w in zip(graph.source.tolist(), graph.target.tolist(), graph.weight.tolist(), strict=True)
    }


def test_the_database_projects_the_same_weighted_ties(demo_store_copy: GraphStore) -> None:
    # A low cap makes some alliances networks: they must stay out of the database's ties too.
    graph = demo_graph(demo_store_copy, "38", cap=5)
    assert graph.networks
    with algorithms_of(demo_store_copy).project(projection_request(graph)) as projected:
        assert projected.nodes == graph.node_count
        assert projected.relationships == graph.edge_count
        theirs = {(a, b): w for a, b, w in projected.weights()}
    ours = in_process_weights(graph)
    assert theirs.keys() == ours.keys()
    assert max(abs(theirs[pair] - ours[pair]) for pair in ours) < 1e-9


def test_open_data_ties_weigh_the_same_in_the_database(demo_store_copy: GraphStore) -> None:
    store = demo_store_copy
    graph = demo_graph(store, "38")
    a, b = (graph.ids[i] for i in np.flatnonzero(graph.degree > 0)[:2])
    ties = [
        OpenDataTie(kind=RelType.FUNDS, source_id=a, target_id=b, key=f"test:{k}", amount=1000.0 + k)
        for k in range(2)
    ]
    store.upsert_open_data_ties(ties, "test@1")
    with_money = demo_graph(store, "38", open_data=True)
    assert with_money.money, "the two subsidies are in the projection"
    with algorithms_of(store).project(projection_request(with_money)) as projected:
        theirs = {(x, y): w for x, y, w in projected.weights()}
    ours = in_process_weights(with_money)
    assert theirs.keys() == ours.keys()
    assert max(abs(theirs[pair] - ours[pair]) for pair in ours) < 1e-9
    assert ours[tuple(sorted((a, b)))] >= 2  # type: ignore[index]


@pytest.mark.parametrize("code", ["38", "29"])
def test_pagerank_and_betweenness_agree_with_the_in_process_engine(
    demo_store_copy: GraphStore, code: str
) -> None:
    graph = demo_graph(demo_store_copy, code)
    engine = gds_engine(demo_store_copy)
    theirs = engine.centralities(graph, exact=True, samples=64, seed=7)
    ours = IN_PROCESS.centralities(graph, exact=True, samples=64, seed=7)
    assert abs(theirs.pagerank.sum() - 1) < 1e-9
    assert np.abs(theirs.pagerank - ours.pagerank).max() < 1e-6
    assert np.abs(theirs.betweenness - ours.betweenness).max() < 1e-9
    # Sampled, both estimate the same quantity on the same scale.
    sampled = engine.centralities(graph, exact=False, samples=graph.node_count // 2, seed=7)
    assert 0.5 < sampled.betweenness.sum() / ours.betweenness.sum() < 2


def store_planted(store: GraphStore, territory: PlantedTerritory) -> None:
    frame = territory.frame
    organisations = [Organisation(id=o.id, name=o.name, world=o.world) for o in frame.organisations]
    store.upsert_organisations(organisations, "planted@1")
    alliances = [AllianceInfo(id=a.id, name=a.name, mode=AllianceMode.MECENAT) for a in frame.alliances]
    store.upsert_alliances(alliances, "planted@1")
    edges = [
        MembershipEdge(organisation_id=o, alliance_id=a, role="membre")
        for o, a in zip(frame.member_ids, frame.alliance_ids, strict=True)
    ]
    store.upsert_memberships(edges, "planted", "planted@1")


def flagged_groups(frame: EcosystemFrame, areas: dict[str, str], engine: Engine) -> list[frozenset[str]]:
    graph = project(frame, areas=areas, network_min_members=SETTINGS.network_min_members)
    detection = detect_groups(
        graph,
        SETTINGS.closure,
        resolution=auto_resolution(graph.edge_count),
        seed=SETTINGS.analysis_seed,
        runs=SETTINGS.analysis_runs,
        engine=engine,
    )
    labels = detection.partition.membership
    return [
        frozenset(graph.ids[i] for i in np.flatnonzero(labels == card.community) if not graph.external[i])
        for card in detection.cards
        if card.concentrated
    ]


def found(club: set[str], flagged: list[frozenset[str]]) -> bool:
    return any(len(club & group) / len(club | group) >= 0.5 for group in flagged)


@pytest.mark.parametrize("seed", [11, 12])
def test_planted_territories_give_the_same_concentrated_clubs(reference_store: GraphStore, seed: int) -> None:
    # The territories this parity was measured on; the hard cases are the null model's tests.
    territory = planted_territory(seed=seed, noise=0.05 * (seed - 11), hard=False)
    store_planted(reference_store, territory)
    ours = flagged_groups(territory.frame, territory.epci_of, IN_PROCESS)
    theirs = flagged_groups(territory.frame, territory.epci_of, gds_engine(reference_store))
    clubs = [set(g.members) for g in territory.clubs()]
    others = [set(g.members) for g in territory.groups if g.kind != "club"]
    assert [found(c, theirs) for c in clubs] == [found(c, ours) for c in clubs]
    assert sum(found(c, theirs) for c in clubs) >= 0.8 * len(clubs)
    assert not any(found(group, theirs) for group in others), "an open, healthy or border group flagged"


def test_the_api_answers_from_gds_and_names_it(api_store: GraphStore, tmp_path: Path) -> None:
    with api_client(api_store, tmp_path / "unused.lbug", tmp_path / "data", analysis_engine="gds") as client:
        communities = client.get("/api/v1/territories/38/analysis/communities")
        centrality = client.get(
            "/api/v1/territories/38/analysis/centrality", params={"metric": "pagerank", "top": 1000}
        )
    assert communities.status_code == 200, communities.text
    method = communities.json()["data"]["method"]
    assert method["parameters"]["engine"].startswith("gds 2.")
    assert "leiden" in method["algorithm"]
    assert centrality.status_code == 200, centrality.text
    assert centrality.json()["data"]["method"]["algorithm"].startswith("centrality, gds 2.")
    rows = centrality.json()["data"]["rows"]
    in_process = Analyser(api_store, SETTINGS).centrality("38", DEFAULT_OPTIONS, top=len(rows))
    ours = {row.id: row.scores for row in in_process.rows}
    assert {row["id"] for row in rows} == ours.keys()
    for metric in ("pagerank", "betweenness"):
        assert max(abs(row["scores"][metric] - ours[row["id"]][metric]) for row in rows) < 1e-6


def test_auto_stays_in_process_below_its_size_and_goes_to_gds_above(demo_store_copy: GraphStore) -> None:
    graph = demo_graph(demo_store_copy, "38")
    below = EngineChooser(
        demo_store_copy, Settings(analysis_engine="auto", gds_min_ties=graph.edge_count + 1)
    )
    above = EngineChooser(demo_store_copy, Settings(analysis_engine="auto", gds_min_ties=graph.edge_count))
    assert below.engine_for(graph) is IN_PROCESS
    assert above.engine_for(graph).name.startswith("gds 2.")
