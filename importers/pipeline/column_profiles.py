"""The profile of a table's columns: what each holds, read from its values and its header.

Each cell is classified (:func:`cell_kind`): SIRET/SIREN, RNA number, amount, date, period, year,
name, long text, code. A column's :class:`ColumnProfile` gives the share of each kind among its
filled cells, how filled it is, whether it is the same on every row, three examples, and the
words of its header (glued schema names apart, :func:`words_of`). The field inference
(:mod:`importers.pipeline.columns`) weighs these.

>>> [p.describe() for p in profile_columns(["SIRET", "Montant"], [["22460001500511", "40 000,00"],
...                                                            ["22460001500511", "12"]])]
['SIRET/SIREN 100%, the same on every row', 'amounts 100%, 2 different values']
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from graph_service.identifiers import search_key
from importers.pipeline import values
from importers.pipeline.reading import column_key

SAMPLE_ROWS = 500
"""Rows profiled: enough to see a column's kind and whether it varies."""
_YEAR = re.compile(r"^(19|20)\d{2}$")
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
        parts.append(
            "the same on every row"
            if self.constant
            else "one value"
            if self.distinct == 1
            else f"{self.distinct} different values"
        )
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
