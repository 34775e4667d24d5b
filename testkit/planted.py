"""Planted territories: a département whose concentrated communities are known in advance.

Used by ``bench/analysis.py --planted`` to measure the precision and recall of the concentrated
flag, and by the tests. A territory holds, spread over EPCIs of communes:

- **open communities** (15–80 members, every world, as many ties out as in): never to be flagged;
- **clubs** (5–40 members, one or two worlds, closed: a tie out for a small club, a few for a large
  one, in one EPCI): the concentrated communities to find;
- **healthy local clusters** (closed, in one EPCI, five worlds or more): *local and closed*, not
  concentrated;
- **border clubs** (closed inside the département, but every member has partners across the
  border): open once outside partners count;
- **federations** (alliances of 16–56 members across everything, each touching eight club members);
- **noise**: extra random ties, a share of all the others.

Ties are alliances, as in the store: mostly pairs, some of three or four members.

>>> territory = planted_territory(seed=3, noise=0.0)
>>> sorted({group.kind for group in territory.groups})
['border', 'club', 'healthy', 'open']
>>> len(territory.frame.organisations) > 2000, len(territory.frame.external_ids) > 0
(True, True)
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from graph_service.analysis.multiscale import Detection
from graph_service.analysis.projection import ProjectedGraph
from graph_service.model import AllianceInfo, EcosystemFrame, Organisation, World

WORLDS = list(World)
CLUB_SIZES = (5, 5, 6, 6, 7, 8, 10, 12, 15, 20, 25, 30, 40)
DEPARTEMENT = "departement:99"


@dataclass
class PlantedGroup:
    kind: str
    """``club``, ``open``, ``healthy``, ``border``, ``broker`` or ``background``."""
    members: list[str]
    epci: str


@dataclass
class PlantedTerritory:
    frame: EcosystemFrame
    """The whole département, its outside partners included."""
    epci_of: dict[str, str]
    """EPCI of each organisation inside."""
    commune_of: dict[str, str]
    groups: list[PlantedGroup]

    def clubs(self, epci: str | None = None) -> list[PlantedGroup]:
        return [g for g in self.groups if g.kind == "club" and epci in (None, g.epci)]

    def view(self, epci: str) -> EcosystemFrame:
        """The EPCI as the store reads it with outside partners: its organisations, every alliance
        one of them belongs to, and the other members of those alliances as outside partners."""
        inside = {o for o, e in self.epci_of.items() if e == epci}
        frame = self.frame
        touched = {a for o, a in zip(frame.member_ids, frame.alliance_ids, strict=True) if o in inside}
        rows = [(o, a) for o, a in zip(frame.member_ids, frame.alliance_ids, strict=True) if a in touched]
        present = {o for o, _ in rows} | inside
        return EcosystemFrame(
            organisations=[o for o in frame.organisations if o.id in present],
            alliances=[a for a in frame.alliances if a.id in touched],
            member_ids=[o for o, _ in rows],
            alliance_ids=[a for _, a in rows],
            roles=["membre"] * len(rows),
            external_ids=sorted(present - inside),
        )


class _Builder:
    def __init__(self, seed: int, epcis: int, communes_per_epci: int) -> None:
        self.rng = np.random.default_rng(seed)
        self.organisations: list[Organisation] = []
        self.external: list[str] = []
        self.epci_of: dict[str, str] = {}
        self.commune_of: dict[str, str] = {}
        self.alliances: list[list[str]] = []
        self.epcis = [f"epci:{200000000 + e}" for e in range(epcis)]
        self.communes_per_epci = communes_per_epci

    def organisation(self, world: World, epci: str | None) -> str:
        i = len(self.organisations)
        organisation_id = f"planted:{i}"
        self.organisations.append(
            Organisation.model_construct(id=organisation_id, name=f"org {i}", world=world, catalyst=None)
        )
        if epci is None:
            self.external.append(organisation_id)
        else:
            self.epci_of[organisation_id] = epci
            commune = int(self.rng.integers(self.communes_per_epci))
            self.commune_of[organisation_id] = f"commune:{epci[5:]}-{commune}"
        return organisation_id

    def members(self, size: int, worlds: list[World], epci: str, *, home_share: float = 1.0) -> list[str]:
        picked = []
        for k in range(size):
            place = epci if self.rng.random() < home_share else str(self.rng.choice(self.epcis))
            picked.append(self.organisation(worlds[k % len(worlds)], place))
        return picked

    def tie(self, group: list[str]) -> None:
        self.alliances.append(sorted(set(group)))

    def connect(self, members: list[str], ties_per_member: float) -> None:
        """About ``ties_per_member`` distinct ties per member, connected, mostly pairs and some
        alliances of three or four (each of which ties all its members)."""
        n = len(members)
        order = self.rng.permutation(n)
        pairs = {(min(a, b), max(a, b)) for a, b in itertools.pairwise(order)}
        for a, b in pairs:
            self.tie([members[a], members[b]])
        wanted = min(round(n * ties_per_member / 2), n * (n - 1) // 2)
        attempts = 0
        while len(pairs) < wanted and attempts < 20 * wanted:
            attempts += 1
            size = 2 if self.rng.random() < 0.8 or n < 4 else int(self.rng.integers(3, 5))
            picked = sorted(int(k) for k in self.rng.choice(n, size=size, replace=False))
            new = {(a, b) for i, a in enumerate(picked) for b in picked[i + 1 :]} - pairs
            if new:
                pairs |= new
                self.tie([members[k] for k in picked])


def _hard_cases(build: _Builder, groups: list[PlantedGroup], every_open: list[str]) -> None:
    """The groups a detection is tempted to flag wrongly, or to flag in pieces:

    - **broker-side diverse groups** (5–7 members of four worlds, dense, tied to the rest only
      through one broker): closed, but diverse, so never concentrated; nor any slice of them;
    - a **sparse random background** (1,500 organisations, two ties each on average, a few to
      the rest): any small closed piece of it is closed by chance;
    - **large clubs** (28 and 60 members): found whole, not as two pieces.
    """
    rng = build.rng
    for k in range(6):
        epci = build.epcis[(k * 5 + 2) % len(build.epcis)]
        worlds = [WORLDS[int(w)] for w in rng.choice(len(WORLDS), size=4, replace=False)]
        members = build.members(int(rng.integers(5, 8)), worlds, epci)
        build.connect(members, 3.0)
        broker = str(rng.choice(every_open))
        build.tie([broker, members[0]])
        build.tie([broker, members[1]])
        groups.append(PlantedGroup("broker", members, epci))
    background = [build.organisation(WORLDS[int(rng.integers(len(WORLDS)))], str(rng.choice(build.epcis)))
                  for _ in range(1500)]  # fmt: skip
    for _ in range(len(background)):
        a, b = rng.choice(len(background), size=2, replace=False)
        build.tie([background[int(a)], background[int(b)]])
    for _ in range(len(background) // 10):
        build.tie([str(rng.choice(background)), str(rng.choice(every_open))])
    groups.append(PlantedGroup("background", background, "epci:all"))
    for k, size in enumerate((28, 60)):
        epci = build.epcis[(k * 3 + 1) % len(build.epcis)]
        members = build.members(size, [World.ENTREPRISE, World.ASSOCIATION][k : k + 1], epci)
        build.connect(members, 8.0)
        for _ in range(size // 8):
            build.tie([str(rng.choice(members)), str(rng.choice(every_open))])
        groups.append(PlantedGroup("club", members, epci))


def planted_territory(
    *, seed: int = 1, noise: float = 0.1, epcis: int = 12, open_communities: int = 40, hard: bool = True
) -> PlantedTerritory:
    """A département with every kind of group; ``noise`` adds that share of random ties. ``hard``
    adds the cases that tempt a detection into false flags (:func:`_hard_cases`)."""
    build = _Builder(seed, epcis, communes_per_epci=8)
    rng = build.rng
    groups: list[PlantedGroup] = []
    common = [World.ASSOCIATION, World.ENTREPRISE, World.COLLECTIVITE, World.ASSOCIATION, World.ENTREPRISE]
    for _ in range(open_communities):
        epci = str(rng.choice(build.epcis))
        size = int(rng.integers(15, 81))
        worlds = (
            [WORLDS[int(w)] for w in rng.choice(len(WORLDS), size=size)] if rng.random() < 0.5 else common
        )
        groups.append(PlantedGroup("open", build.members(size, worlds, epci, home_share=0.7), epci))
    every_open = [o for g in groups for o in g.members]
    for g in groups:
        # Between E-I -0.1 (twice as many ties in as out per member) and +0.4: open either way.
        inner = float(rng.uniform(4.0, 6.0))
        build.connect(g.members, inner)
        for member in g.members:
            for _ in range(int(rng.poisson(inner * rng.uniform(0.45, 1.0)))):
                build.tie([member, str(rng.choice(every_open))])
    club_worlds: list[list[World]] = [
        [World.ASSOCIATION],
        [World.ENTREPRISE],
        [World.ENTREPRISE, World.ACADEMIQUE],
        [World.COLLECTIVITE, World.ETAT],
        [World.ASSOCIATION, World.FONDATION],
    ]
    for k, size in enumerate(CLUB_SIZES * 2):
        epci = build.epcis[k % len(build.epcis)]
        members = build.members(size, club_worlds[k % len(club_worlds)], epci)
        build.connect(members, min(size - 1, 8.0))
        for _ in range(max(1, size // 8)):
            build.tie([str(rng.choice(members)), str(rng.choice(every_open))])
        groups.append(PlantedGroup("club", members, epci))
    for k in range(6):
        epci = build.epcis[(k * 5) % len(build.epcis)]
        members = build.members(int(rng.integers(12, 31)), WORLDS[:6], epci)
        build.connect(members, 6.0)
        build.tie([members[0], str(rng.choice(every_open))])
        groups.append(PlantedGroup("healthy", members, epci))
    for k in range(4):
        epci = build.epcis[(k * 7 + 3) % len(build.epcis)]
        members = build.members(int(rng.integers(8, 21)), [World.ENTREPRISE], epci)
        build.connect(members, 5.0)
        for member in members:
            for _ in range(int(rng.integers(4, 7))):
                build.tie([member, build.organisation(World.ENTREPRISE, None)])
        groups.append(PlantedGroup("border", members, epci))
    if hard:
        _hard_cases(build, groups, every_open)
    inside = list(build.epci_of)
    clubbed = [o for g in groups if g.kind == "club" for o in g.members]
    # Two below the network cap (they draw ties, at Newman's weights) and three above it.
    for size in (16, 24, 32, 44, 56):
        federation = [str(o) for o in rng.choice(inside, size=size - 8, replace=False)]
        federation += [str(o) for o in rng.choice(clubbed, size=8, replace=False)]
        build.tie(federation)
    for _ in range(round(noise * len(build.alliances))):
        build.tie([str(o) for o in rng.choice(inside, size=2, replace=False)])
    return PlantedTerritory(
        frame=_frame(build),
        epci_of=build.epci_of,
        commune_of=build.commune_of,
        groups=groups,
    )


def _frame(build: _Builder) -> EcosystemFrame:
    member_ids, alliance_ids = [], []
    alliances = []
    for k, members in enumerate(build.alliances):
        if len(members) < 2:
            continue
        alliance_id = f"planted:a{k}"
        alliances.append(AllianceInfo.model_construct(id=alliance_id, name=f"alliance {k}", domains=[]))
        member_ids += members
        alliance_ids += [alliance_id] * len(members)
    return EcosystemFrame(
        organisations=build.organisations,
        alliances=alliances,
        member_ids=member_ids,
        alliance_ids=alliance_ids,
        roles=["membre"] * len(member_ids),
        external_ids=list(build.external),
    )


@dataclass
class FlagQuality:
    """How the concentrated flag did on planted groups, at one level."""

    level: str
    found: dict[int, list[bool]] = field(default_factory=dict)
    """Per club size, whether each planted club was flagged."""
    flagged: int = 0
    correct: int = 0
    false_flags: dict[str, int] = field(default_factory=dict)
    """Flags on open communities, healthy clusters and border clubs."""
    seconds: list[float] = field(default_factory=list)

    def add(self, groups: list[PlantedGroup], flagged: list[set[str]], seconds: float) -> None:
        self.seconds.append(seconds)
        self.flagged += len(flagged)
        for group in groups:
            if group.kind == "club":
                members = set(group.members)
                hit = any(len(members & f) / len(members | f) >= MATCH for f in flagged)
                self.found.setdefault(len(members), []).append(hit)
        clubs = [set(g.members) for g in groups if g.kind == "club"]
        matched: set[int] = set()
        for f in flagged:
            club = next((k for k, c in enumerate(clubs) if len(c & f) / len(c | f) >= MATCH), None)
            if club is not None and club not in matched:
                self.correct += 1
                matched.add(club)
            else:
                kind = "club piece" if club is not None else false_flag_kind(groups, f)
                self.false_flags[kind] = self.false_flags.get(kind, 0) + 1

    def recall(self, sizes: range | None = None) -> float:
        hits = [h for size, found in self.found.items() if sizes is None or size in sizes for h in found]
        return sum(hits) / len(hits) if hits else 1.0

    def precision(self) -> float:
        return self.correct / self.flagged if self.flagged else 1.0

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0


MATCH = 0.5
"""Jaccard similarity at or above which a flagged group is the planted one."""


def false_flag_kind(groups: list[PlantedGroup], flagged: set[str]) -> str:
    """The kind of planted group a wrong flag was cut from: the one holding most of its members
    (« club piece » for a piece of a club that another flag already matches or none does)."""
    held = {k: len(flagged & set(g.members)) for k, g in enumerate(groups)}
    best = max(held, key=lambda k: held[k], default=None)
    if best is None or held[best] * 2 < len(flagged):
        return "unplanted"
    return "club piece" if groups[best].kind == "club" else groups[best].kind


def groups_with(graph: ProjectedGraph, detection: Detection, verdicts: set[str]) -> list[set[str]]:
    """The members located inside of each group of ``detection`` whose verdict is one of ``verdicts``."""
    labels = detection.partition.membership
    return [
        {graph.ids[i] for i in np.flatnonzero(labels == card.community) if not graph.external[i]}
        for card in detection.cards
        if card.verdict in verdicts
    ]
