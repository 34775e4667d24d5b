"""The Cypher files: loadable by name, one statement each, values only as $parameters, and the two
dialects in step (same names, same parameters)."""

from __future__ import annotations

import re

import pytest

from graph_service.errors import QueryInvalid
from graph_service.model import NodeLabel, RelType
from graph_service.store.cypher import load_query, query_names
from graph_service.store.embedded import declared_tables

DIALECTS = ("embedded", "neo4j")
ALL = [(dialect, name) for dialect in DIALECTS for name in query_names(dialect)]


def _queries(dialect: str) -> set[str]:
    """Names the shared code calls; ``schema_*`` statements are each dialect's own DDL,
    ``*_copy`` and ``maintenance_*`` statements LadybugDB's own bulk path and upkeep, and ``gds_*``
    statements Neo4j's in-database algorithms."""
    return {
        name
        for name in query_names(dialect)
        if not name.startswith("schema_")
        and not (dialect == "embedded" and (name.endswith("_copy") or name.startswith("maintenance_")))
        and not (dialect == "neo4j" and name.startswith("gds_"))
    }


def test_there_are_queries_and_schema_statements() -> None:
    for dialect in DIALECTS:
        names = query_names(dialect)
        assert len(names) > 30
        schema = [n for n in names if n.startswith("schema_")]
        assert schema and schema == sorted(schema)


def test_both_dialects_hold_the_same_query_names() -> None:
    only_embedded = _queries("embedded") - _queries("neo4j")
    only_neo4j = _queries("neo4j") - _queries("embedded")
    assert not only_embedded, f"missing in cypher/neo4j/: {sorted(only_embedded)}"
    assert not only_neo4j, f"missing in cypher/embedded/: {sorted(only_neo4j)}"


@pytest.mark.parametrize("name", sorted(_queries("embedded") & _queries("neo4j")))
def test_both_files_of_a_name_declare_the_same_parameters(name: str) -> None:
    assert load_query("neo4j", name).parameters == load_query("embedded", name).parameters


@pytest.mark.parametrize(("dialect", "name"), ALL)
def test_each_file_is_one_statement_without_literal_values(dialect: str, name: str) -> None:
    query = load_query(dialect, name)
    assert ";" not in query.text.rstrip(";"), "one statement per file"
    assert "{}" not in query.text and "%s" not in query.text, "no formatting placeholders"
    labels = set(re.findall(r"\(\w*:(\w+)", query.text))
    assert labels <= {label.value for label in NodeLabel}
    types = set(re.findall(r"\[\w*:(\w+)", query.text))
    assert types <= {rel.value for rel in RelType}


def test_every_bulk_copy_has_a_statement_twin_for_small_batches() -> None:
    copies = {name.removesuffix("_copy") for name in query_names("embedded") if name.endswith("_copy")}
    creates = {name.removesuffix("_create") for name in _queries("embedded") if name.endswith("_create")}
    assert copies and copies <= creates


def test_embedded_tables_are_exactly_the_enums() -> None:
    tables = declared_tables()
    nodes = {name for name, table in tables.items() if not table.is_relationship}
    assert nodes == {label.value for label in NodeLabel} - {NodeLabel.CATALYST.value}
    assert {name for name, table in tables.items() if table.is_relationship} == {rel.value for rel in RelType}


def test_neo4j_schema_is_idempotent_and_covers_the_lookups() -> None:
    schema = [load_query("neo4j", n).text for n in query_names("neo4j") if n.startswith("schema_")]
    assert all("IF NOT EXISTS" in statement for statement in schema)
    text = "\n".join(schema)
    for label, key in (("Organisation", "id"), ("Territory", "key"), ("Alliance", "id")):
        assert re.search(rf"CONSTRAINT \w+ IF NOT EXISTS FOR \(n:{label}\) REQUIRE n\.{key} IS UNIQUE", text)
    for label, key in (("Territory", "code"), ("Organisation", "siren"), ("Organisation", "rna")):
        assert re.search(rf"INDEX \w+ IF NOT EXISTS FOR \(n:{label}\) ON \(n\.{key}\)", text)
    assert re.search(r"FULLTEXT INDEX \w+ IF NOT EXISTS\s+FOR \(n:Organisation\|Alliance\|Territory\)", text)


def test_catalysts_carry_their_own_label_in_neo4j() -> None:
    update = load_query("neo4j", "organisation_catalyst_update").text
    assert "SET n:Catalyst" in update and "REMOVE n:Catalyst" in update
    assert "(o:Catalyst)" in load_query("neo4j", "count_catalysts").text


def test_unknown_query_names_are_refused() -> None:
    with pytest.raises(QueryInvalid):
        load_query("embedded", "no_such_query")
    with pytest.raises(QueryInvalid):
        load_query("embedded", "../schema_01_organisation")


def test_parameters_are_parsed_from_the_text() -> None:
    assert load_query("embedded", "shortest_paths").parameters == {"source", "target", "max_length", "limit"}


def test_a_call_with_other_parameters_than_declared_is_refused() -> None:
    with pytest.raises(QueryInvalid, match="expects"):
        load_query("neo4j", "organisations_get").check({"ids": [], "extra": 1})


def _named_in_code() -> set[str]:
    """Every statement name the code holds: the kinds' and families' names, and string literals."""
    import ast
    from pathlib import Path

    import graph_service
    from graph_service.store import kinds, statements

    names: set[str] = set()
    for kind in vars(kinds).values():
        if isinstance(kind, kinds.SyncedKind):
            names |= {kind.existing_query, kind.create_query, kind.copy_query, kind.update_query}
            names |= {kind.delete_query, getattr(kind, "keys_query", "")}
    for family in vars(statements).values():
        if isinstance(family, statements.ByIds | statements.PagedSearch):
            names |= set(vars(family).values())
    for path in Path(graph_service.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                names.add(node.value)
    return names


def test_every_statement_is_named_by_the_code_and_every_family_member_exists() -> None:
    from graph_service.store import statements

    named = _named_in_code()
    for dialect in DIALECTS:
        dead = {n for n in query_names(dialect) if not n.startswith("schema_")} - named
        assert not dead, f"{dialect}: statements nothing names: {sorted(dead)}"
    for family in vars(statements).values():
        if isinstance(family, statements.ByIds | statements.PagedSearch):
            for name in vars(family).values():
                assert name in _queries("embedded") and name in _queries("neo4j"), name
