"""The Cypher files: loadable by name, one statement each, values only as $parameters."""

from __future__ import annotations

import re

import pytest

from graph_service.errors import QueryInvalid
from graph_service.model import NodeLabel, RelType
from graph_service.store.cypher import load_query, query_names

NAMES = query_names("embedded")


def test_there_are_queries_and_schema_statements() -> None:
    assert len(NAMES) > 30
    assert [n for n in NAMES if n.startswith("schema_")] == sorted(
        n for n in NAMES if n.startswith("schema_")
    )


@pytest.mark.parametrize("name", NAMES)
def test_each_file_is_one_statement_without_literal_values(name: str) -> None:
    query = load_query("embedded", name)
    assert ";" not in query.text.rstrip(";"), "one statement per file"
    assert "{}" not in query.text and "%s" not in query.text, "no formatting placeholders"
    labels = set(re.findall(r"\(\w*:(\w+)", query.text))
    assert labels <= {label.value for label in NodeLabel}
    types = set(re.findall(r"\[\w*:(\w+)", query.text))
    assert types <= {rel.value for rel in RelType}


def test_unknown_query_names_are_refused() -> None:
    with pytest.raises(QueryInvalid):
        load_query("embedded", "no_such_query")
    with pytest.raises(QueryInvalid):
        load_query("embedded", "../schema_01_organisation")


def test_parameters_are_parsed_from_the_text() -> None:
    assert load_query("embedded", "shortest_paths").parameters == {"source", "target", "max_length", "limit"}
