"""Reads a CSV or JSON Lines file into numbered rows with normalised column names.

The encoding is detected: UTF-8 (with or without BOM) first, then what charset-normalizer finds
(Excel on Windows writes cp1252, the RNA latin-1). The CSV separator is sniffed among ``, ; tab``.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "organisations.csv"
>>> _ = path.write_bytes("Nom;Monde\\nÉcole;association\\n".encode("latin-1"))
>>> table = read_table(path)
>>> table.encoding, list(table.rows)
('cp1252', [(2, {'nom': 'École', 'monde': 'association'})])
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from graph_service.errors import InvalidInput
from graph_service.identifiers import search_key
from graph_service.spreadsheet import restore_cell

SEPARATORS = ",;\t"
MAX_CELL_CHARS = 256 * 1024
"""Longer cells are rejected with their line (the csv module's own limit would raise mid-file)."""
csv.field_size_limit(MAX_CELL_CHARS)
# French files that are not UTF-8 come from Excel (cp1252) or older exports (latin-1, latin-9).
WESTERN_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "mac_roman"]


NumberedRow = tuple[int, dict[str, Any]]


@dataclass
class SourceTable:
    """A file's rows as ``(line number, {column: value})``, read lazily, and its encoding.

    ``size`` counts its lines, for a progress bar.
    """

    path: Path
    encoding: str
    size: int
    rows: Iterator[NumberedRow]


@lru_cache(maxsize=4096)
def column_key(header: str) -> str:
    """A header as a column name: lower-case, accent-free, words joined by ``_``.

    >>> column_key(" Code Postal "), column_key("Date de début")
    ('code_postal', 'date_de_debut')
    """
    return search_key(header).replace(" ", "_")


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding that decoded it; refuses what is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise InvalidInput(f"{path.name}: this is not a text file (it holds NUL bytes)")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data, cp_isolation=WESTERN_ENCODINGS).best()
    if guess is None or guess.encoding is None:
        raise InvalidInput(
            f"{path.name}: the text is neither UTF-8 nor a Western encoding (cp1252, latin-1); "
            "save it as UTF-8"
        )
    return str(guess), guess.encoding


def _csv_rows(text: str) -> Iterator[NumberedRow]:
    """Rows of a CSV text; a row that cannot be parsed comes as ``{"__error__": reason}``.

    The reader is strict, so an unclosed quote is an error at the line that opened it instead of
    one huge field silently swallowing the rest of the file.
    """
    first_line = text.split("\n", 1)[0]
    separator = max(SEPARATORS, key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        yield 1, {"__error__": f"the header cannot be read: {error}"}
        return
    if header is None:
        return
    columns = [column_key(name) for name in header]
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, {"__error__": _csv_problem(error, line, reader.line_num)}
            continue
        if len(values) > len(columns) and any(value.strip() for value in values[len(columns) :]):
            reason = f"the row has {len(values)} cells but the header names {len(columns)} columns"
            yield line, {"__error__": reason}
            continue
        if any(value.strip() for value in values):
            cells = (restore_cell(value.strip()) for value in values)
            yield line, dict(zip(columns, cells, strict=False))


def _csv_problem(error: csv.Error, line: int, last_line: int) -> str:
    message = str(error)
    if "field larger than field limit" in message:
        return f"a cell is longer than {MAX_CELL_CHARS:,} characters"
    if "unexpected end of data" in message or "EOF" in message:
        return f"a quote opened on this line is never closed: lines {line} to {last_line} were not read"
    return f"the row cannot be read as CSV ({message})"


def _jsonl_rows(text: str) -> Iterator[NumberedRow]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield number, {"__error__": f"invalid JSON: {error.msg}"}
            continue
        if not isinstance(record, dict):
            yield number, {"__error__": "a line must hold one JSON object"}
            continue
        yield number, {column_key(key): value for key, value in record.items()}


def read_table(path: Path) -> SourceTable:
    """Rows of a ``.csv``/``.tsv``/``.txt`` or ``.jsonl``/``.ndjson`` file."""
    data = path.read_bytes()
    text, encoding = decode(path, data)
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        rows = _jsonl_rows(text)
    elif suffix in (".csv", ".tsv", ".txt"):
        rows = _csv_rows(text)
    else:
        raise InvalidInput(f"{path.name}: unsupported file type {suffix!r} (use .csv or .jsonl)")
    return SourceTable(path, encoding, text.count("\n"), rows)
