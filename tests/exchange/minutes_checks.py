"""Reading exported minutes back as a recipient would, and as someone hunting for what
should not be there would: the text a reader shows, and every byte the file holds once
decompressed (metadata, bookmarks, XML parts)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

import docx
import msoffcrypto
from pypdf import PdfReader

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_text(content: bytes, password: str = "") -> str:
    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        assert reader.decrypt(password), "the password does not open the PDF"
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_raw(content: bytes) -> bytes:
    """The file with every compressed stream inflated: what a byte search would find."""
    parts = [content]
    for match in _STREAM.finditer(content):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            parts.append(match.group(1))
    return b"\n".join(parts)


def docx_plain(content: bytes, password: str = "") -> bytes:
    if content[:4] == b"\xd0\xcf\x11\xe0":  # an encrypted (OLE) package
        office = msoffcrypto.OfficeFile(io.BytesIO(content))
        office.load_key(password=password)
        out = io.BytesIO()
        office.decrypt(out)
        return out.getvalue()
    return content


def docx_text(content: bytes, password: str = "") -> str:
    document = docx.Document(io.BytesIO(docx_plain(content, password)))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    for section in document.sections:
        lines.extend(p.text for p in section.header.paragraphs)
        lines.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(lines)


def docx_raw(content: bytes, password: str = "") -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx_plain(content, password))) as package:
        return b"\n".join(package.read(name) for name in package.namelist())


def file_text(path: Path, password: str = "") -> str:
    content = path.read_bytes()
    if path.suffix == ".pdf":
        return pdf_text(content, password)
    return docx_text(content, password)
