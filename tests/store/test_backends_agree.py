"""The two backends hold the same data the same way: the demo loaded into LadybugDB and into Neo4j
gives the same counts, organisations, alliances, searches in the same order, ecosystems and
concentrated communities; and the data move embedded → Neo4j → embedded gives back what left.

These compare the embedded store with the live Neo4j, so they belong to the Neo4j run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.options import AnalysisOptions
from graph_service.config import Settings
from graph_service.model import Alliance, Organisation, SubgraphFilter
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.port import GraphStore
from importers.native import import_native
from importers.native.export import NativeFormat, export_native
from testkit.databases import copy_db

pytestmark = pytest.mark.neo4j
SEARCHES = ["grenoble", "labo", "association", "x", ""]
TERRITORIES = ["38", "29", "38185", "200040715", "projet:sud-isere"]


@pytest.fixture
def embedded_demo(demo_db: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(copy_db(demo_db, tmp_path), read_only=True) as store:
        yield store


def everything(store: GraphStore) -> tuple[list[Organisation], list[Alliance]]:
    total = store.search_organisations(limit=1).total
    ids = [o.id for o in store.search_organisations(limit=total).items]
    organisations = sorted(store.get_organisations(ids), key=lambda o: o.id)
    alliances = store.search_alliances(limit=store.search_alliances(limit=1).total).items
    return organisations, sorted(alliances, key=lambda a: a.id)


def concentrated_groups(store: GraphStore, code: str, tmp_path: Path) -> set[frozenset[str]]:
    report = Analyser(store, Settings(db_path=tmp_path / "unused.lbug")).communities(code, AnalysisOptions())
    return {
        frozenset(org for org, community in report.membership.items() if community == card.community)
        for card in report.cards
        if card.concentrated
    }


def test_counts_entities_and_searches_agree(
    embedded_demo: EmbeddedStore, demo_store_copy: GraphStore
) -> None:
    neo4j = demo_store_copy
    assert neo4j.counts() == embedded_demo.counts()
    assert everything(neo4j) == everything(embedded_demo)
    for query in SEARCHES:
        for territory in (None, "38"):
            ours = embedded_demo.search_organisations(query, territory=territory, limit=40)
            theirs = neo4j.search_organisations(query, territory=territory, limit=40)
            assert [o.id for o in theirs.items] == [o.id for o in ours.items], (query, territory)
            assert theirs.total == ours.total
        assert [a.id for a in neo4j.search_alliances(query, limit=40).items] == [
            a.id for a in embedded_demo.search_alliances(query, limit=40).items
        ], query


@pytest.mark.parametrize("code", TERRITORIES)
def test_ecosystems_and_concentrated_communities_agree(
    code: str, embedded_demo: EmbeddedStore, demo_store_copy: GraphStore, tmp_path: Path
) -> None:
    for scope in (SubgraphFilter(), SubgraphFilter(include_external=True)):
        ours, theirs = embedded_demo.ecosystem(code, scope), demo_store_copy.ecosystem(code, scope)
        assert theirs.organisations == ours.organisations
        assert theirs.alliances == ours.alliances
        assert sorted(theirs.memberships, key=repr) == sorted(ours.memberships, key=repr)
    assert concentrated_groups(demo_store_copy, code, tmp_path) == concentrated_groups(
        embedded_demo, code, tmp_path
    )


def test_embedded_to_neo4j_and_back_gives_the_same_content(
    embedded_demo: EmbeddedStore, reference_store: GraphStore, reference_db: Path, tmp_path: Path
) -> None:
    export_native(embedded_demo, tmp_path / "from-embedded", fmt=NativeFormat.JSONL)
    report = import_native([tmp_path / "from-embedded"], reference_store, dataset="moved")
    assert report.rejections == []
    assert reference_store.counts() == embedded_demo.counts()
    assert everything(reference_store) == everything(embedded_demo)

    export_native(reference_store, tmp_path / "from-neo4j", fmt=NativeFormat.JSONL)
    (tmp_path / "back").mkdir()
    with EmbeddedStore(copy_db(reference_db, tmp_path / "back")) as back:
        back.init_schema()
        assert import_native([tmp_path / "from-neo4j"], back, dataset="moved").rejections == []
        assert back.counts() == embedded_demo.counts()
        assert everything(back) == everything(embedded_demo)
