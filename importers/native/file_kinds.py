"""The five kinds of native files, told apart by their file names, and the files an import reads.

>>> kind_of_file("data/organisations_2024.csv"), kind_of_file("alliance_members.jsonl")
(<FileKind.ORGANISATIONS: 'organisations'>, <FileKind.MEMBERS: 'members'>)
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path

from graph_service.errors import InvalidInput
from importers.pipeline.reading import column_key

SUFFIXES = {".csv", ".tsv", ".txt", ".jsonl", ".ndjson"}
"""The file types a native import reads (by suffix)."""


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


def collect_files(paths: Iterable[Path], kind: FileKind | None = None) -> list[tuple[FileKind, Path]]:
    """The files to import with their kinds, in import order; folders give their native files."""
    found: list[tuple[FileKind, Path]] = []
    for path in paths:
        if path.is_dir():
            children = sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES)
            found += [(kind_of_file(child), child) for child in children]
        elif path.is_file():
            found.append((kind or kind_of_file(path), path))
        else:
            raise InvalidInput(f"{path}: no such file or folder")
    order = list(FileKind)
    return sorted(found, key=lambda item: (order.index(item[0]), str(item[1])))
