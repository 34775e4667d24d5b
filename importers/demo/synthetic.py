"""Deterministic synthetic filler for the demo data set, written as native files.

Every organisation here is flagged ``synthetic`` and described as fictitious. The generator
plants two structures in Isère that the analyses must tell apart:

- a **concentrated community** in the Matheysine (Sud Isère): associations and ESS companies of
  one corner of the département, densely tied among themselves and barely to anyone else;
- an **open, diverse community** around the Labo des partenariats de Grenoble: every world,
  several EPCI, and ties out to the rest of the territory.

Around them, each demo département gets background clusters per EPCI, some isolated actors,
and the 53 ESS networks of La Poste's *Alliance Dynamique* are placed in Occitanie.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> counts = write_synthetic_files(folder)
>>> counts["organisations"] > 1000, sorted(p.name for p in folder.iterdir())[0]
(True, 'alliance_members_synthetic.csv')
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph_service.model import AllianceMode, Territory, TerritoryLevel, World
from importers.territory_reference import load_reference

SEED = 20261122
FICTITIOUS = "Organisation fictive générée pour la démonstration"
DOMAINS = [
    "solidarite",
    "mobilite",
    "reemploi",
    "alimentation",
    "inclusion_numerique",
    "emploi",
    "transition_energetique",
    "culture",
    "sante",
    "education",
]
BACKGROUND = {"38": 520, "35": 110, "29": 70, "56": 60, "22": 40, "63": 240, "86": 190, "67": 170, "68": 120}
OCCITANIE = ["31", "34", "30", "11", "66", "81", "82", "65", "32", "46", "12", "48", "09"]
WORLD_WEIGHTS = {
    World.ASSOCIATION: 46,
    World.ENTREPRISE: 26,
    World.COLLECTIVITE: 9,
    World.ETAT: 3,
    World.FONDATION: 4,
    World.ACADEMIQUE: 5,
    World.AUTRE: 7,
}
NAME_PARTS = {
    World.ASSOCIATION: (
        ["Association", "Collectif", "Amicale", "Réseau", "Maison", "Comité"],
        [
            "des Jardins partagés",
            "du Vélo",
            "de l'Entraide",
            "Solidaire",
            "Numérique pour tous",
            "de la Ressourcerie",
            "des Familles",
            "Culture et Loisirs",
            "Sport pour tous",
            "des Aidants",
            "Jeunesse",
            "d'Insertion",
        ],
    ),
    World.ENTREPRISE: (
        ["SAS", "SARL", "SCOP", "SCIC", "Atelier", "Coopérative"],
        [
            "Bois et Forêt",
            "Transports",
            "Énergies locales",
            "Bâtiment durable",
            "Numérique",
            "Alimentation locale",
            "Recyclage",
            "Conseil",
            "Mécanique",
            "Textile",
        ],
    ),
    World.COLLECTIVITE: (
        ["Service", "Centre communal d'action sociale", "Régie", "Syndicat"],
        ["jeunesse", "de l'eau", "des sports", "culturel", "de la mobilité"],
    ),
    World.ETAT: (
        ["Agence", "Service", "Délégation"],
        ["de l'emploi", "de la cohésion sociale", "territoriale"],
    ),
    World.FONDATION: (
        ["Fondation", "Fonds de dotation"],
        ["pour l'avenir", "Solidarité", "des Territoires", "pour la jeunesse"],
    ),
    World.ACADEMIQUE: (
        ["Laboratoire", "Chaire", "École", "Institut"],
        ["d'économie territoriale", "de sociologie", "d'ingénierie", "des transitions"],
    ),
    World.AUTRE: (
        ["Tiers-lieu", "Collectif citoyen", "Groupement", "Pôle"],
        ["coopératif", "des habitants", "d'initiatives", "de coopération"],
    ),
}
MATHEYSINE = "200040657"
OPEN_EPCI = ["200040715", "243800984", "200018166", "243800604"]


@dataclass
class _Demo:
    """The rows being written, and an index of synthetic organisations by place."""

    rng: random.Random
    organisations: list[dict[str, str]] = field(default_factory=list)
    alliances: list[dict[str, str]] = field(default_factory=list)
    members: list[dict[str, str]] = field(default_factory=list)
    by_epci: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def organisation(
        self,
        org_id: str,
        world: World,
        commune: Territory,
        *,
        ess: bool = False,
        name: str | None = None,
        maturity: str = "",
    ) -> str:
        prefixes, suffixes = NAME_PARTS[world]
        label = name or f"{self.rng.choice(prefixes)} {self.rng.choice(suffixes)} - {commune.name}"
        self.organisations.append(
            {
                "id": org_id,
                "name": label,
                "world": world.value,
                "ess": "true" if ess else "false",
                "maturity": maturity,
                "commune": commune.code,
                "synthetic": "true",
                "description": FICTITIOUS,
            }
        )
        return org_id

    def alliance(
        self,
        alliance_id: str,
        name: str,
        members: Sequence[str],
        *,
        mode: AllianceMode | None = None,
        domains: Sequence[str] = (),
        start: int | None = None,
        end: int | None = None,
    ) -> None:
        start_year = start or self.rng.randint(2012, 2024)
        finished = end or (start_year + self.rng.randint(1, 5) if self.rng.random() < 0.3 else None)
        self.alliances.append(
            {
                "id": alliance_id,
                "name": name,
                "mode": (mode or self.rng.choice(list(AllianceMode))).value,
                "domains": ";".join(domains or self.rng.sample(DOMAINS, self.rng.randint(1, 2))),
                "start": f"{start_year}-{self.rng.randint(1, 12):02d}-01",
                "end": str(finished or ""),
                "description": "Alliance fictive générée pour la démonstration",
            }
        )
        for position, member in enumerate(dict.fromkeys(members)):
            self.members.append(
                {
                    "alliance": alliance_id,
                    "organisation": member,
                    "role": "pilote" if position == 0 else "membre",
                }
            )


def _communes_by_epci(departement: str) -> dict[str, list[Territory]]:
    reference = load_reference()
    grouped: dict[str, list[Territory]] = defaultdict(list)
    for territory in reference.territories:
        if territory.level is not TerritoryLevel.COMMUNE or not territory.code.startswith(departement):
            continue
        epci = next((p.key.partition(":")[2] for p in territory.parents if p.key.startswith("epci:")), "none")
        grouped[epci].append(territory)
    return grouped


def _weighted_commune(rng: random.Random, communes: Sequence[Territory]) -> Territory:
    weights = [max(territory.population or 1, 1) ** 0.5 for territory in communes]
    return rng.choices(communes, weights=weights)[0]


def _background(demo: _Demo, departement: str, count: int) -> None:
    """Clusters per EPCI, a few ties across the département, about one actor in ten isolated."""
    rng = demo.rng
    grouped = _communes_by_epci(departement)
    epcis = sorted(grouped)
    sizes = [sum(max(t.population or 1, 1) for t in grouped[e]) ** 0.5 for e in epcis]
    local: dict[str, list[str]] = defaultdict(list)
    for number in range(count):
        epci = rng.choices(epcis, weights=sizes)[0]
        world = rng.choices(list(WORLD_WEIGHTS), weights=list(WORLD_WEIGHTS.values()))[0]
        org_id = f"syn-{departement}-{number:04d}"
        demo.organisation(
            org_id,
            world,
            _weighted_commune(rng, grouped[epci]),
            ess=world is World.ASSOCIATION or rng.random() < 0.15,
        )
        if rng.random() >= 0.1:
            local[epci].append(org_id)
            demo.by_epci[epci].append(org_id)
    everyone = [org for orgs in local.values() for org in orgs]
    for epci, orgs in sorted(local.items()):
        for number in range(max(1, int(len(orgs) * 0.9))):
            size = rng.choice([2, 2, 2, 3, 3, 4, 5])
            members = rng.sample(orgs, min(size, len(orgs)))
            if rng.random() < 0.2 or len(members) < 2:
                members.append(rng.choice(everyone))
            if len(set(members)) >= 2:
                demo.alliance(
                    f"syn-al-{departement}-{epci}-{number:03d}", f"Projet local {epci[-4:]}-{number}", members
                )


def _concentrated_cluster(demo: _Demo) -> None:
    """Matheysine: 18 associations and ESS companies, dense inside, one tie out."""
    rng = demo.rng
    communes = _communes_by_epci("38")[MATHEYSINE]
    names = [
        "Collectif des Producteurs du Plateau",
        "Coopérative Matheysine Bio",
        "Association Lac et Montagne",
        "Ressourcerie de La Mure",
        "SCIC Énergie Matheysine",
        "Amicale des Aidants du Plateau",
        "Jardins de Cocagne de la Matheysine",
        "SCOP Bois du Sénépy",
        "Épicerie solidaire de La Mure",
        "Association Mémoire de la Mine",
        "Coopérative Laitière du Beaumont",
        "Collectif Vélo Matheysin",
        "Tiers-lieu Le Puits",
        "Association Terres de Matheysine",
        "SCOP Transports du Plateau",
        "Réseau des Habitants du Trièves-Matheysine",
        "Atelier Réemploi de Susville",
        "Association Jeunesse du Plateau",
    ]
    members = []
    for number, name in enumerate(names):
        world = World.ENTREPRISE if name.startswith(("Coopérative", "SCIC", "SCOP")) else World.ASSOCIATION
        commune = rng.choice(communes[:6] if len(communes) >= 6 else communes)
        members.append(
            demo.organisation(
                f"syn-matheysine-{number:02d}", world, commune, ess=True, name=name, maturity="pionnier"
            )
        )
    for number in range(34):
        group = rng.sample(members, rng.choice([2, 3, 3, 4]))
        demo.alliance(
            f"syn-al-matheysine-{number:02d}",
            f"Groupement du Plateau n°{number + 1}",
            group,
            mode=rng.choice([AllianceMode.COOPERATION_ECONOMIQUE, AllianceMode.INNOVATION_SOCIETALE]),
            domains=rng.sample(["alimentation", "reemploi", "solidarite"], 1),
            start=2013 + number % 10,
        )
    outside = demo.by_epci.get("200040715", []) or [member for member in members]
    demo.alliance(
        "syn-al-matheysine-out",
        "Marché de producteurs métropolitain",
        [members[0], outside[0]],
        mode=AllianceMode.COOPERATION_ECONOMIQUE,
        domains=["alimentation"],
        start=2021,
    )


def _open_community(demo: _Demo) -> None:
    """Around the Labo: every world, several EPCI, and ties out to the local clusters."""
    rng = demo.rng
    grouped = _communes_by_epci("38")
    worlds = list(World) * 4
    members = []
    for number, world in enumerate(worlds[:26]):
        epci = OPEN_EPCI[number % len(OPEN_EPCI)]
        members.append(
            demo.organisation(
                f"syn-ouvert-{number:02d}",
                world,
                _weighted_commune(rng, grouped[epci]),
                ess=world is World.ASSOCIATION,
                maturity="actif",
            )
        )
    anchors = [
        "labo-grenoble",
        "gaia",
        "grenoble-metropole",
        "collectivite:departement:38",
        "chaire-gem",
        "edf-urut",
    ]
    for number in range(30):
        group = [*rng.sample(members, rng.choice([2, 3, 3, 4])), rng.choice(anchors)]
        if number % 3 == 0:
            epci = OPEN_EPCI[number % len(OPEN_EPCI)]
            if demo.by_epci.get(epci):
                group.append(rng.choice(demo.by_epci[epci]))
        demo.alliance(
            f"syn-al-ouvert-{number:02d}",
            f"Projet coopératif du Labo n°{number + 1}",
            group,
            domains=rng.sample(["solidarite", "mobilite", "reemploi", "alimentation"], 2),
            start=2016 + number % 9,
        )


def _alliance_dynamique(demo: _Demo) -> None:
    """La Poste and 53 ESS networks, piloted in Occitanie from 2014."""
    rng = demo.rng
    networks = []
    for number in range(53):
        departement = OCCITANIE[number % len(OCCITANIE)]
        grouped = _communes_by_epci(departement)
        communes = [commune for group in grouped.values() for commune in group]
        networks.append(
            demo.organisation(
                f"syn-reseau-ess-{number:02d}",
                World.ASSOCIATION,
                _weighted_commune(rng, communes),
                ess=True,
                name=f"Réseau ESS d'Occitanie n°{number + 1}",
            )
        )
    demo.alliance(
        "alliance-dynamique",
        "Alliance Dynamique",
        ["la-poste", *networks],
        mode=AllianceMode.COOPERATION_ECONOMIQUE,
        domains=["emploi", "solidarite"],
        start=2014,
    )


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_synthetic_files(folder: Path, seed: int = SEED) -> dict[str, int]:
    """Write the synthetic organisations, alliances and members into ``folder``; return the counts."""
    demo = _Demo(random.Random(seed))
    for departement, count in BACKGROUND.items():
        _background(demo, departement, count)
    _concentrated_cluster(demo)
    _open_community(demo)
    _alliance_dynamique(demo)
    _write(folder / "organisations_synthetic.csv", demo.organisations)
    _write(folder / "alliances_synthetic.csv", demo.alliances)
    _write(folder / "alliance_members_synthetic.csv", demo.members)
    return {
        "organisations": len(demo.organisations),
        "alliances": len(demo.alliances),
        "members": len(demo.members),
    }
