"""Which column of a subsidy file holds what, whatever its publisher called it.

The SCDL ``subventions`` schema (``nomAttribuant``, ``idBeneficiaire``…), the older
``COLL_NOM;ATTRIB_SIRET;SUB_MONTANT`` convention and the French labels of hand-made tables
(« Identification du bénéficiaire », « Montant total de la subvention ») are all recognised. Headers
arrive as :func:`~importers.pipeline.reading.column_key` made them: lower-case, accent-free, ``_``.

>>> fields_of(["nomattribuant", "idbeneficiaire", "montant", "coll_type"])
{'grantor_name': 'nomattribuant', 'beneficiary_id': 'idbeneficiaire', 'amount': 'montant',
 'grantor_type': 'coll_type'}
>>> fields_of(["nom_de_l_attributaire", "identification_du_beneficiaire", "montant_total"])
{'grantor_name': 'nom_de_l_attributaire', 'beneficiary_id': 'identification_du_beneficiaire',
 'amount': 'montant_total'}
"""

from __future__ import annotations

from collections.abc import Sequence

from graph_service.errors import InvalidInput

FIELDS = (
    "grantor_name", "grantor_id", "grantor_type", "date", "reference", "beneficiary_name", "beneficiary_id",
    "beneficiary_rna", "object", "amount", "nature", "period",
)  # fmt: skip

EXACT = {
    "nomattribuant": "grantor_name",
    "coll_nom": "grantor_name",
    "autorite_administrative": "grantor_name",
    "idattribuant": "grantor_id",
    "coll_siret": "grantor_id",
    "coll_type": "grantor_type",
    "dateconvention": "date",
    "acte_date": "date",
    "referencedecision": "reference",
    "acte_ref": "reference",
    "nombeneficiaire": "beneficiary_name",
    "attrib_nom": "beneficiary_name",
    "beneficiaire": "beneficiary_name",
    "idbeneficiaire": "beneficiary_id",
    "attrib_siret": "beneficiary_id",
    "rnabeneficiaire": "beneficiary_rna",
    "objet": "object",
    "sub_objet": "object",
    "sub_obj": "object",
    "montant": "amount",
    "sub_montant": "amount",
    "nature": "nature",
    "sub_nature": "nature",
    "datesperiodeversement": "period",
}
"""Headers of the SCDL schema and of the historical convention."""

GRANTOR_WORDS = ("attribuant", "attributaire", "autorite", "collectivite", "coll")
ID_WORDS = ("siret", "siren", "identif", "id")


def _words(key: str) -> set[str]:
    return set(key.split("_"))


def _has_id_word(key: str) -> bool:
    words = _words(key)
    return any(word in words or key.startswith(word) for word in ID_WORDS)


def field_of(key: str) -> str | None:
    """The field a header holds, or ``None`` when it holds none that the importer uses."""
    if key in EXACT:
        return EXACT[key]
    words = _words(key)
    if "rna" in words or key.startswith("rna"):
        return "beneficiary_rna"
    if "beneficiaire" in key:
        return "beneficiary_id" if _has_id_word(key) else "beneficiary_name" if "nom" in words else None
    if any(word in key for word in GRANTOR_WORDS):
        if _has_id_word(key):
            return "grantor_id"
        return "grantor_name" if "nom" in words or key.startswith("autorite") else None
    if "montant" in key:
        return "amount"
    if key.startswith("objet"):
        return "object"
    if "nature" in words:
        return "nature"
    if "reference" in words or key.startswith("reference") or key.startswith("ref_"):
        return "reference"
    if key.startswith("date") and ("periode" in key or "versement" in key):
        return "period"
    if key.startswith("date") and any(
        w in key for w in ("convention", "decision", "acte", "attribution", "vote")
    ):
        return "date"
    return None


def fields_of(columns: Sequence[str]) -> dict[str, str]:
    """Each field and the first column that holds it."""
    found: dict[str, str] = {}
    for column in columns:
        field = field_of(column)
        if field is not None and field not in found:
            found[field] = column
    return found


def header_score(columns: Sequence[str]) -> int:
    """How much a row looks like a subsidy file's header: the fields it names."""
    return len(fields_of(columns))


def require_fields(columns: Sequence[str], file: str, *, grantor_given: bool) -> dict[str, str]:
    """The fields of a header, or one clear error naming the columns found and those expected."""
    found = fields_of(columns)
    missing = []
    if "amount" not in found:
        missing.append("montant")
    if not {"beneficiary_name", "beneficiary_id", "beneficiary_rna"} & set(found):
        missing.append("nomBeneficiaire or idBeneficiaire")
    if not grantor_given and not {"grantor_name", "grantor_id"} & set(found):
        missing.append("nomAttribuant or idAttribuant (or give --grantor)")
    if missing:
        shown = ", ".join(c for c in columns if c) or "none"
        raise InvalidInput(
            f"{file}: not a subsidy file that can be read: missing {'; '.join(missing)}. "
            f"Columns found: {shown}. Expected the SCDL subventions columns (nomAttribuant, "
            "idAttribuant, dateConvention, referenceDecision, nomBeneficiaire, idBeneficiaire, "
            "rnaBeneficiaire, objet, montant, nature) or their usual variants"
        )
    return found
