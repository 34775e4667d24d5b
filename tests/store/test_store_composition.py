"""The Cypher store is composed of query objects: every port method is answered by the one that
owns it, with the port's own signature, and no port method is left to a missing part."""

from __future__ import annotations

import inspect

from graph_service.store.account_queries import AccountQueries
from graph_service.store.change_queries import ChangeQueries
from graph_service.store.cypher_store import CypherGraphStore, Delegated
from graph_service.store.entity_reads import EntityQueries
from graph_service.store.entity_writes import GraphWriter
from graph_service.store.port import GraphStore
from graph_service.store.subgraph_reads import SubgraphQueries
from graph_service.store.territory_reads import TerritoryQueries
from graph_service.store.token_queries import TokenQueries

PARTS = {
    "territories": TerritoryQueries,
    "entities": EntityQueries,
    "subgraphs": SubgraphQueries,
    "writer": GraphWriter,
    "tokens": TokenQueries,
    "accounts": AccountQueries,
    "history": ChangeQueries,
}


def _delegated() -> dict[str, str]:
    found = {name: value for name, value in vars(CypherGraphStore).items() if isinstance(value, Delegated)}
    # Each name answers with its own method, not another name's.
    assert all(value.name == name for name, value in found.items())
    return {name: value.part for name, value in found.items()}


def test_each_delegated_method_exists_on_its_part_with_the_port_signature() -> None:
    delegated = _delegated()
    assert delegated, "no delegated method"
    for name, part in delegated.items():
        implementation = getattr(PARTS[part], name)
        port = getattr(GraphStore, name)
        assert str(inspect.signature(implementation)) == str(inspect.signature(port)), name


def test_only_the_adapters_primitives_and_lifecycle_are_left_abstract() -> None:
    adapters_own = {"read", "write", "create_nodes", "create_relationships", "init_schema", "close"}
    assert CypherGraphStore.__abstractmethods__ == adapters_own
