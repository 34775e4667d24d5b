"""Reads a table file into numbered rows with normalised column names.

- CSV (``.csv``, ``.tsv``, ``.txt``): the encoding is detected, UTF-8 (with or without BOM) first,
  then what charset-normalizer finds among the Western encodings (Excel on Windows writes cp1252,
  the RNA latin-1); the separator is sniffed among ``, ; tab``.
- JSON Lines (``.jsonl``, ``.ndjson``).
- Spreadsheets (``.xlsx``, ``.xlsm``, ``.xls``, ``.xlsb``, ``.ods``) through python-calamine.
- Parquet, a record batch at a time.
- Zip archives, read in place: :func:`read_tables` gives one table per file inside.

Publishers put title rows above the header. Given a ``header_score`` (how many known columns a row
names), the header is the best-scoring of the first rows; without one it is the first row.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "organisations.csv"
>>> _ = path.write_bytes("Nom;Monde\\nÉcole;association\\n".encode("latin-1"))
>>> table = read_table(path)
>>> table.encoding, list(table.rows)
('cp1252', [(2, {'nom': 'École', 'monde': 'association'})])
>>> _ = path.write_text("Subventions 2017;\\nNom;Montant\\nAgora;17 833\\n", encoding="utf-8")
>>> list(read_table(path, header_score=lambda columns: ("montant" in columns) * 2).rows)
[(3, {'nom': 'Agora', 'montant': '17 833'})]
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path, PurePosixPath
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
TEXT_SUFFIXES = {".csv", ".tsv", ".txt"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"}
PARQUET_SUFFIXES = {".parquet"}
TABLE_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | SPREADSHEET_SUFFIXES | PARQUET_SUFFIXES
HEADER_SEARCH_ROWS = 12
"""Rows looked at for the header when title rows may stand above it."""

NumberedRow = tuple[int, dict[str, Any]]
HeaderScore = Callable[[Sequence[str]], int]


@dataclass
class Header:
    """What stands above a table's rows: filled in when its first row is read.

    ``labels`` are the headers as written, by column key; ``groups`` the text of merged cells over
    them (« Informations relatives au bénéficiaire » over « Nom »), by column key; ``titles`` the
    rows above that are not headers (« Subventions 2017 de la Ville de … »); ``line`` the header's
    line, so that every line above it is accounted for.
    """

    labels: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    line: int = 0
    above: int = 0
    """Non-blank rows above the header (titles and group rows)."""


@dataclass
class SourceTable:
    """A file's rows as ``(line number, {column: value})``, read lazily, and its encoding.

    ``size`` counts its lines, for a progress bar; ``name`` is the file's name (with the sheet or
    the archive member when there is one), as rejections cite it.
    """

    path: Path
    encoding: str
    size: int
    rows: Iterator[NumberedRow]
    name: str = ""
    header: Header = field(default_factory=Header)

    def __post_init__(self) -> None:
        self.name = self.name or self.path.name


@lru_cache(maxsize=4096)
def column_key(header: str) -> str:
    """A header as a column name: lower-case, accent-free, words joined by ``_``.

    >>> column_key(" Code Postal "), column_key("Date de début")
    ('code_postal', 'date_de_debut')
    """
    return search_key(header).replace(" ", "_")


def decode(name: str, data: bytes) -> tuple[str, str]:
    """The text of a file and the encoding that decoded it; refuses what is not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise InvalidInput(f"{name}: this is not a text file (it holds NUL bytes)")
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        # A UTF-8 byte-order mark over a cp1252 body (Excel exports do this): the mark is not text.
        data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        # French files that are not UTF-8 are cp1252 (Excel) or latin-1 (the RNA), which cp1252
        # reads alike: a guess could take their accents for Mac Roman's punctuation.
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        pass
    guess = from_bytes(data, cp_isolation=WESTERN_ENCODINGS).best()
    if guess is None or guess.encoding is None:
        raise InvalidInput(
            f"{name}: the text is neither UTF-8 nor a Western encoding (cp1252, latin-1); save it as UTF-8"
        )
    return str(guess), guess.encoding


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def unique_keys(labels: Sequence[str]) -> list[str]:
    """Column keys of a header, each once: a repeated one gets ``_2``, a blank one ``colonne_N``.

    >>> unique_keys(["Montant", "montant", "", "Nom"])
    ['montant', 'montant_2', 'colonne_3', 'nom']
    """
    keys: list[str] = []
    for position, label in enumerate(labels, start=1):
        key = column_key(label) or f"colonne_{position}"
        candidate, n = key, 1
        while candidate in keys:
            n += 1
            candidate = f"{key}_{n}"
        keys.append(candidate)
    return keys


def _above_header(above: list[list[Any]], width: int) -> tuple[dict[int, str], list[str]]:
    """The group text over each column position and the titles, from the rows above a header: a
    row of several cells is a group row (a merged cell's text carried right to the next one), a
    row of one cell a title."""
    groups: dict[int, str] = {}
    titles: list[str] = []
    for cells in above:
        texts = ["" if _is_blank(c) else str(c).strip() for c in cells]
        filled = [t for t in texts if t]
        if len(filled) >= 2:
            carried = ""
            for position in range(width):
                carried = (texts[position] if position < len(texts) else "") or carried
                if carried:
                    groups[position] = f"{groups.get(position, '')} {carried}".strip()
        elif filled:
            titles.append(filled[0])
    return groups, titles


def _with_header(
    raw: Iterator[tuple[int, list[Any] | str]], header_score: HeaderScore | None, header: Header | None = None
) -> Iterator[NumberedRow]:
    """Rows as dicts keyed by the header's column names; a raw ``str`` is a row's error.

    The header is the first non-empty row, or the best-scoring of the first rows (a title row
    above it is skipped); rows before it are not data. ``header`` is filled with what stands
    above the rows before the first one is given.
    """
    header = header if header is not None else Header()
    head: list[tuple[int, list[Any] | str]] = []
    for item in raw:
        head.append(item)
        if header_score is None and not isinstance(item[1], str) and not all(map(_is_blank, item[1])):
            break
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    candidates = [(i, cells) for i, (_, cells) in enumerate(head) if not isinstance(cells, str)]
    candidates = [(i, cells) for i, cells in candidates if not all(map(_is_blank, cells))]
    if not candidates:
        for line, cells in head:
            if isinstance(cells, str):
                yield line, {"__error__": f"the header cannot be read: {cells}"}
        return
    if header_score is None:
        position = candidates[0][0]
    else:
        keys = {i: [column_key(str(c or "")) for c in cells] for i, cells in candidates}
        position = max(candidates, key=lambda item: (header_score(keys[item[0]]), -item[0]))[0]
    unreadable = [cells for _, cells in head[:position] if isinstance(cells, str)]
    if header_score is None and unreadable:
        yield head[0][0], {"__error__": f"the header cannot be read: {unreadable[0]}"}
        return
    labels = [str(cell).strip() if cell is not None else "" for cell in head[position][1]]
    columns = unique_keys(labels)
    above = [
        cells for _, cells in head[:position] if not isinstance(cells, str) and not all(map(_is_blank, cells))
    ]
    groups, header.titles = _above_header(above, len(columns))
    header.groups = {columns[p]: text for p, text in groups.items()}
    header.labels = dict(zip(columns, labels, strict=True))
    header.line, header.above = head[position][0], len(above)
    for line, cells in [*head[position + 1 :], *raw]:
        if isinstance(cells, str):
            yield line, {"__error__": cells}
            continue
        if len(cells) > len(columns) and not all(map(_is_blank, cells[len(columns) :])):
            yield (
                line,
                {"__error__": f"the row has {len(cells)} cells but the header names {len(columns)} columns"},
            )
            continue
        if not all(map(_is_blank, cells)):
            yield line, dict(zip(columns, cells, strict=False))


def _csv_cells(text: str) -> Iterator[tuple[int, list[Any] | str]]:
    """Rows of a CSV text as cell lists; a row that cannot be parsed comes as its reason.

    The reader is strict, so an unclosed quote is an error at the line that opened it instead of
    one huge field silently swallowing the rest of the file.
    """
    first_lines = text[:20_000].split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    # The first line that holds a separator tells which: data lines may hold others in quotes.
    telling = next((line for line in first_lines if any(sep in line for sep in SEPARATORS)), "")
    separator = max(SEPARATORS, key=telling.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    while True:
        line = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, _csv_problem(error, line, reader.line_num)
            continue
        yield line, [restore_cell(value.strip()) for value in values]


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


def _spreadsheet_tables(
    path: Path, data: bytes, name: str, header_score: HeaderScore | None
) -> list[SourceTable]:
    """The sheets of a workbook as tables, the best sheet first (most known columns, then rows)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(sheet, workbook.get_sheet_by_name(sheet).to_python()) for sheet in workbook.sheet_names]
    except Exception as error:  # calamine raises its own error types for every kind of damage
        raise InvalidInput(f"{name}: this spreadsheet cannot be read ({error})") from error
    tables = []
    for sheet, rows in sheets:
        if not any(not all(map(_is_blank, row)) for row in rows):
            continue
        cells = [
            str(c).strip() if isinstance(c, str) else c for row in rows[:HEADER_SEARCH_ROWS] for c in row
        ]
        score = header_score([column_key(str(c)) for c in cells if isinstance(c, str)]) if header_score else 0
        numbered = (
            (i + 1, [c.strip() if isinstance(c, str) else c for c in row]) for i, row in enumerate(rows)
        )
        header = Header()
        table = SourceTable(
            path, "xlsx", len(rows), _with_header(numbered, header_score, header), f"{name} [{sheet}]", header
        )
        tables.append((score, len(rows), table))
    tables.sort(key=lambda item: (-item[0], -item[1]))
    return [table for _, _, table in tables]


def _parquet_rows(data: bytes) -> Iterator[NumberedRow]:
    import pyarrow.parquet as pq

    number = 1
    for batch in pq.ParquetFile(io.BytesIO(data)).iter_batches(batch_size=65_536):
        columns = [column_key(name) for name in batch.schema.names]
        for record in batch.to_pylist():
            number += 1
            yield number, dict(zip(columns, record.values(), strict=True))


def _tables_of(path: Path, name: str, data: bytes, header_score: HeaderScore | None) -> list[SourceTable]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _spreadsheet_tables(path, data, name, header_score)
    if suffix in PARQUET_SUFFIXES:
        return [SourceTable(path, "parquet", 0, _parquet_rows(data), name)]
    text, encoding = decode(name, data)
    if suffix in JSONL_SUFFIXES:
        return [SourceTable(path, encoding, text.count("\n"), _jsonl_rows(text), name)]
    if suffix in TEXT_SUFFIXES:
        header = Header()
        rows = _with_header(_csv_cells(text), header_score, header)
        return [SourceTable(path, encoding, text.count("\n"), rows, name, header)]
    raise InvalidInput(
        f"{name}: unsupported file type {suffix!r} (use {', '.join(sorted(TABLE_SUFFIXES | {'.zip'}))})"
    )


def _zip_members(path: Path) -> Iterable[tuple[str, bytes]]:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [
                info.filename
                for info in archive.infolist()
                if not info.is_dir() and PurePosixPath(info.filename).suffix.lower() in TABLE_SUFFIXES
            ]
            if not names:
                raise InvalidInput(
                    f"{path.name}: the archive holds no table file ({', '.join(sorted(TABLE_SUFFIXES))})"
                )
            # Read every member before any row is used: a damaged archive loads nothing.
            return [(f"{path.name}/{name}", archive.read(name)) for name in sorted(names)]
    except (zipfile.BadZipFile, EOFError, OSError) as error:
        raise InvalidInput(f"{path.name}: this zip archive is damaged or truncated ({error})") from error


def _head(path: Path, size: int) -> bytes:
    """The first ``size`` bytes of a file, cut after its last whole line."""
    with path.open("rb") as handle:
        data = handle.read(size)
    return data if len(data) < size else data[: data.rfind(b"\n") + 1] or data


def read_tables(
    path: Path, *, header_score: HeaderScore | None = None, head_bytes: int | None = None
) -> list[SourceTable]:
    """Every table of a file: one for a CSV, JSON Lines or Parquet file, one per sheet of a
    workbook (best first), one per table file inside a zip archive. ``head_bytes`` reads only the
    beginning of a text file, enough to see its header."""
    suffix = path.suffix.lower()
    if head_bytes is not None and suffix in TEXT_SUFFIXES | JSONL_SUFFIXES:
        return _tables_of(path, path.name, _head(path, head_bytes), header_score)
    if suffix == ".zip":
        tables: list[SourceTable] = []
        for name, data in _zip_members(path):
            tables += _tables_of(path, name, data, header_score)[:1]
        return tables
    return _tables_of(path, path.name, path.read_bytes(), header_score)


def read_table(path: Path, *, header_score: HeaderScore | None = None) -> SourceTable:
    """The rows of a table file (a workbook's best sheet, a zip's first table)."""
    tables = read_tables(path, header_score=header_score)
    if not tables:
        raise InvalidInput(f"{path.name}: no sheet holds any row")
    return tables[0]
