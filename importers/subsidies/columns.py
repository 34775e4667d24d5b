"""The fields of a subsidy file, and the evidence that a column holds each
(:mod:`importers.pipeline.columns` weighs it).

The words come from every convention seen: the SCDL ``subventions`` schema (``nomAttribuant``,
``idBeneficiaire``…), the older ``COLL_NOM;ATTRIB_SIRET;SUB_MONTANT``, the official template's
French labels (« Identification du bénéficiaire », « Montant total de la subvention ») and what
publishers write instead (« organisme », « structure », « raison sociale », « tiers », « montant
accordé / voté / octroyé », « date de la délibération »). They are evidence, weighed with the
values: a varying column of SIRETs is the beneficiary's, a constant one the grantor's.

>>> header_score(["nomattribuant", "idbeneficiaire", "montant", "coll_type"])
4
>>> looks_like_subsidies(["siret_org", "nom", "montant_octroye"]), looks_like_subsidies(["nom", "monde"])
(True, False)
"""

from __future__ import annotations

from collections.abc import Sequence

from graph_service.errors import InvalidInput
from importers.pipeline.column_profiles import ValueKind, profile_columns
from importers.pipeline.columns import ColumnMapping, FieldSpec, resolve_ambivalent, word_weight

K = ValueKind
NOT_AN_ID = {"siret": -3, "siren": -3, "id": -2, "identif*": -2, "rna": -3, "code": -2, "n": -1, "numero": -1}
NOT_A_GRANTOR = {"benefici*": -4, "destinataire": -3}
NOT_A_BENEFICIARY = {"attribuant": -4, "autorite": -3, "collectivite": -3, "coll": -3, "financeur": -3}

SPECS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "grantor_name", "grantor (name)",
        {"attribuant": 3, "autorite": 3, "collectivite": 3, "coll": 2.5, "financeur": 3, "payeur": 2,
         "nom": 1, "administrative": 1, **NOT_AN_ID, **NOT_A_GRANTOR, "type": -3, "objet": -3},
        {K.NAME: 1}, role=1,
    ),
    FieldSpec(
        "grantor_id", "grantor (SIRET)",
        {"attribuant": 2, "autorite": 2, "collectivite": 2, "coll": 2, "financeur": 2, "siret": 2,
         "siren": 2, "id": 1.5, "identif*": 1.5, **NOT_A_GRANTOR, "nom": -2, "type": -3, "rae": -3},
        {K.SIRET: 1.5}, role=1, by_values=True,
    ),
    FieldSpec(
        "grantor_type", "grantor (kind)",
        {"type": 2, "coll": 1, "collectivite": 1, "attribuant": 1, **NOT_A_GRANTOR, "nature": -2, "aide": -2},
        {K.CODE: 0.5, K.NAME: 0.3}, role=1,
    ),
    FieldSpec(
        "date", "date of the decision",
        {"date": 2, "convention": 1.5, "decision": 1, "deliberation": 1.5, "vote": 1, "octroi": 1.5,
         "attribution": 1, "signature": 1, "acte": 1, "notification": 0.5,
         "periode*": -2, "versement": -2, "debut": -1, "fin": -1.5, "naissance": -3, "creation": -2},
        {K.DATE: 1.5, K.PERIOD: 0.3},
    ),
    FieldSpec(
        "period", "payment period",
        {"periode*": 3, "versement": 2, "dates": 0.5, "condition*": -3, "montant": -3},
        {K.PERIOD: 1, K.DATE: 0.8},
    ),
    FieldSpec(
        "reference", "reference of the decision",
        {"reference": 3, "ref": 3, "numero": 1, "decision": 1, "deliberation": 1, "acte": 1,
         "date": -3, "montant": -3, "siret": -3, "rae": -3, "objet": -2},
        {K.CODE: 1, K.NAME: 0.3},
    ),
    FieldSpec(
        "beneficiary_name", "beneficiary (name)",
        {"benefici*": 3, "nom": 1.5, "organisme": 2, "structure": 2, "raison": 1.5, "sociale": 1,
         "tiers": 2, "association": 2, "denomination": 2, "libelle": 1, "porteur": 2, "destinataire": 2,
         "partenaire": 2, "organisation": 2, **NOT_AN_ID, **NOT_A_BENEFICIARY, "type": -3, "adresse": -3,
         "objet": -3, "montant": -3, "commune": -2, "ville": -1, "forme": -2},
        {K.NAME: 1.5, K.TEXT: 0.2}, role=-1,
    ),
    FieldSpec(
        "beneficiary_id", "beneficiary (SIRET)",
        {"benefici*": 2, "siret": 3, "siren": 2.5, "id": 1, "identif*": 1.5, "org": 0.5, "organisme": 1,
         "tiers": 1, "structure": 1, **NOT_A_BENEFICIARY, "rna": -3, "rae": -3, "nom": -2},
        {K.SIRET: 1.5}, role=-1, by_values=True,
    ),
    FieldSpec(
        "beneficiary_rna", "beneficiary (RNA number)",
        {"rna": 4, "waldec": 3, **NOT_A_BENEFICIARY},
        {K.RNA: 2}, by_values=True,
    ),
    FieldSpec(
        "object", "object",
        {"objet": 3, "obj": 3, "intitule": 2, "projet": 1.5, "description": 2, "action": 1, "motif": 2,
         "operation": 1, "libelle": 1, "montant": -3, "date": -3, "nom": -1},
        {K.TEXT: 1, K.NAME: 0.5},
    ),
    FieldSpec(
        "amount", "amount",
        {"montant*": 3, "subvention": 1, "accorde*": 1.5, "vote*": 1.5, "attribue*": 1.5, "octroye*": 1.5,
         "verse*": 1, "decide*": 1, "somme": 1.5, "euros": 1, "eur": 1, "total": 0.5,
         "pourcentage": -5, "taux": -4, "date": -3, "annee": -3, "nombre": -2, "objet": -3},
        {K.AMOUNT: 1.5}, required=True, several=True,
    ),
    FieldSpec(
        "nature", "nature of the aid",
        {"nature": 3, "forme": 1, "juridique": -2, **NOT_A_GRANTOR},
        {K.NAME: 0.5},
    ),
)  # fmt: skip
BENEFICIARY_FIELDS = ("beneficiary_name", "beneficiary_id", "beneficiary_rna")
GRANTOR_FIELDS = ("grantor_name", "grantor_id")


def _header_evidence(columns: Sequence[str]) -> set[str]:
    """The fields some column's header words speak for (values aside)."""
    profiles = resolve_ambivalent(profile_columns(list(columns), []))
    found = set()
    for spec in SPECS:
        for profile in profiles:
            if word_weight(profile.words, spec.words)[0] >= 2:
                found.add(spec.name)
                break
    return found


def header_score(columns: Sequence[str]) -> int:
    """How much a row looks like a subsidy file's header: the fields its words speak for, less
    its cells that are numbers (a data row may name an « association », a header holds no amount)."""
    numbers = sum(1 for column in columns if column.replace("_", "").isdigit() and len(column) > 4)
    return len(_header_evidence(columns)) - numbers


def looks_like_subsidies(columns: Sequence[str]) -> bool:
    """A header that names an amount and a beneficiary (or an organisation) is a subsidy file's."""
    found = _header_evidence(columns)
    return "amount" in found and bool(found & {*BENEFICIARY_FIELDS, *GRANTOR_FIELDS})


def require_fields(mapping: ColumnMapping, file: str, *, grantor_known: bool) -> None:
    """Refuse a table whose columns miss a field no row can do without, saying what each column looks like."""
    missing = []
    if not mapping.columns_of("amount"):
        missing.append("an amount (« montant »)")
    if not any(mapping.columns_of(name) for name in BENEFICIARY_FIELDS):
        missing.append("a beneficiary (its name, SIRET or RNA number)")
    if not grantor_known and not any(mapping.columns_of(name) for name in GRANTOR_FIELDS):
        missing.append("a grantor (its name or SIRET; or give --grantor)")
    if missing:
        shown = "; ".join(f"« {p.header} »: {p.describe()}" for p in mapping.profiles) or "none"
        raise InvalidInput(
            f"{file}: not a subsidy table that can be read: no column holds {', '.join(missing)}. "
            f"Columns found: {shown}. Name the columns with --columns, for example "
            '--columns beneficiary_name="Nom" amount="Montant"'
        )
