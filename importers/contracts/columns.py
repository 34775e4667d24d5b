"""The fields of a public contracts file (DECP), and the evidence that a column holds each
(:mod:`importers.pipeline.columns` weighs it, as it does for subsidies).

The State's consolidated edition names its columns (``acheteur_id``, ``titulaire_id``,
``dateNotification``…): those names weigh most. Buyers who publish their own tables write
« SIRET de l'acheteur », « Raison sociale du titulaire », « Montant HT », « Date de notification »:
their words and values are read like a subsidy file's. Both shapes of holders are read: the long
form (one row per holder) and the wide form, where the columns of each holder carry its number
(``titulaire_id_1`` … ``titulaire_id_3``).

>>> fields_of(["uid", "acheteur_id", "acheteur_nom", "titulaire_id", "montant"])["holders"]
[('titulaire_id', None, None)]
>>> [h[0] for h in fields_of(["acheteur_id", "titulaire_id_1", "titulaire_id_2", "montant"])["holders"]]
['titulaire_id_1', 'titulaire_id_2']
>>> fields = fields_of(["SIRET de l'acheteur", "Raison sociale du titulaire",
...                     "SIRET du titulaire", "Montant HT"])
>>> fields["grantor_id"], fields["holders"], fields["amount"]
('siret_de_l_acheteur', [('siret_du_titulaire', 'raison_sociale_du_titulaire', None)], 'montant_ht')
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from graph_service.errors import InvalidInput
from importers.pipeline.column_profiles import ColumnProfile, ValueKind, profile_columns
from importers.pipeline.columns import ColumnMapping, FieldSpec, infer

K = ValueKind
NOT_THE_HOLDER = {"titulaire*": -5, "attributaire": -5, "fournisseur": -4, "prestataire": -4}
NOT_THE_BUYER = {"acheteur": -5, "pouvoir": -3, "adjudicateur": -3}
NOT_AN_ID = {"id": -3, "siret": -3, "siren": -3, "identif*": -2, "type": -4}

SPECS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "reference", "contract identifier",
        {"uid": 4, "identifiant": 2, "reference": 3, "numero": 1.5, "marche": 1, "contrat": 1,
         **NOT_THE_BUYER, **NOT_THE_HOLDER, "accord": -3, "cadre": -2, "cpv": -4, "date": -3},
        {K.CODE: 1}, headers=("uid", "id"),
    ),
    FieldSpec(
        "grantor_id", "buyer (SIRET)",
        {"acheteur": 2, "pouvoir": 1, "adjudicateur": 1, "siret": 2, "siren": 2, "id": 1.5, "identif*": 1.5,
         **NOT_THE_HOLDER, "nom": -3, "denomination": -3, "raison": -3},
        {K.SIRET: 1.5}, headers=("acheteur_id", "acheteur_siret"),
    ),
    FieldSpec(
        "grantor_name", "buyer (name)",
        {"acheteur": 2, "pouvoir": 1, "adjudicateur": 1, "nom": 1.5, "denomination": 1, "raison": 1,
         **NOT_THE_HOLDER, **NOT_AN_ID},
        {K.NAME: 1}, headers=("acheteur_nom",),
    ),
    FieldSpec(
        "amount", "amount",
        {"montant*": 3, "ht": 1, "prix": 1, "valeur": 1, "euros": 1,
         "forme": -4, "pourcentage": -5, "taux": -4, "date": -3, "duree": -3, "nombre": -2},
        {K.AMOUNT: 1.5}, required=True, headers=("montant",),
    ),
    FieldSpec(
        "date", "notification date",
        {"date": 2, "notification": 2, "attribution": 1, "signature": 1,
         "publication": -1.5, "modification": -1, "debut": -1, "fin": -1.5, "duree": -3},
        {K.DATE: 1.5}, headers=("datenotification", "date_notification"),
    ),
    FieldSpec(
        "object", "object",
        {"objet": 3, "intitule": 2, "libelle": 2, "description": 2, **NOT_THE_HOLDER, **NOT_THE_BUYER,
         "montant": -3, "date": -3},
        {K.TEXT: 1, K.NAME: 0.5}, headers=("objet",),
    ),
    FieldSpec("nature", "CPV code", {"cpv": 4}, {K.CODE: 1}, headers=("codecpv", "code_cpv")),
    FieldSpec(
        "current", "current version", {"actuel*": 3, "courant*": 2}, {K.CODE: 0.5},
        headers=("donneesactuelles", "donnees_actuelles"),
    ),
)  # fmt: skip
HOLDER_SPECS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "holder_id", "holder (SIRET)",
        {"titulaire*": 2, "attributaire": 2, "fournisseur": 2, "prestataire": 2, "siret": 2, "siren": 2,
         "id": 1.5, "identif*": 1.5, **NOT_THE_BUYER, "type": -4, "nom": -3, "denomination": -3,
         "raison": -3},
        {K.SIRET: 1.5}, headers=("titulaire_id",),
    ),
    FieldSpec(
        "holder_name", "holder (name)",
        {"titulaire*": 2, "attributaire": 2, "fournisseur": 2, "prestataire": 2, "nom": 1.5,
         "denomination": 2, "raison": 1.5, "sociale": 1, **NOT_THE_BUYER, **NOT_AN_ID},
        {K.NAME: 1},
        headers=("titulaire_nom", "titulaire_denominationsociale", "titulaire_denomination_sociale"),
    ),
    FieldSpec(
        "holder_type", "holder (kind of identifier)",
        {"type": 2, "titulaire*": 1, "identifiant": 1, **NOT_THE_BUYER},
        {K.CODE: 0.5}, headers=("titulaire_typeidentifiant", "titulaire_type_identifiant"),
    ),
)  # fmt: skip
HOLDER_FIELDS = tuple(spec.name for spec in HOLDER_SPECS)
DECP_WORDS = {"acheteur", "titulaire", "titulaires", "cpv", "marche", "marches", "adjudicateur"}
"""Words only a public contracts file's header holds."""
_NUMBERED = re.compile(r"^(.*\D)_?([1-9])$")


def numbered_groups(
    profiles: Sequence[ColumnProfile],
) -> tuple[list[ColumnProfile], dict[int, list[ColumnProfile]]]:
    """The columns shared by a row, and those of each numbered holder: ``titulaire_id_2`` is the
    second holder's when another column has the same name with another number."""
    numbers: dict[str, set[int]] = defaultdict(set)
    for profile in profiles:
        if found := _NUMBERED.match(profile.key):
            numbers[found.group(1)].add(int(found.group(2)))
    shared: list[ColumnProfile] = []
    groups: dict[int, list[ColumnProfile]] = defaultdict(list)
    for profile in profiles:
        found = _NUMBERED.match(profile.key)
        if found and len(numbers[found.group(1)]) > 1:
            groups[int(found.group(2))].append(profile)
        else:
            shared.append(profile)
    return shared, dict(sorted(groups.items()))


def infer_contract_columns(
    profiles: Sequence[ColumnProfile],
    *,
    given: Mapping[str, str] | None = None,
    why_given: str = "given with --columns",
) -> ColumnMapping:
    """The column of each field, the holders' fields once per numbered holder (in order)."""
    shared, groups = numbered_groups(profiles)
    mapping = infer((*SPECS, *HOLDER_SPECS), shared, given=given, why_given=why_given, ambivalent=False)
    for group in groups.values():
        numbered = infer(HOLDER_SPECS, group, ambivalent=False)
        for name, chosen in numbered.choices.items():
            mapping.choices.setdefault(name, []).extend(chosen)
    taken = {choice.column.key for chosen in mapping.choices.values() for choice in chosen}
    return ColumnMapping(
        choices=mapping.choices, unused=[p for p in profiles if p.key not in taken], profiles=list(profiles)
    )


def holders(mapping: ColumnMapping) -> list[tuple[str, str | None, str | None]]:
    """Each holder's (identifier, name, identifier type) columns, in the order of their numbers."""
    found = []
    for identifier in mapping.columns_of("holder_id"):
        number = _number(identifier.column)

        def same(field: str, number: int | None = number) -> str | None:
            chosen = (c.column.key for c in mapping.columns_of(field) if _number(c.column) == number)
            return next(chosen, None)

        found.append((identifier.column.key, same("holder_name"), same("holder_type")))
    return found


def _number(profile: ColumnProfile) -> int | None:
    found = _NUMBERED.match(profile.key)
    return int(found.group(2)) if found else None


def as_fields(mapping: ColumnMapping) -> dict[str, Any]:
    """The importer's fields: one column per single field, and the holders' columns."""
    fields: dict[str, Any] = {
        name: column for name, column in mapping.as_fields().items() if name not in HOLDER_FIELDS
    }
    fields["holders"] = holders(mapping)
    return fields


def fields_of(columns: Sequence[str]) -> dict[str, Any]:
    """The fields of a header read from its words alone (to find the header row and the source)."""
    return as_fields(infer_contract_columns(profile_columns(list(columns), [])))


def header_score(columns: Sequence[str]) -> int:
    fields = fields_of(columns)
    return len(fields) - 1 + len(fields["holders"])


def looks_like_contracts(columns: Sequence[str]) -> bool:
    """A header naming a holder, in words only contracts use (« titulaire », « acheteur », « CPV »):
    a buyer's own list may name the buyer in its title only."""
    words = {word for p in profile_columns(list(columns), []) for word in p.words}
    return bool(fields_of(columns)["holders"]) and bool(words & DECP_WORDS)


def require_fields(mapping: ColumnMapping, file: str, *, grantor_known: bool) -> None:
    """Refuse a table whose columns miss a field no contract can do without, saying what each holds.
    A buyer's own table may name the buyer only in its title (``grantor_known``)."""
    missing = [] if mapping.columns_of("amount") else ["an amount (montant)"]
    if not grantor_known and not (mapping.columns_of("grantor_id") or mapping.columns_of("grantor_name")):
        missing.insert(0, "the buyer (acheteur_id or acheteur_nom; or give --grantor)")
    if not mapping.columns_of("holder_id"):
        missing.append("a holder (titulaire_id, or titulaire_id_1…)")
    if missing:
        shown = "; ".join(f"« {p.header} »: {p.describe()}" for p in mapping.profiles) or "none"
        raise InvalidInput(
            f"{file}: not a DECP public procurement file: missing {', '.join(missing)}. Columns found: "
            f'{shown}. Name the columns with --columns, for example --columns holder_id="SIRET titulaire"'
        )
