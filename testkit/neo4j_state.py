"""Templates on a live Neo4j: the test suite's equivalent of copying a database file.

The embedded suite copies a template file (the reference, or the reference and the demo) for each
test. A Neo4j server holds one database, so each test instead gets the database brought back to a
template's content: a :class:`Template` is a dump of every Maillage node and relationship, taken
once, and :meth:`Neo4jTemplates.restore` puts the database back to it.

Restoring costs nothing when nothing was written since the last restore (the server's bookmark
has not moved). Otherwise only what differs is redone: every write of Maillage stamps the ``run``
it belongs to, so nodes and relationships of a run the template does not hold are deleted (with
tokens, import runs, accounts, sessions and changed catalyst flags; between two templates, the nodes they hold
differently), and whatever the template holds but the database
no longer does (deleted, or deleted above because a test updated it) is created again from the
dump. Counts of every label and type are checked against the template at the end.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neo4j import Driver, RoutingControl

import testkit

STATEMENTS = Path(testkit.__file__).parent / "cypher"
BATCH = 10_000
KEYED = ("Organisation", "Territory", "Alliance")
"""Labels whose nodes carry the ``run`` that wrote them."""
ENDPOINT_FILE = {"Organisation": "organisation", "Territory": "territory", "Alliance": "alliance"}


def statement(name: str) -> str:
    return (STATEMENTS / f"{name}.cypher").read_text(encoding="utf-8")


@dataclass
class Template:
    """Every Maillage node and relationship of a database, as the driver returned them."""

    nodes: dict[tuple[str, str], dict[str, Any]]
    catalysts: set[str]
    relationships: list[dict[str, Any]]
    runs: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def counts(self) -> Counter[tuple[str, str]]:
        totals: Counter[tuple[str, str]] = Counter(("node", label) for label, _ in self.nodes)
        totals.update(("relationship", rel["type"]) for rel in self.relationships)
        return totals


class Neo4jTemplates:
    """Dumps and restores of the one database a test run owns on a Neo4j server."""

    def __init__(self, driver: Driver, database: str) -> None:
        self.driver = driver
        self.database = database
        self.current: Template | None = None
        self.bookmark: object = None
        self.restores = 0
        self.restore_seconds = 0.0

    def _run(self, name: str, **params: Any) -> list[dict[str, Any]]:
        records, _, _ = self.driver.execute_query(
            statement(name), params, database_=self.database, routing_=RoutingControl.WRITE
        )
        return [record.data() for record in records]

    def _drain(self, name: str, **params: Any) -> None:
        while self._run(name, limit=BATCH, **params)[0]["deleted"]:
            pass

    def _last_commit(self) -> object:
        """The bookmark of the database's last committed transaction, whoever committed it."""
        with self.driver.session(database=self.database, default_access_mode="READ") as session:
            session.run("RETURN 1").consume()
            return session.last_bookmarks()

    def dump(self) -> Template:
        nodes: dict[tuple[str, str], dict[str, Any]] = {}
        catalysts: set[str] = set()
        for row in self._run("neo4j_state_nodes"):
            nodes[(row["label"], row["key"])] = row["props"]
            if row["catalyst"]:
                catalysts.add(row["key"])
        relationships = self._run("neo4j_state_relationships")
        runs = {str(props["run"]) for (label, _), props in nodes.items() if label in KEYED and "run" in props}
        runs |= {str(rel["props"]["run"]) for rel in relationships if "run" in rel["props"]}
        ids = [key for label, key in nodes if label not in KEYED]
        template = Template(nodes, catalysts, relationships, sorted(runs), ids)
        self.current, self.bookmark = template, self._last_commit()
        return template

    def build(self, fill: Callable[[], None]) -> Template:
        """A template made by ``fill`` on an emptied database (schema included), then dumped."""
        # Relationships first: a commune holding 50,000 organisations would otherwise take them
        # all into one transaction when its node goes.
        self._drain("neo4j_clear_links_batch")
        self._drain("neo4j_clear_batch")
        fill()
        return self.dump()

    def restore(self, template: Template) -> None:
        """Bring the database back to ``template``; a no-op when nothing was written since."""
        if self.current is template and self._last_commit() == self.bookmark:
            return
        started = time.perf_counter()
        if self.current is not None and self.current is not template:
            self._leave(self.current, template)
        self._drain(
            "neo4j_state_delete_nodes_outside",
            runs=template.runs,
            ids=template.ids,
            catalysts=sorted(template.catalysts),
        )
        self._drain("neo4j_state_delete_relationships_outside", runs=template.runs)
        recreated = self._create_missing_nodes(template)
        self._create_relationships(
            [
                rel
                for rel in template.relationships
                if (rel["from_label"], rel["from_key"]) in recreated
                or (rel["to_label"], rel["to_key"]) in recreated
            ]
        )
        self._repair_relationship_types(template)
        self.current, self.bookmark = template, self._last_commit()
        self.restores += 1
        self.restore_seconds += time.perf_counter() - started

    def _leave(self, old: Template, new: Template) -> None:
        """From one template to another: the nodes the two hold differently are deleted (then
        created again from ``new``); relationships follow through the counts' repair."""
        stale: dict[str, list[str]] = defaultdict(list)
        for (label, key), props in old.nodes.items():
            if new.nodes.get((label, key)) != props or (key in old.catalysts) != (key in new.catalysts):
                stale[label].append(key)
        for label, keys in stale.items():
            self._drain("neo4j_state_delete_nodes_by_key", label=label, keys=keys)

    def _counts(self) -> Counter[tuple[str, str]]:
        """Counts of every label and type, from Neo4j's count store (no scan)."""
        return Counter(
            {(row["kind"], row["name"]): int(row["total"]) for row in self._run("neo4j_state_counts")}
        )

    def _create_missing_nodes(self, template: Template) -> set[tuple[str, str]]:
        wanted = template.counts()
        have = self._counts()
        missing: list[tuple[str, str]] = []
        for label in sorted({label for label, _ in template.nodes}):
            if have[("node", label)] == wanted[("node", label)]:
                continue
            present = {row["key"] for row in self._run("neo4j_state_keys", label=label)}
            missing += [(lbl, key) for lbl, key in template.nodes if lbl == label and key not in present]
        rows = [
            {
                "labels": [label, "Catalyst"] if key in template.catalysts else [label],
                "props": template.nodes[(label, key)],
            }
            for label, key in missing
        ]
        for start in range(0, len(rows), BATCH):
            self._run("neo4j_state_create_nodes", rows=rows[start : start + BATCH])
        return set(missing)

    def _create_relationships(self, relationships: list[dict[str, Any]]) -> None:
        grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for rel in relationships:
            ends = f"{ENDPOINT_FILE[rel['from_label']]}_{ENDPOINT_FILE[rel['to_label']]}"
            name = f"neo4j_state_create_relationships_{ends}"
            grouped[name].append(
                {
                    "type": rel["type"],
                    "from_key": rel["from_key"],
                    "to_key": rel["to_key"],
                    "props": rel["props"],
                }
            )
        for name, rows in grouped.items():
            for start in range(0, len(rows), BATCH):
                self._run(name, rows=rows[start : start + BATCH])

    def _repair_relationship_types(self, template: Template) -> None:
        """A relationship a test deleted between nodes it left: its whole type is laid again."""
        wanted, have = template.counts(), self._counts()
        for kind, name in sorted(wanted | have):
            if kind == "relationship" and wanted[(kind, name)] != have[(kind, name)]:
                self._drain("neo4j_state_delete_relationships_of_type", type=name)
                self._create_relationships([rel for rel in template.relationships if rel["type"] == name])
        final = self._counts()
        if +final != +wanted:
            raise AssertionError(f"Neo4j restore left {dict(final)} where the template holds {dict(wanted)}")
