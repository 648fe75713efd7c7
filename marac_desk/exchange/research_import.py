"""Reading filled-in research packs back into the vault.

A pack comes back after a day in someone's Word: rows added, paragraphs typed between
tables, formatting changed, a word in the wrong cell. What can still be understood is
read (and said in the warnings the coordinator sees before importing); what cannot is
refused with the file's name and the problem. Everything is checked before anything is
written, and one file is imported in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from marac_desk.domain.research import (
    ALL_INVOLVED,
    Audience,
    Item,
    ItemKind,
    Known,
    Nature,
    PersonResearch,
    ReturnContent,
    Source,
)
from marac_desk.domain.research_text import (
    looks_like_audience,
    read_audience,
    read_known,
    read_nature,
    split_nature_prefix,
)
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError
from marac_desk.exchange import research_pack as layout
from marac_desk.exchange.docx_reader import Paragraph, Table, read_word_file
from marac_desk.storage import audit, case_file, meetings, research
from marac_desk.storage.meetings import Meeting
from marac_desk.storage.research_packs import PackInfo, pack_by_token
from marac_desk.storage.vault import Vault

_DASH = "[-\u2010\u2011\u2012\u2013\u2014]"
PACK_ID = re.compile(rf"MARAC{_DASH}PACK{_DASH}([0-9A-Fa-f]{{12}})\b")
MEETING_ID = re.compile(rf"MARAC{_DASH}MEETING{_DASH}([0-9A-Fa-f]{{16}})\b")
CASE_ID = re.compile(rf"MARAC{_DASH}CASE{_DASH}(\d+)\b")
PERSON_ID = re.compile(rf"MARAC{_DASH}PERSON{_DASH}(\d+)\b")
_OUR_HEADINGS = re.compile(
    r"^(Case \d+ of \d+:|(Victim|Perpetrator|Child|Other household member):|Case ID:)"
)


class ImportRefusedError(MaracDeskError):
    """A pack that cannot be imported; the message names the file and the problem."""


@dataclass
class _Cell:
    """Text typed for one question, and who may read it."""

    parts: list[str] = field(default_factory=list)
    audience: str = ""


@dataclass
class RawPerson:
    """What the file says about one person, as typed (not yet understood)."""

    known: str = ""
    involvement: _Cell = field(default_factory=_Cell)
    risk: _Cell = field(default_factory=_Cell)
    share: list[tuple[str, str, str]] = field(default_factory=list)  # text, nature, audience
    held: list[str] = field(default_factory=list)
    loose: list[str] = field(default_factory=list)  # paragraphs typed outside the tables


@dataclass
class RawPack:
    filename: str
    token: str = ""
    meeting_uid: str = ""
    agency_code: str = ""
    property_token: str = ""
    cases: dict[int, dict[int, RawPerson]] = field(default_factory=dict)
    loose_in_case: dict[int, list[str]] = field(default_factory=dict)


def _row_text(row: list[str]) -> str:
    return " ".join(row)


class _Reader:
    def __init__(self, filename: str) -> None:
        self.pack = RawPack(filename)
        self.case: int | None = None
        self.person: RawPerson | None = None
        self.last: _Cell | None = None

    def refuse(self, why: str) -> ImportRefusedError:
        return ImportRefusedError(f"{self.pack.filename}: {why}")

    def enter_case(self, case_id: int) -> None:
        self.case = case_id
        self.pack.cases.setdefault(case_id, {})
        self.person = None
        self.last = None

    def enter_person(self, person_id: int) -> RawPerson:
        if self.case is None:
            raise self.refuse(
                "a person's table is not under any case: the lines starting MARAC-CASE- "
                "were removed. Import the pack as it was sent, or type the research in."
            )
        self.person = self.pack.cases[self.case].setdefault(person_id, RawPerson())
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
        if not text or self.case is None or _OUR_HEADINGS.match(text):
            return
        if self.person is not None:
            self.person.loose.append(block.text.strip())
        else:
            self.pack.loose_in_case.setdefault(self.case, []).append(block.text.strip())

    def table(self, block: Table) -> None:
        flat = " ".join(_row_text(r) for r in block.rows)
        if PACK_ID.search(flat) or MEETING_ID.search(flat):
            self.details(block)
            return
        person = PERSON_ID.search(flat)
        if person:
            self.about(self.enter_person(int(person.group(1))), block)
            return
        if self.case is None:
            return  # a table before the first case that is not ours: nothing to read
        first = (block.rows[0][0] if block.rows and block.rows[0] else "").lower()
        target = self.person
        if target is None:
            if any(cell.strip() for row in block.rows for cell in row):
                raise self.refuse(
                    f"a table under case MARAC-CASE-{self.case} is not under any person: "
                    "its person's identifier was removed."
                )
            return
        rows = (
            block.rows[1:]
            if first.startswith(("information to share", "information held"))
            else block.rows
        )
        if first.startswith("information held"):
            for row in rows:
                text = "\n".join(c for c in row if c.strip())
                if text.strip():
                    target.held.append(text)
            return
        for row in rows:
            cells = [*row, "", "", ""][: max(3, len(row))]
            target.share.append((cells[0], cells[1], " ".join(cells[2:])))

    def details(self, block: Table) -> None:
        for row in block.rows:
            text = _row_text(row)
            if m := PACK_ID.search(text):
                self.pack.token = m.group(1).upper()
            if m := MEETING_ID.search(text):
                self.pack.meeting_uid = m.group(1).upper()
            if row and row[0].strip().lower() == "agency" and len(row) > 1:
                self.pack.agency_code = row[1].split("(")[0].strip().upper()

    def about(self, person: RawPerson, block: Table) -> None:
        for row in block.rows:
            if not row:
                continue
            label = row[0].strip().lower()
            rest = list(row[1:])
            if label.startswith("person id") or label.startswith("search details"):
                continue
            if label.startswith("known to your agency"):
                answer = [c for c in rest if c.strip() and c.strip().lower() != "who may read it"]
                person.known = "\n".join(answer)
                self.last = None
                continue
            if label.startswith(("current involvement", "involvement", "history")):
                self.last = person.involvement
            elif label.startswith("risk"):
                self.last = person.risk
            elif label:
                # A row someone added with a label of their own: keep its words.
                person.loose.append("\n".join(c for c in row if c.strip()))
                continue
            if self.last is None:
                if any(c.strip() for c in rest):
                    person.loose.append("\n".join(c for c in rest if c.strip()))
                continue
            # The last cell is who may read it, when it reads as an audience.
            if len(rest) >= 2:
                self.last.audience = rest[-1] if not self.last.audience else self.last.audience
                body = rest[:-1]
            else:
                body = rest
            self.last.parts.extend(c for c in body if c.strip())


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


# -- understanding what was typed ---------------------------------------------------


class _Interpreter:
    """Turns one person's typed answers into research items, collecting what had to be
    read generously (warnings) and what cannot be read at all (problems)."""

    def __init__(self, directory: dict[str, str], where: str) -> None:
        self.directory = directory
        self.where = where
        self.warnings: list[str] = []
        self.problems: list[str] = []

    def audience(self, typed: str, what: str) -> Audience | None:
        found = read_audience(typed, self.directory)
        if found is None:
            self.problems.append(
                f"{self.where}, {what}: who may read it says “{typed.strip()}”. Write All "
                "agencies involved, MARAC record only, or Only and the agencies' names."
            )
        return found

    def field(self, cell: _Cell, kind: ItemKind) -> list[Item]:
        body = "\n".join(p.strip() for p in cell.parts if p.strip())
        typed = cell.audience.strip()
        if (
            typed
            and typed != layout.DEFAULT_AUDIENCE
            and not looks_like_audience(typed, self.directory)
        ):
            if not body:  # the answer was typed in the audience column
                self.warnings.append(
                    f"{self.where}, {kind.label.lower()}: the text was typed in the “who may "
                    "read it” column and is taken as the answer, for all agencies involved."
                )
                return [Item(kind, typed, Nature.UNSTATED, ALL_INVOLVED)]
            self.audience(typed, kind.label.lower())
            return []
        if not body:
            return []
        audience = self.audience(typed, kind.label.lower()) or ALL_INVOLVED
        nature = Nature.FACT if kind is ItemKind.INVOLVEMENT else Nature.UNSTATED
        return [Item(kind, body, nature, audience)]

    def share_row(self, info: str, nature_text: str, audience_text: str, row: int) -> Item | None:
        cells = [c.strip() for c in (info, nature_text, audience_text)]
        if not any(cells) or cells == ["", "", layout.DEFAULT_AUDIENCE]:
            return None
        what = f"information to share, row {row}"
        body_parts: list[str] = []
        nature = Nature.UNSTATED
        audience_typed = ""
        for column, text in enumerate(cells):
            if not text:
                continue
            read = read_nature(text)
            if read is not None and read is not Nature.UNSTATED:
                nature = read
            elif column > 0 and looks_like_audience(text, self.directory):
                audience_typed = text
            elif column == 2 and cells[0]:
                self.audience(text, what)  # an audience that cannot be read: refuse
                return None
            else:
                if column > 0:
                    self.warnings.append(
                        f"{self.where}, {what}: text in the "
                        f"“{layout.SHARE_HEADER[column]}” column is taken as the information."
                    )
                body_parts.append(text)
        if not body_parts:
            if cells[1] or (cells[2] and cells[2] != layout.DEFAULT_AUDIENCE):
                self.warnings.append(f"{self.where}, {what}: no information written; row left out.")
            return None
        body = "\n".join(body_parts)
        if nature is Nature.UNSTATED:
            nature, body = split_nature_prefix(body)
        audience = self.audience(audience_typed, what) if audience_typed else ALL_INVOLVED
        return Item(ItemKind.SHARE, body, nature, audience or ALL_INVOLVED)

    def person(self, person_id: int, raw: RawPerson) -> PersonResearch | None:
        items = [*self.field(raw.involvement, ItemKind.INVOLVEMENT)]
        items += self.field(raw.risk, ItemKind.RISK)
        for row, (info, nature, audience) in enumerate(raw.share, start=1):
            item = self.share_row(info, nature, audience, row)
            if item is not None:
                items.append(item)
        for text in raw.loose:
            self.warnings.append(
                f"{self.where}: text typed outside the tables (“{_short(text)}”) is taken as "
                "information to share, for all agencies involved, fact or opinion not stated."
            )
            items.append(Item(ItemKind.SHARE, text, Nature.UNSTATED, ALL_INVOLVED))
        items += [Item(ItemKind.HELD, text, Nature.UNSTATED) for text in raw.held]
        answer = read_known(raw.known)
        if answer is None:
            self.problems.append(
                f"{self.where}: “known to your agency” says “{_short(raw.known)}”. Write Yes or No."
            )
            return None
        known, rest = answer
        if rest:
            items.insert(0, Item(ItemKind.INVOLVEMENT, rest, Nature.FACT, ALL_INVOLVED))
            self.warnings.append(
                f"{self.where}: the words after “{known.label}” are taken as current involvement."
            )
        shared = [i for i in items if i.kind is not ItemKind.HELD]
        if known is Known.UNANSWERED and shared:
            known = Known.YES
            self.warnings.append(
                f"{self.where}: “known to your agency” was left empty but information was "
                "given, so the person is taken as known."
            )
        if known is Known.UNANSWERED and not items:
            return None
        return PersonResearch(person_id, known, tuple(items))


def _short(text: str, limit: int = 60) -> str:
    clean = " ".join(text.split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


# -- checking against the vault and importing ------------------------------------------


@dataclass(frozen=True)
class PlannedReturn:
    case_id: int
    reference: str
    content: ReturnContent
    replaces: bool  # a current return from this agency is already held


@dataclass(frozen=True)
class PlannedImport:
    path: Path
    pack: PackInfo
    meeting: Meeting
    agency_code: str
    agency_name: str
    returns: list[PlannedReturn]
    warnings: list[str]
    source_note: str = ""  # the file's name unless this says more
    # A sealed return: (file id, kind, signer's fingerprint), so it is never taken twice.
    received: tuple[str, str, str] | None = None

    @property
    def conflicts(self) -> list[PlannedReturn]:
        return [r for r in self.returns if r.replaces]


def _changed(filename: str) -> ImportRefusedError:
    return ImportRefusedError(
        f"{filename}: the pack's identifiers were changed, so its answers cannot be matched "
        "to cases safely. Ask the agency for the pack as it was sent, or type the research in."
    )


def plan(vault: Vault, path: Path, meeting_id: int | None = None) -> PlannedImport:
    """Read and check one pack completely; nothing is written. A sealed research return
    file is opened and checked by `research_exchange.plan_return`."""
    from marac_desk.exchange import research_exchange

    if research_exchange.is_sealed_file(path):
        return research_exchange.plan_return(vault, path, meeting_id)
    if not vault.may(Permission.EDIT_CASES):
        vault.require(Permission.ENTER_OWN_AGENCY_RESEARCH)
    raw = read_raw(path)
    name = raw.filename
    if not raw.token or not raw.meeting_uid or not raw.agency_code:
        raise ImportRefusedError(
            f"{name}: this is not a research pack from marac-desk, or its “Pack details” "
            "table was removed. Import the pack as it was sent, or type the research in."
        )
    if raw.property_token and raw.property_token != raw.token:
        raise _changed(name)
    conn = vault.conn
    pack = pack_by_token(conn, raw.token)
    if pack is None:
        raise ImportRefusedError(
            f"{name}: this pack (MARAC-PACK-{raw.token}) was not made by this vault. It may "
            "belong to another MARAC, or come from a training vault."
        )
    if pack.sealed:
        raise ImportRefusedError(
            f"{name}: this pack was sent as a sealed research request, so only the agency's "
            "research return file (.marac) is imported for it."
        )
    meeting = meetings.read(conn, pack.meeting_id)
    if meeting.uid != raw.meeting_uid or pack.agency_code.upper() != raw.agency_code:
        raise _changed(name)
    if meeting_id is not None and meeting_id != pack.meeting_id:
        raise ImportRefusedError(
            f"{name}: this pack is for the meeting on {meeting.details.title}, not the one "
            "you are importing into."
        )
    agency = pack.agency_code.upper()
    try:
        research.require_agency(vault, agency)
        research.research_meeting(conn, pack.meeting_id)
    except MaracDeskError as exc:
        raise ImportRefusedError(f"{name}: {exc}") from exc
    directory = research.directory(conn)
    warnings: list[str] = []
    problems: list[str] = []
    planned: list[PlannedReturn] = []
    for case_id, people in raw.cases.items():
        if case_id not in pack.contents or not set(people) <= set(pack.contents[case_id]):
            raise _changed(name)
        try:
            reference = research.on_agenda(conn, pack.meeting_id, case_id)
        except ValidationError as exc:
            raise ImportRefusedError(
                f"{name}: case MARAC-CASE-{case_id} is no longer on this meeting's agenda."
            ) from exc
        on_case = {p.person_id: p for p in case_file.people(conn, case_id)}
        found: list[PersonResearch] = []
        for person_id, typed in people.items():
            person = on_case.get(person_id)
            if person is None:
                raise ImportRefusedError(
                    f"{name}: {reference}: a person asked about is no longer on the referral. "
                    "Type this agency's research for the case in instead."
                )
            reader = _Interpreter(directory, f"{reference}, {person.role.value} {person.name}")
            understood = reader.person(person_id, typed)
            warnings += reader.warnings
            problems += reader.problems
            if understood is not None:
                found.append(understood)
        loose = raw.loose_in_case.get(case_id, [])
        if loose and found:
            victim = next(p for p in on_case.values() if p.role.value == "victim")
            warnings.append(
                f"{reference}: text typed before the first person's table is taken as "
                "information to share about the victim, for all agencies involved."
            )
            extra = tuple(Item(ItemKind.SHARE, text, Nature.UNSTATED) for text in loose)
            found = [
                PersonResearch(p.person_id, p.known, p.items + extra)
                if p.person_id == victim.person_id
                else p
                for p in found
            ]
        if not found:
            continue  # nothing filled in for this case: it is not returned yet
        content = ReturnContent(tuple(found))
        try:
            research.validate(conn, pack.meeting_id, case_id, content)
        except ValidationError as exc:
            problems.append(str(exc))
            continue
        existing = research.current_return_row(conn, pack.meeting_id, case_id, agency)
        planned.append(PlannedReturn(case_id, reference, content, existing is not None))
    if problems:
        raise ImportRefusedError(f"{name}: " + " ".join(dict.fromkeys(problems)))
    if not planned:
        raise ImportRefusedError(f"{name}: nothing has been filled in for any case yet.")
    return PlannedImport(
        path, pack, meeting, agency, directory.get(agency, agency), planned, warnings
    )


def run(vault: Vault, planned: PlannedImport, *, replace: bool = False) -> int:
    """Import a checked pack in one transaction; returns how many cases were imported."""
    research.require_agency(vault, planned.agency_code)  # the same rule as when it was read
    if planned.conflicts and not replace:
        names = ", ".join(r.reference for r in planned.conflicts)
        raise ImportRefusedError(
            f"{planned.path.name}: {planned.agency_code} already returned research for {names}. "
            "Choose to replace it (the earlier return is kept in the history), or leave it."
        )
    with vault.transaction() as conn:
        if planned.received is not None:
            file_id, kind, signer = planned.received
            if conn.execute(
                "SELECT 1 FROM exchange_received WHERE file_id = ?", (file_id,)
            ).fetchone():
                raise ImportRefusedError(
                    f"{planned.path.name}: this file was imported a moment ago: nothing more "
                    "was changed."
                )
            conn.execute(
                "INSERT INTO exchange_received (file_id, kind, sender_fingerprint, file_name, "
                "received_at, received_by) VALUES (?, ?, ?, ?, ?, ?)",
                (file_id, kind, signer, planned.path.name, audit.now_iso(), vault.actor),
            )
        for item in planned.returns:
            research.write_return(
                vault,
                conn,
                meeting_id=planned.pack.meeting_id,
                case_id=item.case_id,
                agency_code=planned.agency_code,
                content=item.content,
                source=Source.PACK,
                source_note=planned.source_note or planned.path.name,
                pack_id=planned.pack.pack_id,
                replace=item.replaces,
            )
    return len(planned.returns)
