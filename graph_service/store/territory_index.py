"""The territory reference held in memory: resolve codes, walk the hierarchy, search by name.

The 36,000 territories change only with ``maillage init`` or an import of informal areas, yet
every read of a territory page resolves a code, reads ancestors and children and names communes.
A store builds this index once from all its territories and answers those reads from memory,
with the same order and matching rules as its Cypher statements (accent-free name keys, prefix
matches first, then population).

>>> from graph_service.model import ParentLink, Territory
>>> index = TerritoryIndex([
...     Territory(level="pays", code="FR", name="France"),
...     Territory(level="departement", code="38", name="Isère", parents=[ParentLink(key="pays:FR")]),
...     Territory(level="commune", code="38185", name="Grenoble", population=158_000,
...               parents=[ParentLink(key="departement:38")]),
... ])
>>> index.resolve("38"), index.resolve("38185")
('departement:38', 'commune:38185')
>>> index.ancestors("commune:38185")
['departement:38', 'pays:FR']
>>> [t.key for t in index.search("gren")[1]]
['commune:38185']
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Mapping, Sequence

from graph_service.errors import InvalidInput, NotFound
from graph_service.identifiers import search_key
from graph_service.model import Territory, TerritoryLevel, territory_key

# A bare code is read as the first level that has it: "84" is the département, "region:84" the region.
BARE_CODE_PREFERENCE = (
    TerritoryLevel.COMMUNE,
    TerritoryLevel.ARRONDISSEMENT,
    TerritoryLevel.EPCI,
    TerritoryLevel.DEPARTEMENT,
    TerritoryLevel.REGION,
    TerritoryLevel.PAYS,
    TerritoryLevel.PROJET,
)
MAX_ANCESTOR_DEPTH = 8


class TerritoryIndex:
    """Every territory of a store, by key, with parents, children and name keys."""

    def __init__(self, territories: Iterable[Territory], name_keys: Mapping[str, str] | None = None) -> None:
        """``name_keys`` (by territory key) are the stored search keys of the names, if at hand."""
        self.by_key: dict[str, Territory] = {t.key: t for t in territories}
        known = name_keys or {}
        self._name_key = {key: known.get(key) or search_key(t.name) for key, t in self.by_key.items()}
        children: defaultdict[str, list[str]] = defaultdict(list)
        for territory in self.by_key.values():
            for link in territory.parents:
                children[link.key].append(territory.key)
        self.areas = frozenset(key for key, t in self.by_key.items() if t.level is TerritoryLevel.PROJET)
        """The informal areas (level ``projet``)."""
        order = self._listing_order
        self._children = {key: sorted(keys, key=order) for key, keys in children.items()}

    def __len__(self) -> int:
        return len(self.by_key)

    def _listing_order(self, key: str) -> tuple[str, str, str]:
        territory = self.by_key[key]
        return territory.level.value, self._name_key[key], key

    def resolve(self, code: str) -> str:
        """The key of a territory given its key (``level:code``) or a bare INSEE code."""
        code = code.strip()
        if ":" in code:
            level, _, bare = code.partition(":")
            if level not in TerritoryLevel.__members__.values():
                raise InvalidInput(f"territory {code!r}: unknown level {level!r}")
            candidates = [territory_key(level, bare)]
        else:
            candidates = [territory_key(level, code) for level in BARE_CODE_PREFERENCE]
        for key in candidates:
            if key in self.by_key:
                return key
        raise NotFound("territory", code)

    def get(self, keys: Sequence[str]) -> list[Territory]:
        """The territories of these keys that exist, in the order asked."""
        return [self.by_key[key] for key in keys if key in self.by_key]

    def existing(self, keys: Iterable[str]) -> set[str]:
        return {key for key in keys if key in self.by_key}

    def ancestors(self, key: str) -> list[str]:
        """Every territory above ``key`` through whole (not partial) ``PART_OF`` links, nearest
        first, then by key."""
        depth = {key: 0}
        queue = deque([key])
        while queue:
            current = queue.popleft()
            if depth[current] >= MAX_ANCESTOR_DEPTH or current not in self.by_key:
                continue
            for link in self.by_key[current].parents:
                if not link.partial and link.key not in depth:
                    depth[link.key] = depth[current] + 1
                    queue.append(link.key)
        del depth[key]
        return sorted(depth, key=lambda k: (depth[k], k))

    def children(self, key: str) -> list[str]:
        """Territories directly ``PART_OF`` this one (partial links too), by level then name."""
        return list(self._children.get(key, ()))

    def search(
        self, query: str = "", *, level: TerritoryLevel | None = None, parent: str | None = None
    ) -> tuple[int, list[Territory]]:
        """Territories whose name contains the query (accent- and case-insensitive) or whose code
        is it, names starting with it first, then the most populated; all of them, with the total."""
        wanted, raw = search_key(query), query.strip()
        pool = self._children.get(parent, []) if parent is not None else list(self.by_key)
        found = [
            key
            for key in pool
            if (level is None or self.by_key[key].level is level)
            and (not wanted or wanted in self._name_key[key] or self.by_key[key].code == raw)
        ]
        found.sort(
            key=lambda key: (
                not self._name_key[key].startswith(wanted),
                -(self.by_key[key].population or 0),
                self._name_key[key],
                key,
            )
        )
        return len(found), [self.by_key[key] for key in found]
