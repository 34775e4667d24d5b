"""Loads ``cypher/<dialect>/<name>.cypher`` by name, with the set of parameters it declares.

Queries live in files so that they can be read, linted and compared across dialects; code refers
to them by name only.

>>> q = load_query("embedded", "organisations_get")
>>> sorted(q.parameters)
['ids']
>>> "MATCH" in q.text
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from graph_service.errors import QueryInvalid

_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_NAME = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True)
class Query:
    """One Cypher statement and the ``$parameters`` it expects."""

    dialect: str
    name: str
    text: str
    parameters: frozenset[str]

    def check(self, params: dict[str, object]) -> None:
        """Refuse a call whose parameters differ from the ones the statement declares: a bug."""
        if set(params) != self.parameters:
            raise QueryInvalid(
                f"{self.dialect}/{self.name} expects {sorted(self.parameters)}, got {sorted(params)}"
            )


@cache
def load_query(dialect: str, name: str) -> Query:
    """The statement ``name`` of ``dialect``; raises :class:`QueryInvalid` if there is none."""
    if not _NAME.match(name) or not _NAME.match(dialect):
        raise QueryInvalid(f"bad query name {dialect}/{name}")
    resource = resources.files("cypher").joinpath(dialect, f"{name}.cypher")
    if not resource.is_file():
        raise QueryInvalid(f"no query {name!r} in cypher/{dialect}/")
    text = resource.read_text(encoding="utf-8").strip()
    return Query(dialect, name, text, frozenset(_PARAMETER.findall(text)))


def query_names(dialect: str) -> list[str]:
    """Every statement name of a dialect, sorted (schema statements sort in creation order)."""
    folder = resources.files("cypher").joinpath(dialect)
    return sorted(
        entry.name.removesuffix(".cypher") for entry in folder.iterdir() if entry.name.endswith(".cypher")
    )
