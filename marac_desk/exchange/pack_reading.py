"""What a filled-in Word research pack says, as typed, before anything is understood.

The reader walks the document in order. A line MARAC-CASE-n starts a case; a person's
heading ("Perpetrator: Name") starts a person, and the Person ID table under it says who.
Every table after that belongs to that person until the next heading, so a table whose
Person ID table was deleted is refused rather than read onto the person above it, and a
Person ID that does not match its heading is caught when the pack is checked against the
vault (`research_import`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from marac_desk.domain.cases import ROLE_LABELS
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import research_pack as layout
from marac_desk.exchange.docx_reader import Paragraph, Table, read_word_file
from marac_desk.exchange.research_pack import DEFAULT_AUDIENCE

_DASH = "[-\u2010\u2011\u2012\u2013\u2014]"
PACK_ID = re.compile(rf"MARAC{_DASH}PACK{_DASH}([0-9A-Fa-f]{{12}})\b")
MEETING_ID = re.compile(rf"MARAC{_DASH}MEETING{_DASH}([0-9A-Fa-f]{{16}})\b")
CASE_ID = re.compile(rf"MARAC{_DASH}CASE{_DASH}(\d+)\b")
PERSON_ID = re.compile(rf"MARAC{_DASH}PERSON{_DASH}(\d+)\b")
PERSON_HEADING = re.compile(
    r"^(" + "|".join(re.escape(label) for label in ROLE_LABELS.values()) + r")\s*:\s*(.*)$"
)
_OUR_HEADINGS = re.compile(r"^(Case \d+ of \d+:|Case ID:)")
_ABOUT_LABELS = {
    label.lower()
    for label in (
        layout.PERSON_ID_LABEL,
        "Search details",
        layout.KNOWN_LABEL,
        layout.INVOLVEMENT_LABEL,
        layout.RISK_LABEL,
    )
}


class ImportRefusedError(MaracDeskError):
    """A pack that cannot be imported; the message names the file and the problem."""


def quoted(text: str, limit: int = 60) -> str:
    """Typed text shown inside a message: on one line, and short."""
    clean = " ".join(text.split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


@dataclass
class Segment:
    """Text typed for one question in one or more rows that share who may read it."""

    parts: list[str] = field(default_factory=list)
    audience: str = ""


@dataclass
class Answer:
    """One question's rows. A row added under it with its own "who may read it" starts a
    segment of its own, so it is never merged into an item with a wider audience."""

    segments: list[Segment] = field(default_factory=list)

    def start(self, audience: str) -> Segment:
        segment = Segment(audience=audience)
        self.segments.append(segment)
        return segment


@dataclass(frozen=True)
class ShareRow:
    info: str
    nature: str
    audience: str


@dataclass
class RawPerson:
    """What the file says about one person, as typed (not yet understood)."""

    heading: tuple[str, str] | None = None  # (role label, name) as the heading says
    known: str = ""
    involvement: Answer = field(default_factory=Answer)
    risk: Answer = field(default_factory=Answer)
    share: list[ShareRow] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # paragraphs typed outside the tables
    tables: set[str] = field(default_factory=set)  # which of the person's tables were read

    @property
    def blank(self) -> bool:
        """Nothing typed for this person at all."""
        typed = [
            self.known,
            *self.held,
            *self.loose,
            *(p for a in (self.involvement, self.risk) for s in a.segments for p in s.parts),
            *(r.info + r.nature for r in self.share),
            *(r.audience for r in self.share if r.audience.strip() != DEFAULT_AUDIENCE),
        ]
        return not any(text.strip() for text in typed)


@dataclass
class RawPack:
    filename: str
    token: str = ""
    meeting_uid: str = ""
    agency_code: str = ""
    property_token: str = ""
    cases: dict[int, dict[int, RawPerson]] = field(default_factory=dict)
    loose_in_case: dict[int, list[str]] = field(default_factory=dict)


class _Reader:
    def __init__(self, filename: str) -> None:
        self.pack = RawPack(filename)
        self.case: int | None = None
        self.person: RawPerson | None = None
        self.person_id = 0  # the id of `person`, when there is one
        self.heading: tuple[str, str] | None = None  # a person's heading not yet matched
        self.last: Answer | None = None

    def refuse(self, why: str) -> ImportRefusedError:
        return ImportRefusedError(f"{self.pack.filename}: {why}")

    def enter_case(self, case_id: int) -> None:
        self.case = case_id
        self.pack.cases.setdefault(case_id, {})
        self.person = None
        self.heading = None
        self.last = None

    def enter_person(self, person_id: int) -> RawPerson:
        if self.case is None:
            raise self.refuse(
                "a person's table is not under any case: the lines starting MARAC-CASE- "
                "were removed. Import the pack as it was sent, or type the research in."
            )
        people = self.pack.cases[self.case]
        if person_id in people:
            raise self.refuse(
                f"MARAC-PERSON-{person_id} appears twice under case MARAC-CASE-{self.case}, "
                "so which answers are about whom cannot be told. Ask the agency for the pack "
                "as it was sent, or type the research in."
            )
        self.person = people[person_id] = RawPerson(heading=self.heading)
        self.person_id = person_id
        self.heading = None
        self.last = None
        return self.person

    def paragraph(self, block: Paragraph) -> None:
        text = " ".join(block.text.split())
        case = CASE_ID.search(text)
        if case:
            self.enter_case(int(case.group(1)))
            return
        person = PERSON_ID.search(text)
        if person:
            self.enter_person(int(person.group(1)))
            return
        heading = PERSON_HEADING.match(text)
        if heading and self.case is not None and block.style.startswith("Heading"):
            # A new person starts here: what follows is not about the person above.
            self.heading = (heading.group(1), heading.group(2))
            self.person = None
            self.last = None
            return
        if not text or self.case is None or _OUR_HEADINGS.match(text):
            return
        if self.person is not None:
            self.person.loose.append(block.text.strip())
        elif self.heading is None:
            self.pack.loose_in_case.setdefault(self.case, []).append(block.text.strip())
        else:
            raise self.refuse(
                f"under “{self.heading[0]}: {quoted(self.heading[1])}” text was typed where "
                "the person's Person ID table should be, and that table was removed, so "
                "whom it is about cannot be told. Ask the agency for the pack as it was "
                "sent, or type the research in."
            )

    def table(self, block: Table) -> None:
        flat = " ".join(" ".join(r) for r in block.rows)
        if PACK_ID.search(flat) or MEETING_ID.search(flat):
            self.details(block)
            return
        first = (block.rows[0][0] if block.rows and block.rows[0] else "").lower()
        kind = (
            "share"
            if first.startswith("information to share")
            else "held"
            if first.startswith("information held")
            else ""
        )
        person = PERSON_ID.search(flat)
        if person and not kind:
            self.about(self.enter_person(int(person.group(1))), block)
            return
        if self.case is None:
            return  # a table before the first case that is not ours: nothing to read
        labels = {row[0].strip().lower() for row in block.rows if row}
        if not kind and labels & _ABOUT_LABELS:
            raise self.refuse(
                f"a person's table under case MARAC-CASE-{self.case} has lost its Person ID "
                "row, so whom it is about cannot be told. Ask the agency for the pack as it "
                "was sent, or type the research in."
            )
        target = self.person
        if target is None:
            if any(cell.strip() for row in block.rows for cell in row):
                whose = (
                    f"“{self.heading[0]}: {quoted(self.heading[1])}”"
                    if self.heading
                    else f"case MARAC-CASE-{self.case}"
                )
                raise self.refuse(
                    f"a table under {whose} has lost its Person ID table, so whom it is "
                    "about cannot be told. Ask the agency for the pack as it was sent, or "
                    "type the research in."
                )
            return
        owner = PERSON_ID.search(" ".join(block.rows[0])) if kind else None
        if owner and int(owner.group(1)) != self.person_id:
            raise self.refuse(
                f"the “{block.rows[0][0].splitlines()[0]}” table for MARAC-PERSON-"
                f"{owner.group(1)} is under MARAC-PERSON-{self.person_id}'s table, so "
                "its answers would be put on the wrong person. Ask the agency for the pack as "
                "it was sent, or type the research in."
            )
        if kind:
            if kind in target.tables:
                raise self.refuse(
                    f"MARAC-PERSON-{self.person_id} has two "
                    f"“{block.rows[0][0].splitlines()[0]}” "
                    "tables: the next person's Person ID table may have been deleted, so "
                    "whom the second is about cannot be told. Ask the agency for the pack as "
                    "it was sent, or type the research in."
                )
            target.tables.add(kind)
        start = 1 if kind else 0
        for r in range(start, len(block.rows)):
            row = [
                "" if (r, c) in block.continued and c == 0 else text
                for c, text in enumerate(block.rows[r])
            ]
            if kind == "held":
                text = "\n".join(c for c in row if c.strip())
                if text.strip():
                    target.held.append(text)
                continue
            cells = [*row, "", "", ""][: max(3, len(row))]
            target.share.append(ShareRow(cells[0], cells[1], " ".join(cells[2:])))

    def details(self, block: Table) -> None:
        for row in block.rows:
            text = " ".join(row)
            if m := PACK_ID.search(text):
                self.pack.token = m.group(1).upper()
            if m := MEETING_ID.search(text):
                self.pack.meeting_uid = m.group(1).upper()
            if row and row[0].strip().lower() == "agency" and len(row) > 1:
                self.pack.agency_code = row[1].split("(")[0].strip().upper()

    def about(self, person: RawPerson, block: Table) -> None:
        segment: Segment | None = None
        for r, row in enumerate(block.rows):
            if not row:
                continue
            # A label merged down over added rows covers them: they continue its answer.
            label = "" if (r, 0) in block.continued else row[0].strip().lower()
            body_cells = row[1:-1] if len(row) >= 3 else row[1:]
            audience = row[-1] if len(row) >= 3 else ""
            body = [
                text
                for c, text in enumerate(body_cells, start=1)
                if (r, c) not in block.continued and text.strip()
            ]
            if label.startswith(("person id", "search details")):
                continue
            if label.startswith("known to your agency"):
                person.known = "\n".join(
                    c for c in row[1:] if c.strip() and c.strip().lower() != "who may read it"
                )
                self.last = segment = None
                continue
            if label.startswith(("current involvement", "involvement", "history")):
                self.last = person.involvement
                segment = self.last.start(audience)
            elif label.startswith("risk"):
                self.last = person.risk
                segment = self.last.start(audience)
            elif label:
                # A row someone added with a label of their own: keep its words.
                person.loose.append("\n".join(c for c in row if c.strip()))
                continue
            elif self.last is None or segment is None:
                if body:
                    person.loose.append("\n".join(body))
                continue
            elif audience.strip() and " ".join(audience.split()) != " ".join(
                segment.audience.split()
            ):
                # An added row with its own audience is an item of its own.
                segment = self.last.start(audience)
            segment.parts.extend(body)


def read_raw(path: Path) -> RawPack:
    """What a pack file says, as typed; refuses files that are not a readable pack."""
    document = read_word_file(path)
    reader = _Reader(document.name)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            reader.paragraph(block)
        else:
            reader.table(block)
    identifier = document.properties.get("identifier", "")
    if m := PACK_ID.search(identifier):
        reader.pack.property_token = m.group(1).upper()
    return reader.pack
