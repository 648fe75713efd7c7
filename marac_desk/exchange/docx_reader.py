"""Reading a Word file someone sent: checked as a container before any XML is parsed, and
turned into plain blocks (paragraphs and tables of cell text) in document order.

Anything can arrive by email: a file that is not Word at all, a truncated one, an old
.doc, a password-protected one, a zip bomb, XML with entity tricks. Each gets one clear
sentence; nothing here writes anything.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from marac_desk.errors import MaracDeskError

MAX_FILE_BYTES = 10 * 1024 * 1024  # a 25-case pack is well under 1 MB
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_XML_BYTES = 20 * 1024 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
W_URI = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Word's "Strict Open XML Document" writes the same elements under another namespace.
W_STRICT_URI = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
W = "{" + W_URI.decode() + "}"
MAIN_DOCUMENT = "word/document.xml"
_RELS = "_rels/.rels"
_OFFICE_DOCUMENT_TYPES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument",
}
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


class UnreadableFileError(MaracDeskError):
    """The file cannot be read as a Word document; the message names it and says why."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str  # the style id, e.g. "Heading1"; empty for plain text


@dataclass(frozen=True)
class Table:
    """Cell text laid out on the table's grid, as a reader sees it.

    Each row has one entry per grid column it covers: a cell spanning columns gives its
    text to the first and "" to the rest, so a column keeps its meaning (the third is
    always "who may read it") however cells were merged across. A cell that continues a
    merge down from the row above shows that cell's text, and its place is listed in
    `continued`, so a reader can tell a label or audience that covers this row too from
    information that was already read once above."""

    rows: list[list[str]]
    continued: frozenset[tuple[int, int]] = frozenset()  # (row, column) of merged-down cells


Block = Paragraph | Table


@dataclass(frozen=True)
class WordFile:
    name: str
    blocks: list[Block]
    properties: dict[str, str]  # core properties: identifier, subject, title...


def _refuse(name: str, why: str) -> UnreadableFileError:
    return UnreadableFileError(f"{name}: {why}")


def _unpack(name: str, data: bytes) -> dict[str, bytes]:
    if not data:
        raise _refuse(name, "the file is empty.")
    if data.startswith(OLE_MAGIC):
        raise _refuse(
            name,
            "this is a password-protected Word file or an old .doc file. Open it in Word, "
            "remove the password or save it as a Word document (.docx), then import it again.",
        )
    if not data.startswith(b"PK"):
        raise _refuse(name, "this is not a Word document (.docx).")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = [info.filename for info in archive.infolist()]
        if len({n.lower() for n in names}) != len(names):  # part names ignore case
            # Word would show one copy and this reader another: which one is the agency's
            # answer cannot be known, so neither is read.
            raise _refuse(
                name,
                "it holds two copies of one of its parts, so what Word shows cannot be told "
                "apart from what would be imported. Ask the agency to save it again from Word.",
            )
        # The main document is whichever part the relationships name, so every XML part
        # is kept until they have been read (all of them together are size-limited).
        wanted = {n for n in names if n.endswith((".xml", ".rels"))}
        parts: dict[str, bytes] = {}
        total = 0
        for info in archive.infolist():
            if info.file_size > MAX_UNPACKED_BYTES:
                raise _refuse(name, "it unpacks to far more than any Word document should.")
            # Read every part to its real end, counting: headers can lie about sizes.
            with archive.open(info) as member:
                kept = bytearray()
                while chunk := member.read(1 << 16):
                    total += len(chunk)
                    if total > MAX_UNPACKED_BYTES:
                        raise _refuse(name, "it unpacks to far more than any Word document should.")
                    if info.filename in wanted:
                        kept += chunk
                        if len(kept) > MAX_XML_BYTES:
                            raise _refuse(name, "its text part is far too large.")
            if info.filename in wanted:
                parts[info.filename] = bytes(kept)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        zipfile.LargeZipFile,
        NotImplementedError,
    ) as exc:
        raise _refuse(
            name, "the file is damaged or incomplete (perhaps cut short when it was saved or sent)."
        ) from exc
    except (OSError, ValueError, RuntimeError) as exc:  # CRC errors, encrypted zip entries
        raise _refuse(name, f"the file is damaged ({exc}).") from exc
    main = _main_part(name, parts)
    if main not in parts:
        raise _refuse(name, "this is not a Word document (.docx).")
    parts[MAIN_DOCUMENT] = parts[main]
    return parts


def _main_part(name: str, parts: dict[str, bytes]) -> str:
    """The part Word opens as the document: the one the package's relationships name,
    which need not be word/document.xml."""
    rels = parts.get(_RELS)
    if not rels:
        return MAIN_DOCUMENT
    root = _xml(name, rels)
    targets = [
        (rel.get("Target") or "").lstrip("/")
        for rel in root
        if rel.get("Type") in _OFFICE_DOCUMENT_TYPES and rel.get("TargetMode") != "External"
    ]
    if len(targets) > 1:
        raise _refuse(name, "it names two main documents, so which one is the answer is unclear.")
    return targets[0] if targets else MAIN_DOCUMENT


def _xml(name: str, data: bytes) -> Any:
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise _refuse(name, "it contains XML that Word never writes.")
    data = data.replace(W_STRICT_URI, W_URI)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise _refuse(name, "the document's text is damaged and cannot be read.") from exc


def _text(element: Any) -> str:
    """The text of a paragraph: visible text and inserted revisions; deletions are not text."""
    parts: list[str] = []
    for node in element.iter(f"{W}t", f"{W}tab", f"{W}br", f"{W}cr"):
        if node.tag == f"{W}t":
            parts.append(node.text or "")
        elif node.tag == f"{W}tab":
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def _cell_text(cell: Any) -> str:
    return "\n".join(_text(p) for p in cell.iter(f"{W}p")).strip()


def _cells(row: Any) -> list[Any]:
    found = []
    for child in row:
        if child.tag == f"{W}tc":
            found.append(child)
        elif child.tag == f"{W}sdt":  # a content control around cells
            found.extend(child.iter(f"{W}tc"))
    return found


def _rows(table: Any) -> list[Any]:
    found = []
    for child in table:
        if child.tag == f"{W}tr":
            found.append(child)
        elif child.tag == f"{W}sdt":
            found.extend(c for c in child.iter(f"{W}tr"))
    return found


def _count(element: Any, path: str, default: int) -> int:
    """A small count Word writes as w:val (columns spanned, grid columns skipped), kept
    within what a real table holds: a hostile value cannot make rows of millions."""
    found = element.find(path)
    try:
        value = int(found.get(f"{W}val", default)) if found is not None else default
    except ValueError:
        return default
    return max(0, min(64, value))


def _merges_down(cell: Any) -> bool:
    """Whether the cell continues a vertical merge (its text is the cell above's)."""
    merge = cell.find(f"{W}tcPr/{W}vMerge")
    return merge is not None and merge.get(f"{W}val", "continue") == "continue"


def _table(element: Any) -> Table:
    rows: list[list[str]] = []
    continued: set[tuple[int, int]] = set()
    for r, row in enumerate(_rows(element)):
        texts = [""] * _count(row, f"{W}trPr/{W}gridBefore", 0)
        for cell in _cells(row):
            column = len(texts)
            if _merges_down(cell) and r > 0:
                above = rows[r - 1]
                texts.append(above[column] if column < len(above) else "")
                continued.add((r, column))
            else:
                texts.append(_cell_text(cell))
            texts.extend([""] * (max(1, _count(cell, f"{W}tcPr/{W}gridSpan", 1)) - 1))
        rows.append(texts)
    return Table(rows, frozenset(continued))


def _blocks(container: Any) -> list[Block]:
    blocks: list[Block] = []
    for child in container:
        if child.tag == f"{W}p":
            style = child.find(f"{W}pPr/{W}pStyle")
            blocks.append(
                Paragraph(_text(child), style.get(f"{W}val", "") if style is not None else "")
            )
        elif child.tag == f"{W}tbl":
            blocks.append(_table(child))
        elif child.tag == f"{W}sdt":
            content = child.find(f"{W}sdtContent")
            if content is not None:
                blocks.extend(_blocks(content))
    return blocks


def _properties(name: str, data: bytes | None) -> dict[str, str]:
    if not data:
        return {}
    root = _xml(name, data)
    return {etree.QName(child).localname: (child.text or "").strip() for child in root}


def read_word_file(path: Path) -> WordFile:
    name = path.name
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _refuse(
                name,
                f"the file is {size / 1_048_576:.0f} MB; a research pack is well under 1 MB. "
                "Check that this is the right file.",
            )
        data = path.read_bytes()
    except OSError as exc:
        raise _refuse(name, f"the file could not be read ({exc.strerror or exc}).") from exc
    parts = _unpack(name, data)
    root = _xml(name, parts["word/document.xml"])
    body = root.find(f"{W}body")
    if body is None:
        raise _refuse(name, "this is not a Word document (.docx).")
    return WordFile(name, _blocks(body), _properties(name, parts.get("docProps/core.xml")))
