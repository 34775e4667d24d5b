"""The columns of each kind of native file, read by the same engine as the open-data tables
(:mod:`importers.pipeline.columns`).

Each field has its own name (``name``, ``postal_code``), the French names the format documents
(``nom``, ``code_postal``) and the words people write instead (« Raison sociale », « Site
internet », « Code INSEE »). A column named as the format names a field is that field; another is
read from its words. A column that speaks for no field is left as it is, and ignored.

>>> from importers.pipeline.reading import column_key
>>> keys = tuple(map(column_key, ["Raison sociale", "Code INSEE", "site_internet", "notes"]))
>>> names = canonical_names(FileKind.ORGANISATIONS, keys)
>>> names == {"raison_sociale": "name", "code_insee": "commune", "site_internet": "website"}
True
>>> sorted(canonical_names(FileKind.MEMBERS, ("alliance_id", "organisation_id", "role")).items())
[('alliance_id', 'alliance'), ('organisation_id', 'organisation')]
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from importers.native.file_kinds import FileKind
from importers.pipeline.column_profiles import profile_columns
from importers.pipeline.columns import FieldSpec, infer


def _field(name: str, *headers: str, words: Mapping[str, float] | None = None) -> FieldSpec:
    """A native field: its own name, the other names the format documents, and words."""
    return FieldSpec(name, name, dict(words or {}), {}, headers=(name, *headers))


NOT_A_CODE = {"code": -3, "insee": -3, "postal": -3, "id": -2, "identifiant": -2}
SPECS: dict[FileKind, tuple[FieldSpec, ...]] = {
    FileKind.ORGANISATIONS: (
        _field("id", "identifiant"),
        _field("name", "nom", "raison_sociale", "denomination",
               words={"nom": 2, "denomination": 3, "raison": 2, "sociale": 1, "structure": 2, "organisme": 2,
                      "organisation": 2, **NOT_A_CODE, "commune": -3, "ville": -3, "site": -3}),
        _field("world", "monde", words={"monde": 3, "famille": 3, "secteur": 2}),
        _field("siren", words={"siren": 3}),
        _field("rna", words={"rna": 3, "waldec": 3}),
        _field("legal_form", "forme_juridique", words={"juridique": 3, "statut": 2}),
        _field("naf", "code_naf", "ape", words={"naf": 3, "ape": 3}),
        _field("ess", words={"ess": 3}),
        _field("size_band", "taille", "categorie", words={"taille": 3, "effectif*": 2, "tranche": 1}),
        _field("maturity", "maturite", words={"maturite": 3}),
        _field("commune", "code_commune", "code_insee", "insee",
               words={"insee": 3, "commune": 1.5, "code": 1.5, "nom": -3, "postal": -4}),
        _field("postal_code", "code_postal", "cp", words={"postal": 3}),
        _field("city", "ville", "nom_commune", words={"ville": 3, "localite": 3}),
        _field("description", words={"description": 3, "presentation": 2}),
        _field("website", "site_web", "site", words={"web": 3, "internet": 3, "url": 3}),
        _field("created", "date_creation", "creation", words={"creation": 3, "fondation": 2}),
        _field("dissolved", "date_dissolution", "dissolution", words={"dissolution": 3, "fermeture": 2}),
        _field("synthetic", "synthetique"),
        _field("source"),
    ),
    FileKind.CATALYSTS: (
        _field("organisation", "organization", "organisation_id", "structure", words={"organisation": 3}),
        _field("territories", "territoires", "territoire", words={"territoire*": 3}),
        _field("missions", words={"mission*": 3}),
        _field("since", "depuis", words={"depuis": 3}),
    ),
    FileKind.ALLIANCES: (
        _field("id", "identifiant"),
        _field("name", "nom", words={"nom": 2, "intitule": 2, **NOT_A_CODE}),
        _field("mode"),
        _field("domains", "domaines", "domaine", words={"domaine*": 3, "thematique*": 2}),
        _field("start", "debut", "date_debut", "start_date", words={"debut": 3}),
        _field("end", "fin", "date_fin", "end_date", words={"fin": 3}),
        _field("description"),
        _field("source"),
    ),
    FileKind.MEMBERS: (
        _field("alliance", "alliance_id", words={"alliance": 3}),
        _field("organisation", "organisation_id", "organization", words={"organisation": 3}),
        _field("role", words={"role": 3}),
    ),
    FileKind.TERRITORIES: (
        _field("code"),
        _field("name", "nom"),
        _field("level", "niveau"),
        _field("parent"),
        _field("communes", "membres", "members"),
        _field("population"),
        _field("source"),
    ),
}  # fmt: skip


@lru_cache(maxsize=256)
def canonical_names(kind: FileKind, keys: tuple[str, ...]) -> Mapping[str, str]:
    """The field each column of a ``kind`` file holds, for the columns not already named so.
    ``keys`` are a row's, as :func:`~importers.pipeline.reading.column_key` made them: a file's
    rows share them, so each file is read once."""
    mapping = infer(SPECS[kind], profile_columns(list(keys), []), ambivalent=False)
    return MappingProxyType({column: name for name, column in mapping.as_fields().items() if column != name})
