"""A minimal xlsx workbook written by hand: tests need one without adding a writer library."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006"
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def write_xlsx(path: Path, rows: list[list[str]], sheet: str = "Feuil1") -> Path:
    """One sheet of text cells, readable by Excel, LibreOffice and calamine."""
    return write_workbook(path, {sheet: rows})


def _sheet_xml(rows: list[list[str]]) -> str:
    cells = "".join(
        "<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(value)}</t></is></c>' for value in row) + "</row>"
        for row in rows
    )
    return f'<?xml version="1.0"?><worksheet xmlns="{_MAIN}"><sheetData>{cells}</sheetData></worksheet>'


def write_workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    """Several sheets of text cells, in order."""
    numbered = list(enumerate(sheets.items(), start=1))
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_TYPES}.worksheet+xml"/>'
        for n, _ in numbered
    )
    files = {
        "[Content_Types].xml": (
            f'<?xml version="1.0"?><Types xmlns="{_PACKAGE}/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPES}.sheet.main+xml"/>'
            f"{overrides}</Types>"
        ),
        "_rels/.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_PACKAGE}/relationships">'
            f'<Relationship Id="rId1" Type="{_OFFICE}/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            f'<?xml version="1.0"?><workbook xmlns="{_MAIN}" xmlns:r="{_OFFICE}"><sheets>'
            + "".join(
                f'<sheet name="{escape(name)}" sheetId="{n}" r:id="rId{n}"/>' for n, (name, _) in numbered
            )
            + "</sheets></workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0"?><Relationships xmlns="{_PACKAGE}/relationships">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{_OFFICE}/worksheet" Target="worksheets/sheet{n}.xml"/>'
                for n, _ in numbered
            )
            + "</Relationships>"
        ),
        **{f"xl/worksheets/sheet{n}.xml": _sheet_xml(rows) for n, (_, rows) in numbered},
    }
    with zipfile.ZipFile(path, "w") as bundle:
        for name, text in files.items():
            bundle.writestr(name, text)
    return path
