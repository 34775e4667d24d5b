"""Which column of a table holds which field: read from header words, the values, and the other
columns together, never from a list of header spellings alone.

Publishers name columns as they please (« Nom attributaire », « SIRET_ORG », « Montant octroyé »),
and the same word means opposite things across them: in the official 2017 template « Nom de
l'attributaire » is the grantor, elsewhere « Nom attributaire » is the beneficiary. So each
column gets a **profile** of its values (SIRETs, RNA numbers, amounts, dates, periods, years,
names, free text; filled or not; constant over the file or varying), and each field of an
importer (:class:`FieldSpec`) scores every column:

- **header words**, of the header and of the merged cells above it, with weights; a word that
  means opposite things is read beside the others (« attributaire » is the grantor when another
  column names the « bénéficiaire », the beneficiary otherwise);
- **values**: the share of cells of the kind the field holds (a column of valid SIRETs is an
  identifier whatever its name);
- **role**: a grantor publishes the file, so its columns repeat on every row; beneficiaries vary.

Each field takes the column with the best evidence (a column serves one field), with a
confidence; a close second is reported as doubt, never silently dropped. A user's own choice
(``--columns amount="Montant octroyé"``) overrides it.

>>> from importers.pipeline.column_profiles import profile_columns
>>> rows = [["Ville de Foix", "Agora", "21090122400017", "1 200,00"],
...         ["Ville de Foix", "Club de judo", "44306184100047", "350"]]
>>> profiles = profile_columns(["Collectivité", "Nom", "SIRET_ORG", "Montant octroyé"], rows)
>>> mapping = infer(SPECS_FOR_TEST, profiles)
>>> for name in ("grantor_name", "beneficiary_name", "beneficiary_id", "amount"):
...     print(name, mapping.column_of(name))
grantor_name collectivite
beneficiary_name nom
beneficiary_id siret_org
amount montant_octroye
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from graph_service.errors import InvalidInput
from importers.pipeline.column_profiles import ColumnProfile, ValueKind
from importers.pipeline.reading import column_key

MIN_SCORE = 3.0
"""Below this a column is no evidence for a field."""
EXACT_NAME = 6.0
"""What a header the format itself gives a field weighs: more than any word."""
DOUBT_MARGIN = 1.0
"""A second column this close to the chosen one is reported as a doubt."""
_HEADER_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True)
class FieldSpec:
    """A field an importer reads, and the evidence that a column holds it.

    ``words`` weigh header words; a word ending in ``*`` matches as a prefix (``benefici*``).
    ``kinds`` weigh the shares of value kinds; ``role`` is +1 for a field that repeats on every row
    (the grantor's), −1 for one that varies (the beneficiary's), 0 when it does not matter.
    ``by_values`` lets a column with no header evidence be chosen on its values alone (a varying
    column of SIRETs is the beneficiary's, whatever it is called).
    """

    name: str
    label: str
    words: Mapping[str, float]
    kinds: Mapping[ValueKind, float]
    role: int = 0
    required: bool = False
    by_values: bool = False
    several: bool = False
    """Several columns may hold it, each for one year (« montant 2017 », « montant 2018 »)."""
    headers: tuple[str, ...] = ()
    """Column names a format of ours or of the State gives this field (as :func:`column_key` makes
    them), its own name first: strong evidence, yet still weighed with the rest."""

    def exact_weight(self, profile: ColumnProfile) -> float:
        """Evidence that ``profile`` is named as the format names this field."""
        names = {profile.key, column_key(profile.header)}
        if self.headers and self.headers[0] in names:
            return EXACT_NAME + 1
        return EXACT_NAME if names & set(self.headers[1:]) else 0.0


def word_weight(words: frozenset[str], spec_words: Mapping[str, float]) -> tuple[float, list[str]]:
    total, matched = 0.0, []
    for word, weight in spec_words.items():
        hits = (
            [w for w in sorted(words) if w.startswith(word[:-1])]
            if word.endswith("*")
            else [word] * (word in words)
        )
        if hits:
            total += weight
            if weight > 0:
                matched.append(hits[0])
    return total, matched


AMBIVALENT = ("attributaire", "attrib")
"""Words that name the grantor in some files and the beneficiary in others."""


def resolve_ambivalent(profiles: Sequence[ColumnProfile]) -> list[ColumnProfile]:
    """Profiles whose ambivalent words are read beside the other columns: « attributaire » is the
    grantor when another column names the beneficiary, the beneficiary otherwise.

    >>> from importers.pipeline.column_profiles import profile_columns
    >>> ps = profile_columns(["Nom de l'attributaire", "Nom du bénéficiaire"], [["A", "B"]])
    >>> sorted(resolve_ambivalent(ps)[0].words)
    ['attribuant', 'de', 'l', 'nom']
    >>> sorted(resolve_ambivalent(profile_columns(["Nom attributaire"], [["B"]]))[0].words)
    ['beneficiaire', 'nom']
    """
    names_beneficiary = any(any(w.startswith("benefici") for w in p.words) for p in profiles)
    meaning = "attribuant" if names_beneficiary else "beneficiaire"
    note = (
        "« {word} » read as the grantor, since another column names the beneficiary"
        if names_beneficiary
        else "« {word} » read as the beneficiary, since no column names one"
    )
    resolved = []
    for profile in profiles:
        ambivalent = sorted(profile.words & set(AMBIVALENT))
        if ambivalent:
            words = (profile.words - set(AMBIVALENT)) | {meaning}
            profile = replace(profile, words=frozenset(words), note=note.format(word=ambivalent[0]))
        resolved.append(profile)
    return resolved


@dataclass
class Choice:
    """A field's column, how sure, and why."""

    field_name: str
    column: ColumnProfile
    score: float
    confidence: float
    reasons: list[str]
    given: bool = False
    """Chosen by the user, not inferred."""
    doubts: list[tuple[str, float]] = field(default_factory=list)
    """Other columns that came close, with their scores."""
    year: int | None = None
    """For a field held by several columns: the year this one is about."""

    @property
    def confidence_word(self) -> str:
        return (
            "given"
            if self.given
            else "high"
            if self.confidence >= 0.8
            else "medium"
            if self.confidence >= 0.5
            else "low"
        )


@dataclass
class ColumnMapping:
    """The columns chosen for the fields of one table, and what was left."""

    choices: dict[str, list[Choice]]
    unused: list[ColumnProfile]
    profiles: list[ColumnProfile]

    def column_of(self, name: str) -> str | None:
        chosen = self.choices.get(name)
        return chosen[0].column.key if chosen else None

    def columns_of(self, name: str) -> list[Choice]:
        return self.choices.get(name, [])

    @property
    def doubts(self) -> list[str]:
        """Each choice a close second made unsure, in a sentence."""
        return [
            f"{choice.field_name}: « {choice.column.header} » chosen, but "
            + ", ".join(f"« {header} » is close" for header, _ in choice.doubts)
            for chosen in self.choices.values()
            for choice in chosen
            if choice.doubts and not choice.given
        ]

    def has(self, header: str) -> bool:
        """Whether one of the columns is ``header``, whatever its case and accents."""
        wanted = column_key(header)
        return any(wanted in (p.key, column_key(p.header)) for p in self.profiles)

    def as_fields(self) -> dict[str, str]:
        """The first column of each field, as the importers' rows read them."""
        return {name: chosen[0].column.key for name, chosen in self.choices.items() if chosen}


def score(spec: FieldSpec, profile: ColumnProfile) -> tuple[float, list[str]]:
    """How much ``profile`` looks like ``spec``'s column, and the reasons, in words."""
    if profile.rows and not profile.filled:
        return 0.0, []
    own, matched = word_weight(profile.words, spec.words)
    group, group_matched = word_weight(profile.group_words, spec.words)
    exact = spec.exact_weight(profile)
    header = own + exact + 0.5 * max(group, 0.0)
    value = 4.0 * sum(weight * profile.share(kind) for kind, weight in spec.kinds.items())
    role = 0.0
    if spec.role and profile.rows >= 3:
        role = 1.5 if (profile.constant == (spec.role > 0)) else -1.5
    if header <= 0 and not (spec.by_values and value >= 3.0):
        return 0.0, []
    reasons = [profile.note] if profile.note else []
    if exact:
        reasons.append(f"« {profile.header} » is a name the format gives this field")
    if matched:
        reasons.append("header says " + ", ".join(f"« {w} »" for w in matched))
    if group_matched and group > 0:
        reasons.append("heading above says " + ", ".join(f"« {w} »" for w in group_matched))
    if profile.rows:
        reasons.append(profile.describe())
    return header + value + role, reasons


def _given_choices(
    specs: Sequence[FieldSpec], profiles: Sequence[ColumnProfile], given: Mapping[str, str], why: str
) -> dict[str, list[Choice]]:
    """The user's choices, each header matched whatever its case and accents."""
    names = {spec.name for spec in specs}
    choices: dict[str, list[Choice]] = {}
    for name, header in given.items():
        if name not in names:
            raise InvalidInput(f"--columns {name}=…: no such field (fields: {', '.join(sorted(names))})")
        wanted = column_key(header)
        found = next((p for p in profiles if wanted in (p.key, column_key(p.header))), None)
        if found is None:
            shown = ", ".join(f"« {p.header} »" for p in profiles)
            raise InvalidInput(f"--columns {name}={header!r}: no such column (columns: {shown})")
        choices[name] = [Choice(name, found, 0.0, 1.0, [why], given=True)]
    return choices


def infer(
    specs: Sequence[FieldSpec],
    profiles: Sequence[ColumnProfile],
    *,
    given: Mapping[str, str] | None = None,
    why_given: str = "given with --columns",
    ambivalent: bool = True,
) -> ColumnMapping:
    """The column of each field: the user's, else the best-scoring, each column serving once.

    ``ambivalent`` reads « attributaire » beside the other columns (:func:`resolve_ambivalent`):
    a subsidy file's word; a public contract's « attributaire » is always its holder."""
    if ambivalent:
        profiles = resolve_ambivalent(profiles)
    choices = _given_choices(specs, profiles, given or {}, why_given)
    taken = {choice.column.key for chosen in choices.values() for choice in chosen}
    scored = {
        spec.name: {p.key: score(spec, p) for p in profiles if p.key not in taken}
        for spec in specs
        if spec.name not in choices
    }
    by_key = {p.key: p for p in profiles}
    spec_of = {spec.name: spec for spec in specs}
    candidates = sorted(
        (
            (points, name, key)
            for name, columns in scored.items()
            for key, (points, _) in columns.items()
            if points >= MIN_SCORE
        ),
        reverse=True,
    )
    for points, name, key in candidates:
        if key in taken or (name in choices and not spec_of[name].several):
            continue
        spec = spec_of[name]
        year = _header_year(by_key[key])
        if spec.several and name in choices:
            # Another column of the same field counts only when each names its own year.
            first = choices[name][0]
            if year is None or first.year is None or year in {c.year for c in choices[name]}:
                continue
        others = sorted(
            (p, k) for k, (p, _) in scored[name].items() if k != key and k not in taken and p >= MIN_SCORE
        )
        close = [(by_key[k].header, p) for p, k in others if points - p < DOUBT_MARGIN]
        runner_up = others[-1][0] if others else 0.0
        confidence = min(1.0, points / 8.0) * min(1.0, 0.5 + (points - runner_up) / 4.0)
        choice = Choice(
            name, by_key[key], points, round(confidence, 2), scored[name][key][1], doubts=close, year=year
        )
        choices.setdefault(name, []).append(choice)
        taken.add(key)
    unused = [p for p in profiles if p.key not in taken]
    return ColumnMapping(choices=choices, unused=unused, profiles=list(profiles))


def _header_year(profile: ColumnProfile) -> int | None:
    found = _HEADER_YEAR.findall(profile.header)
    return int(found[0]) if len(found) == 1 else None


SPECS_FOR_TEST = (
    FieldSpec("grantor_name", "grantor", {"collectivite": 3, "nom": 1}, {ValueKind.NAME: 1}, role=1),
    FieldSpec("beneficiary_name", "beneficiary", {"nom": 2}, {ValueKind.NAME: 1}, role=-1),
    FieldSpec(
        "beneficiary_id", "beneficiary id", {"siret": 2}, {ValueKind.SIRET: 1.5}, role=-1, by_values=True
    ),
    FieldSpec("amount", "amount", {"montant": 3}, {ValueKind.AMOUNT: 1}),
)
"""A small set of fields for the examples of this module."""
