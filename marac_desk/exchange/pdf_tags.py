"""Tagged PDF: the structure tree that tells a screen reader, and a reader's navigation
pane, what each piece of a page is (ISO 32000-1, 14.7 and 14.8).

reportlab draws pages but writes no structure of its own, so marac-desk adds it while
drawing. Each paragraph outside a table is wrapped in a marked-content sequence (`/H1`
to `/H4` for headings, `/P` for text) and each table cell in `/TH` or `/TD`, under
`/TR` rows and a `/Table`. Everything else drawn (cell shading and rules, the marking
and footer on every page, the header row repeated on a continuation page) is an
`/Artifact`, so a reader reads it once or not at all. When the pages are written the
structure becomes a `/StructTreeRoot` with its parent tree, each page gets its
`/StructParents` key, and the catalogue says the file is marked.

A paragraph or table row split across pages stays one element: the parts share a key, and
the element holds the marked content of each page it falls on. Text in a right-to-left
script is drawn in visual order, so its element carries the text as written in
`/ActualText` for whatever reads it aloud."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFObject, PDFString
from reportlab.platypus import Flowable, Paragraph, Table

# Right-to-left scripts, as pdf.py shapes them.
RTL = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")

Mark = tuple[int, int]  # (page index, marked-content id on that page)


@dataclass(eq=False)
class Element:
    """A structure element: its kids are elements and the marked content it holds."""

    tag: str
    kids: list[Element | Mark] = field(default_factory=list)
    attributes: dict[str, Any] = field(default_factory=dict)
    actual_text: str | None = None
    alt: str | None = None  # a figure's words, read in place of its drawing


class Structure:
    """What has been drawn, as structure elements in reading order, and which element
    each marked-content id of each page belongs to."""

    def __init__(self) -> None:
        self.document = Element("Document")
        self.in_table = False
        self._keyed: dict[object, Element] = {}
        self._marks: dict[int, list[Element]] = {}  # page index -> element of each MCID

    def element(self, key: object, tag: str, parent: Element, **attributes: Any) -> Element:
        """The element for `key`, made and placed under `parent` the first time."""
        found = self._keyed.get(key)
        if found is None:
            found = self._keyed[key] = Element(tag, attributes=attributes)
            parent.kids.append(found)
        return found

    def begin(self, canvas: Any, element: Element) -> None:
        page = canvas.getPageNumber() - 1
        marks = self._marks.setdefault(page, [])
        mcid = len(marks)
        marks.append(element)
        element.kids.append((page, mcid))
        canvas._code.append(f"/{element.tag} <</MCID {mcid}>> BDC")

    @staticmethod
    def begin_artifact(canvas: Any, kind: str = "") -> None:
        props = f" <</Type /Pagination /Subtype /{kind}>> BDC" if kind else " BMC"
        canvas._code.append(f"/Artifact{props}")

    @staticmethod
    def end(canvas: Any) -> None:
        canvas._code.append("EMC")

    def marks_on(self, page: int) -> bool:
        return page in self._marks

    # -- writing --------------------------------------------------------------------

    def write(self, document: Any, page_names: list[str]) -> None:
        """Add the structure tree to reportlab's document before it is formatted.
        `page_names` are reportlab's names of the pages, in order."""
        elements = self._elements()
        names = {id(e): _Ref(f"StructElem{n}") for n, e in enumerate(elements)}
        root = _Written(["<< /Type /StructTreeRoot /K ", names[id(self.document)]])
        root.pieces.append(" /ParentTree << /Nums [")
        for page in sorted(self._marks):
            root.pieces.append(f" {page} [")
            for element in self._marks[page]:
                root.pieces += [names[id(element)], " "]
            root.pieces.append("]")
        root.pieces.append(f"] >> /ParentTreeNextKey {len(page_names)} >>")
        pages = [_Ref(name) for name in page_names]
        document.Reference(root, "StructTreeRoot")
        parents = {id(self.document): _Ref("StructTreeRoot")}
        for element in elements:
            for kid in element.kids:
                if isinstance(kid, Element):
                    parents[id(kid)] = names[id(element)]
            written = _element(element, parents[id(element)], names, pages)
            document.Reference(written, names[id(element)].name)
        document.Catalog.StructTreeRoot = root
        document.Catalog.MarkInfo = PDFDictionary({"Marked": "true"})

    def _elements(self) -> list[Element]:
        out: list[Element] = []
        stack = [self.document]
        while stack:
            element = stack.pop()
            out.append(element)
            stack.extend(k for k in reversed(element.kids) if isinstance(k, Element))
        return out


@dataclass(frozen=True)
class _Ref:
    """A reference to an object reportlab knows by this name."""

    name: str


class _Written(PDFObject):  # type: ignore[misc]  # reportlab is untyped
    """A PDF object written straight from its pieces, references filled in when the file
    is formatted. reportlab's general dictionaries cost more, for the thousands of
    elements of a long set of minutes, than drawing all its pages."""

    def __init__(self, pieces: list[str | _Ref | PDFObject]) -> None:
        self.pieces = pieces

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        out: list[bytes] = []
        for piece in self.pieces:
            if isinstance(piece, str):
                out.append(piece.encode("ascii"))
            elif isinstance(piece, _Ref):
                out.append(b"%d %d R" % numbers[piece.name])
            else:
                out.append(piece.format(document))
        return b"".join(out)


def _element(element: Element, parent: _Ref, names: dict[int, _Ref], pages: list[_Ref]) -> _Written:
    marks = [k for k in element.kids if not isinstance(k, Element)]
    home = marks[0][0] if marks else None
    pieces: list[str | _Ref | PDFObject] = [f"<< /Type /StructElem /S /{element.tag} /P ", parent]
    pieces.append(" /K [")
    for kid in element.kids:
        if isinstance(kid, Element):
            pieces += [names[id(kid)], " "]
        elif kid[0] == home:
            pieces.append(f"{kid[1]} ")
        else:  # content on a later page than the element's first
            pieces += ["<< /Type /MCR /Pg ", pages[kid[0]], f" /MCID {kid[1]} >> "]
    pieces.append("]")
    if home is not None:
        pieces += [" /Pg ", pages[home]]
    if element.attributes:
        pairs = " ".join(f"/{k} /{v}" for k, v in element.attributes.items())
        pieces.append(f" /A << {pairs} >>")
    if element.actual_text is not None:
        pieces += [" /ActualText ", PDFString(element.actual_text)]
    if element.alt is not None:
        pieces += [" /Alt ", PDFString(element.alt)]
    pieces.append(" >>")
    return _Written(pieces)


def structure_of(canvas: Any) -> Structure | None:
    """The structure being recorded on this canvas, if it records one."""
    found: Structure | None = getattr(canvas, "marac_structure", None)
    return found


_keys = itertools.count()


class TaggedParagraph(Paragraph):  # type: ignore[misc]  # reportlab is untyped
    """A paragraph that marks itself as `tag` when drawn on the page, and as nothing
    inside a table cell (the cell is the element there). `source` is the text as the
    user wrote it, kept for `/ActualText` when it is drawn reordered."""

    tag = "P"
    source = ""
    _wrapped_for: float | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        # A table measures each cell several times as it works out row heights, splits
        # across pages and draws; breaking a sentence into lines was most of a PDF's
        # time. The lines depend on the width alone (and on the style, which is fixed),
        # so a second call at the same width keeps the lines the first one broke (unless
        # a split has since thrown them away).
        if availWidth == self._wrapped_for and "blPara" in self.__dict__:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(availWidth, availHeight)
        self._wrapped_for = availWidth if size[1] != 0x7FFFFFFF else None
        return size

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        structure = structure_of(canvas)
        if structure is None or structure.in_table:
            super().drawOn(canvas, x, y, _sW)
            return
        if not hasattr(self, "key"):
            self.key = next(_keys)
        element = structure.element(self.key, self.tag, structure.document)
        if RTL.search(self.source):
            element.actual_text = self.source
        structure.begin(canvas, element)
        super().drawOn(canvas, x, y, _sW)
        structure.end(canvas)

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) > 1:  # the parts are one paragraph to a reader
            if not hasattr(self, "key"):
                self.key = next(_keys)
            for part in parts:
                part.key, part.tag, part.source = self.key, self.tag, self.source
        return parts


def _cell_source(value: Any) -> str:
    items = value if isinstance(value, (list, tuple)) else [value]
    return "\n".join(str(getattr(i, "source", i)) for i in items)


def _table_event(table: TaggedTable, event: str, *args: Any) -> None:
    """reportlab's drawing callback for a table (its `renderCB`): everything the table
    draws is artifact (shading, rules) except the cells, each its own marked content."""
    canvas = table.canv
    structure = structure_of(canvas)
    if structure is None:
        return
    if event == "startTable":
        structure.in_table = True
        structure.begin_artifact(canvas)
    elif event == "endTable":
        structure.end(canvas)
        structure.in_table = False
    elif event == "startCell":
        row, repeated = table.row_keys[args[0]]
        if not repeated:  # a header row repeated on a continuation page stays artifact
            cell = table.cell_element(structure, row, args[1], _cell_source(args[2]))
            structure.end(canvas)
            structure.begin(canvas, cell)
            table.open_cell = True
    elif event == "endCell" and table.open_cell:
        structure.end(canvas)
        structure.begin_artifact(canvas)
        table.open_cell = False


class TaggedTable(Table):  # type: ignore[misc]  # reportlab is untyped
    """A table whose cells become `/TH` and `/TD` elements. Each row knows which row of
    the whole table it is, across splits: `row_keys` holds (row of the whole table,
    whether this copy is a repeated header)."""

    header_rows = 0
    label_column = False
    open_cell = False

    def __init__(self, data: Any, **kwargs: Any) -> None:
        kwargs.setdefault("renderCB", _table_event)
        super().__init__(data, **kwargs)
        self.key: object = next(_keys)
        self.row_keys: list[tuple[int, bool]] = [(r, False) for r in range(len(data))]

    def _splitRows(self, availHeight: float, doInRowSplit: int = 0) -> list[Any]:  # noqa: N802, N803
        parts: list[Any] = super()._splitRows(availHeight, doInRowSplit)
        if len(parts) == 2:
            first, rest = parts
            repeated = rest.repeatRows if isinstance(rest.repeatRows, int) else 0
            own = len(rest._cellvalues) - repeated
            first.row_keys = self.row_keys[: len(first._cellvalues)]
            rest.row_keys = [(k, True) for k, _ in self.row_keys[:repeated]]
            rest.row_keys += self.row_keys[len(self.row_keys) - own :]
            for part in parts:
                part.key, part.header_rows = self.key, self.header_rows
                part.label_column = self.label_column
        return parts

    def cell_element(self, structure: Structure, row: int, column: int, text: str) -> Element:
        whole = structure.element(self.key, "Table", structure.document)
        tr = structure.element((self.key, row), "TR", whole)
        key = (self.key, row, column)
        if row < self.header_rows:
            cell = structure.element(key, "TH", tr, O="Table", Scope="Column")
        elif column == 0 and self.label_column:
            cell = structure.element(key, "TH", tr, O="Table", Scope="Row")
        else:
            cell = structure.element(key, "TD", tr)
        if RTL.search(text):
            cell.actual_text = text
        return cell


class TaggedFigure(Flowable):  # type: ignore[misc]  # reportlab is untyped
    """A drawing (a chart) marked as a `/Figure` whose `/Alt` says in words what it shows."""

    def __init__(self, drawing: Any, alt: str) -> None:
        super().__init__()
        self.drawing = drawing
        self.alt = alt
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return self.width, self.height

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        structure = structure_of(canvas)
        if structure is None:
            self.drawing.drawOn(canvas, x, y)
            return
        element = structure.element(next(_keys), "Figure", structure.document)
        element.alt = self.alt
        structure.begin(canvas, element)
        self.drawing.drawOn(canvas, x, y)
        structure.end(canvas)
