"""The five kinds of native files, told apart by their file names.

>>> kind_of_file("data/organisations_2024.csv"), kind_of_file("alliance_members.jsonl")
(<FileKind.ORGANISATIONS: 'organisations'>, <FileKind.MEMBERS: 'members'>)
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from graph_service.errors import InvalidInput
from importers.native.reading import column_key


class FileKind(StrEnum):
    """What a native file holds; the import order follows the declaration order."""

    TERRITORIES = "territories"
    ORGANISATIONS = "organisations"
    CATALYSTS = "catalysts"
    ALLIANCES = "alliances"
    MEMBERS = "members"


_PREFIXES = (
    (("alliance_members", "alliances_members", "members", "membres", "memberships"), FileKind.MEMBERS),
    (("territor", "territoires", "areas", "zones"), FileKind.TERRITORIES),
    (("organisation", "organization", "orgs", "acteurs"), FileKind.ORGANISATIONS),
    (("catalys",), FileKind.CATALYSTS),
    (("alliance", "partenariat", "partnership"), FileKind.ALLIANCES),
)


def kind_of_file(path: str | Path) -> FileKind:
    """The kind of a file from its name: ``organisations*.csv``, ``alliance_members*.jsonl``..."""
    stem = column_key(Path(path).stem)
    for prefixes, kind in _PREFIXES:
        if stem.startswith(prefixes):
            return kind
    names = ", ".join(f"{kind.value}*.csv" for kind in FileKind)
    raise InvalidInput(f"{Path(path).name}: cannot tell what the file holds from its name; name it {names}")
