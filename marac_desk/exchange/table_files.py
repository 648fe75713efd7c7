"""Reading a register kept as CSV or Excel (.xlsx) into rows of text cells.

Every cell comes back as the text the user would see: dates as YYYY-MM-DD, whole
numbers without ".0", and formulas as the formula's own text, never evaluated. A file
that cannot be read gives one clear error naming the file, the line and what to do.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from datetime import date, datetime, time
from pathlib import Path
from xml.etree.ElementTree import ParseError

from marac_desk.domain.register_import import MAX_ROWS, Table
from marac_desk.errors import ValidationError

MAX_BYTES = 200 * 1024 * 1024
# Unpacked, every part of a workbook together; and any one part (a shared-strings part
# can be most of a register, but not hundreds of megabytes).
MAX_UNPACKED = 512 * 1024 * 1024
MAX_PART = 256 * 1024 * 1024
ENCODINGS = {
    "utf-8": "UTF-8 (Excel's “CSV UTF-8”)",
    "cp1252": "Windows-1252 (Excel's older “CSV”)",
}
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # Excel 97-2003 .xls, and encrypted Office files


class TableFileError(ValidationError):
    """The file cannot be read as a register; nothing has been changed."""


def read_table(path: Path, *, encoding: str = "utf-8", sheet: str | None = None) -> Table:
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TableFileError(
                f"{path.name} is {size // (1024 * 1024)} MB: a register file is at most "
                f"{MAX_BYTES // (1024 * 1024)} MB. Check that this is the right file."
            )
        with path.open("rb") as handle:
            start = handle.read(8)
    except OSError as exc:
        raise TableFileError(f"{path.name} cannot be opened: {exc.strerror or exc}.") from None
    if start.startswith(_OLE):
        raise TableFileError(
            f"{path.name} is an old Excel 97-2003 workbook or a password-protected one: "
            "open it in Excel, remove any password and save it as .xlsx or CSV UTF-8."
        )
    if start.startswith(_ZIP):
        return _read_xlsx(path, sheet)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        raise TableFileError(
            f"{path.name} is not an Excel workbook, though its name ends in {path.suffix}: "
            "save the register from Excel again as .xlsx or CSV UTF-8."
        )
    return read_csv_bytes(path.read_bytes(), path.name, encoding)


def read_csv_bytes(data: bytes, name: str, encoding: str = "utf-8") -> Table:
    if encoding not in ENCODINGS:
        raise TableFileError(f"Unknown encoding {encoding}: choose {' or '.join(ENCODINGS)}.")
    first = data.find(b"\x00")
    if 0 <= first < 64 or data[:4096].count(b"\x00") > 4:  # binary, or UTF-16: not CSV
        raise TableFileError(
            f"{name} is not a text file (CSV): save the register as CSV UTF-8 or .xlsx."
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise TableFileError(
            f"{name}, line {line}: holds a NUL character, which no register should: the file "
            "may be damaged. Open it in Excel and save it again as CSV UTF-8."
        )
    try:
        text = data.decode("utf-8-sig" if encoding == "utf-8" else encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        other = "Windows-1252" if encoding == "utf-8" else "UTF-8"
        raise TableFileError(
            f"{name}, line {line}: this is not {ENCODINGS[encoding].split(' ')[0]} text. "
            f"Choose the {other} encoding, or save the file from Excel as “CSV UTF-8”."
        ) from None
    sample = text[:20_000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows: list[tuple[int, list[str]]] = []
    try:
        headers = next(reader, None)
        for cells in reader:
            if len(rows) >= MAX_ROWS:
                raise TableFileError(
                    f"{name} has more than {MAX_ROWS:,} rows: check that this is the register."
                )
            # Numbered as a spreadsheet shows them: the headings are row 1.
            rows.append((len(rows) + 2, cells))
    except csv.Error as exc:
        raise TableFileError(f"{name}, line {reader.line_num}: {exc}.") from None
    if not headers or not any(h.strip() for h in headers):
        raise TableFileError(f"{name} is empty or its first line has no column headings.")
    return Table([h.strip() for h in headers], rows)


def cell_text(value: object) -> str:
    """A spreadsheet cell as the text a person sees in it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_unpacked_size(path: Path) -> None:
    """Refuse a workbook whose parts unpack to more than any register could need (a zip
    bomb), before openpyxl reads any of them."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # openpyxl gives its own clear refusal below
    total = 0
    for part in parts:
        total += part.file_size
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > MAX_PART or total > MAX_UNPACKED or (ratio > 1000 and total > 10**7):
            raise TableFileError(
                f"{path.name} unpacks to far more than a register could hold ({part.filename}): "
                "it was not read. Check that this is the right file."
            )


def _read_xlsx(path: Path, sheet: str | None) -> Table:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_unpacked_size(path)
    try:
        # data_only=False: a formula comes back as its text, which is kept as text.
        book = load_workbook(path, read_only=True, data_only=False)
    except (
        zipfile.BadZipFile,
        InvalidFileException,
        KeyError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        EOFError,
        ParseError,
        OSError,
    ):
        raise TableFileError(
            f"{path.name} is not a readable Excel workbook (.xlsx): it may be damaged or "
            "another kind of file. Open it in Excel and save it again as .xlsx or CSV UTF-8."
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise TableFileError(
                f"{path.name} has no sheet called “{sheet}”: its sheets are "
                f"{', '.join(book.sheetnames)}."
            )
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        # The sheet's stored dimension (<dimension ref="A1:S3"/>) may be stale or missing:
        # forgetting it makes openpyxl read every row there is.
        if hasattr(worksheet, "reset_dimensions"):
            worksheet.reset_dimensions()
        return _sheet_table(path.name, worksheet.iter_rows(values_only=True))
    except (KeyError, ValueError, TypeError, IndexError, AttributeError, ParseError, EOFError):
        raise TableFileError(
            f"{path.name} could not be read to the end: it may be damaged. Open it in Excel "
            "and save it again."
        ) from None
    finally:
        book.close()


def _sheet_table(name: str, values: Iterable[tuple[object, ...]]) -> Table:
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(values, start=1):
        texts = [cell_text(c) for c in cells]
        if any("\x00" in t for t in texts):
            raise TableFileError(
                f"{name}, row {number}: a cell holds a NUL character, which no register "
                "should: the file may be damaged. Open it in Excel and save it again."
            )
        if headers is None:
            if not any(t.strip() for t in texts):
                continue  # blank lines above the headings
            headers = [t.strip() for t in texts]
            continue
        if len(rows) >= MAX_ROWS:
            raise TableFileError(
                f"{name} has more than {MAX_ROWS:,} rows: check that this is the register."
            )
        rows.append((number, texts))
    if headers is None:
        raise TableFileError(f"{name} is empty: its first sheet has no column headings.")
    # Trailing empty heading cells (formatting past the last column) are not columns.
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers, rows)


def template_csv() -> bytes:
    """The register template: the headings, in order, as CSV UTF-8 (with the mark Excel
    needs to read it as UTF-8)."""
    from marac_desk.domain.register_columns import COLUMNS

    buffer = io.StringIO()
    csv.writer(buffer).writerow([c.header for c in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
