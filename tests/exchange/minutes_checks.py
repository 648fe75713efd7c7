"""Reading exported minutes back as a recipient would, and as someone hunting for what
should not be there would: the text a reader shows, and every byte the file holds once
decompressed (metadata, bookmarks, XML parts)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import msoffcrypto
import pikepdf
from pypdf import PageObject, PdfReader

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_text(content: bytes, password: str = "") -> str:
    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        assert reader.decrypt(password), "the password does not open the PDF"
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def libreoffice_pdf(office: str, source: Path, folder: Path) -> bytes:
    """`source` (a DOCX) laid out and printed to PDF by LibreOffice, headless, with a
    profile of its own in `folder`."""
    import subprocess

    subprocess.run(
        [
            office,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / f"{source.stem}.pdf").read_bytes()


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


@dataclass
class Tagged:
    """One structure element of a tagged PDF, as a screen reader meets it."""

    tag: str
    text: str  # what it holds, its /ActualText if it has one
    pages: set[int]
    attributes: dict[str, str]
    kids: list[Tagged]

    def walk(self) -> Iterator[Tagged]:
        yield self
        for kid in self.kids:
            yield from kid.walk()


_SHOWS_TEXT = {"Tj", "TJ", "'", '"'}


def _marked_texts(page: PageObject) -> dict[int, str]:
    """The text of each marked-content id on a page, read as a reader reads it (pypdf)."""
    open_ids: list[int | None] = []
    texts: dict[int, list[str]] = {}

    def before(op: bytes, args: list[Any], *_: object) -> None:
        if op == b"BDC" and args[0] != "/Artifact":
            open_ids.append(int(args[1]["/MCID"]))
        elif op in (b"BDC", b"BMC"):
            open_ids.append(None)
        elif op == b"EMC":
            open_ids.pop()

    def shown(text: str, *_: object) -> None:
        if open_ids and open_ids[-1] is not None:
            texts.setdefault(open_ids[-1], []).append(text)

    page.extract_text(visitor_operand_before=before, visitor_text=shown)
    return {mcid: "".join(parts) for mcid, parts in texts.items()}


def pdf_structure(content: bytes, password: str = "") -> Tagged:
    """The structure tree of a tagged PDF, checked on the way: the file says it is tagged
    and in British English; every marked-content id of every page belongs to the element
    the parent tree names, and to no other; and no text is drawn outside marked content
    (it is either in an element or an artifact)."""
    document = pikepdf.open(io.BytesIO(content), password=password)
    root = document.Root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == "en-GB"
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    tree = root.StructTreeRoot
    nums = tree.ParentTree.Nums
    parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    page_of = {page.obj.objgen: n for n, page in enumerate(document.pages)}

    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        assert reader.decrypt(password)
    texts: dict[tuple[int, int], str] = {}
    for n, page in enumerate(reader.pages):
        texts.update({(n, mcid): text for mcid, text in _marked_texts(page).items()})

    owner: dict[tuple[int, int], object] = {}

    def read(element: pikepdf.Dictionary) -> Tagged:
        home = page_of.get(element.Pg.objgen) if "/Pg" in element else None
        kids: list[Tagged] = []
        parts: list[str] = []
        pages: set[int] = set()
        for kid in element.K:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                assert kid.P.objgen == element.objgen
                kids.append(read(kid))
                continue
            if isinstance(kid, pikepdf.Dictionary):  # a marked-content reference
                mark = (page_of[kid.Pg.objgen], int(kid.MCID))
            else:
                assert home is not None
                mark = (home, int(kid))
            assert mark not in owner, f"{mark} belongs to two elements"
            owner[mark] = element.objgen
            assert parents[mark[0]][mark[1]].objgen == element.objgen
            pages.add(mark[0])
            parts.append(texts.get(mark, ""))
        actual = str(element.ActualText) if "/ActualText" in element else None
        attributes = {str(k)[1:]: str(v)[1:] for k, v in element.get("/A", {}).items()}
        return Tagged(str(element.S)[1:], actual or "".join(parts).strip(), pages, attributes, kids)

    top = read(tree.K)
    for n, page in enumerate(document.pages):
        stack: list[str] = []
        ids: list[int] = []
        for operands, op in pikepdf.parse_content_stream(page):
            name = str(op)
            if name in ("BDC", "BMC"):
                stack.append(str(operands[0]))
                if name == "BDC" and stack[-1] != "/Artifact":
                    ids.append(int(operands[1].MCID))
            elif name == "EMC":
                stack.pop()
            elif name in _SHOWS_TEXT:
                assert stack, f"text drawn outside marked content on page {n + 1}"
        assert not stack, f"marked content left open on page {n + 1}"
        assert ids == list(range(len(ids)))
        assert all((n, i) in owner for i in ids)
        if ids:
            assert int(page.obj.StructParents) == n
    return top
