"""Reading filled-in research packs back into the vault.

A pack comes back after a day in someone's Word: rows added, paragraphs typed between
tables, formatting changed, a word in the wrong cell. What can still be understood is
read (and said in the warnings the coordinator sees before importing); what cannot is
refused with the file's name and the problem. Everything is checked before anything is
written, and one file is imported in one transaction.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
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
    audience_in_text,
    looks_like_audience,
    read_audience,
    read_known,
    read_nature,
    split_nature_prefix,
)
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError
from marac_desk.exchange import research_pack as layout
from marac_desk.exchange.pack_reading import (
    Answer,
    ImportRefusedError,
    RawPerson,
    ShareRow,
    quoted,
    read_raw,
)
from marac_desk.storage import audit, case_file, meetings, research
from marac_desk.storage.meetings import Meeting
from marac_desk.storage.research_packs import PackInfo, pack_by_token
from marac_desk.storage.vault import Vault

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
                f"{self.where}, {what}: who may read it says “{quoted(typed)}”. Write All "
                "agencies involved, MARAC record only, or Only and the agencies' names."
            )
        return found

    def restricted(
        self, body: str, audience: Audience, typed: str, what: str
    ) -> tuple[str, Audience] | None:
        """The information and who may read it, when the agency also wrote an audience
        into the information itself ("… Only IDVA service."). The narrower reading wins
        over the default; two different audiences are refused, never chosen between."""
        written = audience_in_text(body, self.directory)
        if written is None:
            return body, audience
        if written.audience is None:
            self.problems.append(
                f"{self.where}, {what}: the information says “{quoted(written.phrase)}”, "
                "which reads as who may read it but does not say it clearly (an agency not in "
                "the directory, or two different audiences). Write who may read it in the "
                "“Who may read it” column: All agencies involved, MARAC record only, or Only "
                "and the agencies' names."
            )
            return None
        if audience == written.audience:
            return written.rest, audience
        if audience != ALL_INVOLVED:
            self.problems.append(
                f"{self.where}, {what}: the information says “{quoted(written.phrase)}” but "
                f"who may read it says “{quoted(typed)}”. Correct one of them so that they agree."
            )
            return None
        self.warnings.append(
            f"{self.where}, {what}: “{quoted(written.phrase)}”, written in the information, "
            "is taken as who may read it."
        )
        return written.rest, written.audience

    def answer(self, answer: Answer, kind: ItemKind) -> list[Item]:
        items: list[Item] = []
        for number, segment in enumerate(answer.segments, start=1):
            what = kind.label.lower() + (f", added row {number - 1}" if number > 1 else "")
            item = self.segment(segment.parts, segment.audience, kind, what)
            if item is not None:
                items.append(item)
        return items

    def segment(
        self, parts: list[str], audience_text: str, kind: ItemKind, what: str
    ) -> Item | None:
        body = "\n".join(p.strip() for p in parts if p.strip())
        typed = audience_text.strip()
        if (
            typed
            and typed != layout.DEFAULT_AUDIENCE
            and not looks_like_audience(typed, self.directory)
        ):
            if not body:  # the answer was typed in the audience column
                self.warnings.append(
                    f"{self.where}, {what}: the text was typed in the “who may read it” "
                    "column and is taken as the answer, for all agencies involved."
                )
                body, typed = typed, ""
            else:
                self.audience(typed, what)
                return None
        if not body:
            return None
        audience = self.audience(typed, what)
        if audience is None:
            return None
        kept = self.restricted(body, audience, typed, what)
        if kept is None or not kept[0]:
            return None
        nature = Nature.FACT if kind is ItemKind.INVOLVEMENT else Nature.UNSTATED
        return Item(kind, kept[0], nature, kept[1])

    def share_row(self, typed_row: ShareRow, row: int) -> Item | None:
        cells = [c.strip() for c in (typed_row.info, typed_row.nature, typed_row.audience)]
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
        body = "\n".join(body_parts)
        audience = self.audience(audience_typed, what) if audience_typed else ALL_INVOLVED
        if audience is None:
            return None
        kept = self.restricted(body, audience, audience_typed, what) if body else (body, audience)
        if kept is None:
            return None
        body, audience = kept
        if not body:
            if cells[1] or (cells[2] and cells[2] != layout.DEFAULT_AUDIENCE) or cells[0]:
                self.warnings.append(f"{self.where}, {what}: no information written; row left out.")
            return None
        if nature is Nature.UNSTATED:
            nature, body = split_nature_prefix(body)
        return Item(ItemKind.SHARE, body, nature, audience)

    def person(self, person_id: int, raw: RawPerson) -> PersonResearch | None:
        items = [*self.answer(raw.involvement, ItemKind.INVOLVEMENT)]
        items += self.answer(raw.risk, ItemKind.RISK)
        for row, typed_row in enumerate(raw.share, start=1):
            item = self.share_row(typed_row, row)
            if item is not None:
                items.append(item)
        for text in raw.loose:
            kept = self.restricted(text, ALL_INVOLVED, "", "text typed outside the tables")
            if kept is None or not kept[0]:
                continue
            self.warnings.append(
                f"{self.where}: text typed outside the tables (“{quoted(text)}”) is taken as "
                "information to share, fact or opinion not stated"
                + (", for all agencies involved." if kept[1] == ALL_INVOLVED else ".")
            )
            items.append(Item(ItemKind.SHARE, kept[0], Nature.UNSTATED, kept[1]))
        items += [Item(ItemKind.HELD, text, Nature.UNSTATED) for text in raw.held]
        answer = read_known(raw.known)
        if answer is None:
            self.problems.append(
                f"{self.where}: “known to your agency” says “{quoted(raw.known)}”. Write Yes or No."
            )
            return None
        known, rest = answer
        if rest:
            kept = self.restricted(rest, ALL_INVOLVED, "", "known to your agency")
            if kept is None:
                return None
            if kept[0]:
                items.insert(0, Item(ItemKind.INVOLVEMENT, kept[0], Nature.FACT, kept[1]))
                self.warnings.append(
                    f"{self.where}: the words after “{known.label}” are taken as current "
                    "involvement."
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

    def chosen(self, replace: bool | Collection[int]) -> list[PlannedReturn]:
        """What importing takes with `replace` (see `run`): every new return, and each
        conflicting one only where replacing it was chosen."""
        return [
            r
            for r in self.returns
            if not r.replaces or replace is True or (replace and r.case_id in replace)
        ]


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _check_heading(
    filename: str,
    reference: str,
    typed: RawPerson,
    person: case_file.CasePerson,
    on_case: dict[int, case_file.CasePerson],
) -> None:
    """The heading above a Person ID table says whom the answers are about; a Person ID
    that belongs to someone else (swapped between tables) would put them on the wrong
    person. A name corrected since the pack was sent is not a mismatch; another person's
    name, or another role, is."""
    if typed.heading is None:
        return
    role, name = typed.heading
    other = next(
        (
            p
            for p in on_case.values()
            if p.person_id != person.person_id
            and p.role.label == role
            and _same_name(p.name, name)
            and not _same_name(p.name, person.name)
        ),
        None,
    )
    if role == person.role.label and other is None:
        return
    raise ImportRefusedError(
        f"{filename}: {reference}: the table under “{role}: {quoted(name)}” holds the Person "
        f"ID of the {person.role.label.lower()}, {person.name}, so the answers would be put "
        "on the wrong person. Ask the agency for the pack as it was sent, or type the "
        "research in."
    )


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
            if all(typed.blank for typed in people.values()) and not raw.loose_in_case.get(case_id):
                warnings.append(
                    f"Case MARAC-CASE-{case_id} was taken off this meeting's agenda and "
                    "nothing was filled in for it: it is left out."
                )
                continue
            raise ImportRefusedError(
                f"{name}: case MARAC-CASE-{case_id} is no longer on this meeting's agenda, but "
                "research was filled in for it. Ask the coordinator to list it again, or type "
                "the research in for the meeting it is on now."
            ) from exc
        on_case = {p.person_id: p for p in case_file.people(conn, case_id)}
        found: list[PersonResearch] = []
        for person_id, typed in people.items():
            person = on_case.get(person_id)
            if person is None:
                if typed.blank:
                    continue
                raise ImportRefusedError(
                    f"{name}: {reference}: a person asked about is no longer on the referral. "
                    "Type this agency's research for the case in instead."
                )
            _check_heading(name, reference, typed, person, on_case)
            reader = _Interpreter(directory, f"{reference}, {person.role.value} {person.name}")
            understood = reader.person(person_id, typed)
            warnings += reader.warnings
            problems += reader.problems
            if understood is not None:
                found.append(understood)
        loose = raw.loose_in_case.get(case_id, [])
        if loose and found:
            victim = next(p for p in on_case.values() if p.role.value == "victim")
            reader = _Interpreter(directory, f"{reference}, victim {victim.name}")
            extra: list[Item] = []
            for text in loose:
                kept = reader.restricted(text, ALL_INVOLVED, "", "text before the first table")
                if kept is not None and kept[0]:
                    extra.append(Item(ItemKind.SHARE, kept[0], Nature.UNSTATED, kept[1]))
            problems += reader.problems
            warnings += reader.warnings
            warnings.append(
                f"{reference}: text typed before the first person's table is taken as "
                "information to share about the victim."
            )
            found = [
                PersonResearch(p.person_id, p.known, p.items + tuple(extra))
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


@dataclass(frozen=True)
class PreviewRow:
    """One line of what an import will do: a person in a case, and what is read for them."""

    case_id: int
    reference: str
    person: str  # "Victim: Name"
    known: Known
    counts: dict[ItemKind, int]
    replaces: str  # when the return it replaces was recorded; "" for a new return


def preview(vault: Vault, planned: PlannedImport) -> list[PreviewRow]:
    """What importing `planned` would create or replace, per case and person."""
    conn = vault.conn
    rows: list[PreviewRow] = []
    for item in planned.returns:
        names = {p.person_id: p for p in case_file.people(conn, item.case_id)}
        earlier = research.current_return_row(
            conn, planned.pack.meeting_id, item.case_id, planned.agency_code
        )
        for person in item.content.people:
            who = names.get(person.person_id)
            label = f"{who.role.label}: {who.name}" if who else f"MARAC-PERSON-{person.person_id}"
            counts = {kind: len(person.of_kind(kind)) for kind in ItemKind}
            rows.append(
                PreviewRow(
                    item.case_id,
                    item.reference,
                    label,
                    person.known,
                    counts,
                    earlier[1] if earlier else "",
                )
            )
    return rows


def run(vault: Vault, planned: PlannedImport, *, replace: bool | Collection[int] = False) -> int:
    """Import a checked pack in one transaction; returns how many cases were imported.

    `replace` is True to replace every earlier return the file conflicts with, or the
    case ids whose earlier return is to be replaced: the others are left as they were and
    this file's answers for them are not imported. With False, any conflict refuses."""
    research.require_agency(vault, planned.agency_code)  # the same rule as when it was read
    if planned.conflicts and replace is False:
        names = ", ".join(r.reference for r in planned.conflicts)
        raise ImportRefusedError(
            f"{planned.path.name}: {planned.agency_code} already returned research for {names}. "
            "Choose to replace it (the earlier return is kept in the history), or leave it."
        )
    chosen = planned.chosen(replace)
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
        for item in chosen:
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
    return len(chosen)
