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
from enum import StrEnum
from typing import Any

from graph_service.errors import InvalidInput
from graph_service.identifiers import search_key
from importers.pipeline import values
from importers.pipeline.reading import column_key

SAMPLE_ROWS = 500
"""Rows profiled: enough to see a column's kind and whether it varies."""
MIN_SCORE = 3.0
"""Below this a column is no evidence for a field."""
DOUBT_MARGIN = 1.0
"""A second column this close to the chosen one is reported as a doubt."""
_YEAR = re.compile(r"^(19|20)\d{2}$")
_HEADER_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_LETTERS = re.compile(r"[^\W\d_]")


class ValueKind(StrEnum):
    """What a cell holds."""

    SIRET = "siret"
    """A SIRET or SIREN (14 or 9 digits with a valid Luhn key, or a spreadsheet's float of one)."""
    RNA = "rna"
    AMOUNT = "amount"
    DATE = "date"
    PERIOD = "period"
    """Two dates, or a date and words (« 28/11/2017 Solde en 2018 »)."""
    YEAR = "year"
    NAME = "name"
    """A short text: an organisation's or a person's name, a label."""
    TEXT = "text"
    """A long text: an object, a condition."""
    CODE = "code"
    """Anything else: a reference, a code."""


def cell_kind(value: Any) -> ValueKind | None:
    """What a cell holds, ``None`` when it is blank.

    >>> cells = ("22100005200011", 21860194600000.0, "W381000123", "40 000,00", "2017/09/08")
    >>> [str(cell_kind(v)) for v in cells]
    ['siret', 'siret', 'rna', 'amount', 'date']
    >>> [str(cell_kind(v)) for v in ("2018-01-01_2018-03-31", "2017", "Agora", "CP 2017-11-13", None)]
    ['period', 'year', 'name', 'code', 'None']
    """
    if values.is_blank(value):
        return None
    if isinstance(value, bool):
        return ValueKind.CODE
    raw = str(value).strip()
    if isinstance(value, int | float):
        if _YEAR.match(f"{value:.0f}") and float(value).is_integer():
            return ValueKind.YEAR
        if abs(value) >= 1e8 and values.siren_of(value):
            return ValueKind.SIRET
        return ValueKind.AMOUNT
    digits = re.sub(r"[\s.]", "", raw)
    if digits.isdigit() and len(digits) in (9, 14) and values.siren_of(raw):
        return ValueKind.SIRET
    if re.fullmatch(r"\d{9,14}\.0+", raw) and values.siren_of(raw):
        return ValueKind.SIRET
    if values.rna_of(raw):
        return ValueKind.RNA
    if _YEAR.match(raw):
        return ValueKind.YEAR
    try:
        if values.day(raw) is not None:
            rest = re.sub(r"^[\d/.-]+", "", raw).strip(" _-/")
            return ValueKind.PERIOD if rest else ValueKind.DATE
    except ValueError:
        pass
    if re.search(r"\d", raw):
        try:
            values.amount(raw)
            return ValueKind.AMOUNT
        except ValueError:
            pass
    if not _LETTERS.search(raw):
        return ValueKind.CODE
    if len(raw) > 80 or len(raw.split()) > 10:
        return ValueKind.TEXT
    return ValueKind.NAME if not re.search(r"\d{3,}", raw) else ValueKind.CODE


_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Þ])")
PREFIXES = (
    "nom", "id", "rna", "dates", "date", "reference", "montant", "objet", "nature", "conditions",
    "pourcentage", "notification", "dispositif", "code", "type", "siret", "siren", "num", "ref", "periode",
)  # fmt: skip
"""Words that start the glued headers of schemas (``nomattribuant`` once lower-cased)."""


def _split_glued(word: str) -> list[str]:
    """``nomattribuant`` → ``nom attribuant``: a known first word, and a rest of four letters or more."""
    for prefix in PREFIXES:
        rest = word[len(prefix) :]
        if word.startswith(prefix) and len(rest) >= 4 and rest.isalpha():
            return [prefix, *_split_glued(rest)]
    return [word]


def words_of(text: str) -> frozenset[str]:
    """The words of a header, accent- and case-free, glued words apart.

    >>> sorted(words_of("N° SIRET attributaire")), sorted(words_of("nomAttribuant"))
    (['attributaire', 'n', 'siret'], ['attribuant', 'nom'])
    >>> sorted(words_of("datesperiodeversement")), sorted(words_of("SUB_MONTANT"))
    (['dates', 'periode', 'versement'], ['montant', 'sub'])
    """
    spaced = _CAMEL.sub(" ", text)
    return frozenset(
        part for word in search_key(spaced).replace("_", " ").split() for part in _split_glued(word) if part
    )


@dataclass(frozen=True)
class ColumnProfile:
    """One column: its header as written, its words, and what its values are."""

    key: str
    header: str
    words: frozenset[str]
    group_words: frozenset[str]
    """Words of the merged cells above the header."""
    filled: float
    """Share of the profiled rows where it holds something."""
    kinds: Mapping[ValueKind, float]
    """Share of its filled cells of each kind."""
    distinct: int
    examples: tuple[str, ...]
    rows: int
    note: str = ""
    """How an ambivalent header word was read, for the explanation."""

    @property
    def constant(self) -> bool:
        """One value on every filled row of several: a publisher's own name, say."""
        return self.distinct == 1 and self.filled * self.rows >= 2

    def share(self, *kinds: ValueKind) -> float:
        return sum(self.kinds.get(kind, 0.0) for kind in kinds)

    def describe(self) -> str:
        """Its values in a few words, for the explanation."""
        if not self.filled:
            return "empty"
        main = sorted(self.kinds.items(), key=lambda item: -item[1])[:2]
        parts = [f"{KIND_WORDS[kind]} {share:.0%}" for kind, share in main if share >= 0.05]
        parts.append("the same on every row" if self.constant else f"{self.distinct} different values")
        if self.filled < 0.95:
            parts.append(f"filled {self.filled:.0%}")
        return ", ".join(parts)


KIND_WORDS = {
    ValueKind.SIRET: "SIRET/SIREN",
    ValueKind.RNA: "RNA numbers",
    ValueKind.AMOUNT: "amounts",
    ValueKind.DATE: "dates",
    ValueKind.PERIOD: "periods",
    ValueKind.YEAR: "years",
    ValueKind.NAME: "names",
    ValueKind.TEXT: "long texts",
    ValueKind.CODE: "codes",
}


def profile_columns(
    labels: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    groups: Sequence[str] = (),
    keys: Sequence[str] | None = None,
) -> list[ColumnProfile]:
    """A profile per column of ``rows`` (cells in header order), the first :data:`SAMPLE_ROWS`."""
    sample = list(rows[:SAMPLE_ROWS])
    keys = list(keys) if keys is not None else [column_key(label) for label in labels]
    profiles = []
    for position, (key, label) in enumerate(zip(keys, labels, strict=True)):
        cells = [row[position] if position < len(row) else None for row in sample]
        kinds = [kind for kind in map(cell_kind, cells) if kind is not None]
        seen = [values.text(cell) for cell in cells if cell_kind(cell) is not None]
        distinct = list(dict.fromkeys(str(v) for v in seen))
        group = groups[position] if position < len(groups) else ""
        profiles.append(
            ColumnProfile(
                key=key,
                header=label,
                words=words_of(label),
                group_words=words_of(group) - words_of(label),
                filled=len(kinds) / len(sample) if sample else 0.0,
                kinds={kind: kinds.count(kind) / len(kinds) for kind in set(kinds)} if kinds else {},
                distinct=len(distinct),
                examples=tuple(distinct[:3]),
                rows=len(sample),
            )
        )
    return profiles


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
    if not profile.filled:
        return 0.0, []
    own, matched = word_weight(profile.words, spec.words)
    group, group_matched = word_weight(profile.group_words, spec.words)
    header = own + 0.5 * max(group, 0.0)
    value = 4.0 * sum(weight * profile.share(kind) for kind, weight in spec.kinds.items())
    role = 0.0
    if spec.role and profile.rows >= 3:
        role = 1.5 if (profile.constant == (spec.role > 0)) else -1.5
    if header <= 0 and not (spec.by_values and value >= 3.0):
        return 0.0, []
    reasons = [profile.note] if profile.note else []
    if matched:
        reasons.append("header says " + ", ".join(f"« {w} »" for w in matched))
    if group_matched and group > 0:
        reasons.append("heading above says " + ", ".join(f"« {w} »" for w in group_matched))
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
) -> ColumnMapping:
    """The column of each field: the user's, else the best-scoring, each column serving once."""
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
