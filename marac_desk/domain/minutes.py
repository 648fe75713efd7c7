"""What leaves the room: the minutes of a meeting, for the MARAC's own record or for one
agency. This is the one place that decides what each agency may read; the PDF and DOCX
writers render the document it returns and nothing else.

The rules, for an agency:
- a case appears only when the agency is involved in it (the referrer, an agency whose
  research says it knows someone in the case, an agency that shared information at the
  meeting, an action owner, the agency that informs the victim, an agency an item's
  audience names); otherwise not at all, not as a heading nor in a count;
- within a case, each thing an agency said (research, or shared at the meeting) appears
  only when its audience lets this agency read it: "all agencies involved", or a list
  that names it. "MARAC record only" and what was held back never leave the record;
- the minute-taker's notes and the attendance register are the record's only;
- the review of earlier actions lists only the agency's own actions.
Everything else about an included case (the referral, the risks agreed, the outcome,
who informs the victim, the actions) is for every agency involved in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from marac_desk.domain.actions import Action, ActionStatus
from marac_desk.domain.conference import (
    RISK_FIELDS,
    Attendance,
    Attendee,
    CaseRecord,
    SharedInfo,
    involved_agencies,
)
from marac_desk.domain.dates import uk_date
from marac_desk.domain.research import Audience, AudienceKind

FULL_RECORD = ""  # the recipient code of the MARAC's own, complete minutes
RECORD_LABEL = "MARAC record"  # what that recipient is called in files, logs and the audit


@dataclass(frozen=True)
class ResearchLine:
    """One thing an agency's research said about someone in the case."""

    agency: str
    about: str  # "Victim: HUSSAIN, Fatima", "Child: …"
    heading: str  # what kind of item: "Risks identified", …
    body: str
    audience: Audience
    held: bool = False  # held back: only its reason is kept, and only in the record


@dataclass(frozen=True)
class ReviewLine:
    """An action from an earlier meeting, as reviewed at this one."""

    reference: str
    agreed_on: date
    owner_agency: str
    owner_name: str
    text: str
    status: ActionStatus
    note: str = ""


@dataclass(frozen=True)
class CaseFacts:
    case_id: int
    reference: str
    victim: str
    referral: tuple[tuple[str, str], ...]  # label, value: referred, by, Dash score, …
    referring_agency: str
    known_to: frozenset[str]
    research: tuple[ResearchLine, ...] = ()
    shared: tuple[SharedInfo, ...] = ()
    record: CaseRecord = field(default_factory=CaseRecord)
    actions: tuple[Action, ...] = ()
    # Opened at the meeting. A case never reached goes back to wait for the next meeting:
    # the record lists it as such, and no agency's minutes carry it.
    discussed: bool = True

    @property
    def involved(self) -> frozenset[str]:
        audiences = [line.audience for line in self.research if not line.held]
        audiences += [info.audience for info in self.shared]
        named = [
            code
            for audience in audiences
            if audience.kind is AudienceKind.NAMED
            for code in audience.agencies
        ]
        return involved_agencies(
            self.referring_agency,
            self.known_to,
            self.shared,
            self.actions,
            informs=self.record.informs_agency,
            named=named,
        )


@dataclass(frozen=True)
class MeetingFacts:
    """Everything about a meeting that minutes can carry, as plain data."""

    marac_name: str
    title: str  # "Tuesday 1 December 2026, 09:30"
    where: str  # the venue, or "Online"
    chair: str
    minute_taker: str
    marking: str  # OFFICIAL-SENSITIVE, a setting
    statement: str  # the confidentiality statement read at the meeting
    names: Mapping[str, str]  # agency code → name, from the directory
    attendees: tuple[Attendee, ...] = ()
    review: tuple[ReviewLine, ...] = ()
    cases: tuple[CaseFacts, ...] = ()
    # Cases whose 12 months since their last referral passed since the meeting before:
    # (reference, victim, last referred on), as the agenda noticed them.
    reaching: tuple[tuple[str, str, str], ...] = ()

    def name(self, code: str) -> str:
        return self.names.get(code, code) if code else ""

    def recipient(self, code: str) -> str:
        """Whom a document is for: an agency's name, or the MARAC's own record."""
        return RECORD_LABEL if code == FULL_RECORD else self.name(code)


# -- the document --------------------------------------------------------------------


class BlockKind(StrEnum):
    HEADING = "heading"  # level 1 (the title) to 4 (a part of a case)
    PARAGRAPH = "paragraph"
    FIELDS = "fields"  # label and value pairs
    TABLE = "table"  # first row is the header


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""
    level: int = 0
    rows: tuple[tuple[str, ...], ...] = ()

    @property
    def words(self) -> str:
        """All the text the block holds, for searching and checks."""
        return "\n".join([self.text, *("\t".join(row) for row in self.rows)])


@dataclass(frozen=True)
class Minutes:
    recipient: str  # agency code, or FULL_RECORD
    recipient_name: str
    marking: str
    title: str
    blocks: tuple[Block, ...]

    @property
    def text(self) -> str:
        return "\n".join(block.words for block in self.blocks)


def heading(text: str, level: int) -> Block:
    return Block(BlockKind.HEADING, text, level)


def paragraph(text: str) -> Block:
    return Block(BlockKind.PARAGRAPH, text)


def fields(pairs: Iterable[tuple[str, str]]) -> Block:
    return Block(BlockKind.FIELDS, rows=tuple((label, value) for label, value in pairs if value))


def table(header: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> Block:
    return Block(BlockKind.TABLE, rows=(header, *rows))


# -- who may read what -----------------------------------------------------------------


def may_read(audience: Audience, agency: str, involved: frozenset[str]) -> bool:
    """Whether `agency` (a code; FULL_RECORD for the record) may read an item."""
    if agency == FULL_RECORD:
        return True
    if audience.kind is AudienceKind.RECORD:
        return False
    if audience.kind is AudienceKind.NAMED:
        return agency in audience.agencies and agency in involved
    return agency in involved


def cases_for(facts: MeetingFacts, agency: str) -> list[CaseFacts]:
    """The cases discussed whose minutes go to `agency`: those it is involved in (the
    record: every case discussed)."""
    discussed = [case for case in facts.cases if case.discussed]
    if agency == FULL_RECORD:
        return discussed
    return [case for case in discussed if agency in case.involved]


def not_reached(facts: MeetingFacts) -> list[CaseFacts]:
    """Cases on the agenda never opened at the meeting: carried to the next one."""
    return [case for case in facts.cases if not case.discussed]


def recipients(facts: MeetingFacts) -> list[str]:
    """Every agency that receives minutes of this meeting: involved in at least one case
    discussed, or owning an action reviewed at it. Sorted by name."""
    codes = {code for case in cases_for(facts, FULL_RECORD) for code in case.involved}
    codes |= {line.owner_agency.upper() for line in facts.review if line.owner_agency}
    return sorted(codes, key=lambda code: facts.name(code).lower())


# -- building the minutes ----------------------------------------------------------------


def opening(facts: MeetingFacts, agency: str, what: str) -> list[Block]:
    """The title and who, where and for whom: the same on minutes and action plans."""
    return [
        heading(f"{facts.marac_name}: {what} {facts.title}", 1),
        fields(
            (
                ("Where", facts.where),
                ("Chair", facts.chair),
                ("Minute-taker", facts.minute_taker),
                ("For", "The MARAC's own record" if agency == FULL_RECORD else facts.name(agency)),
            )
        ),
    ]


def deadline(action: Action) -> str:
    return uk_date(action.due_on, "No date")


def minutes_for(facts: MeetingFacts, agency: str = FULL_RECORD) -> Minutes:
    """The minutes `agency` receives (FULL_RECORD: the MARAC's complete record)."""
    agency = agency.upper()
    full = agency == FULL_RECORD
    blocks = opening(facts, agency, "minutes of the meeting on")
    blocks += [
        heading("Confidentiality", 2),
        paragraph(
            "These minutes are confidential. They are shared only to keep the people named "
            "in them safe, and only with the agencies entitled to them. Do not copy or pass "
            "them on except within your agency to carry out the actions agreed."
        ),
    ]
    if full:
        blocks += _attendance(facts)
    blocks += _review(facts, agency)
    chosen = cases_for(facts, agency)
    if full:
        blocks.append(heading(f"Cases discussed ({len(chosen)})", 2))
    else:
        blocks.append(heading("Cases", 2))
    if not chosen:
        blocks.append(paragraph(NONE_RECORDED))
    for case in chosen:
        blocks += _case(facts, case, agency)
    waiting = not_reached(facts)
    if full and waiting:
        blocks.append(
            heading(f"Cases not reached: carried to the next meeting ({len(waiting)})", 2)
        )
        blocks.append(table(("Case", "Victim"), ((c.reference, c.victim) for c in waiting)))
    if full and facts.reaching:
        blocks.append(heading("Cases reaching 12 months", 2))
        blocks.append(table(("Case", "Victim", "Last referral"), facts.reaching))
    return Minutes(
        agency,
        facts.recipient(agency),
        facts.marking,
        f"{facts.marac_name} minutes, {facts.title}",
        tuple(blocks),
    )


NONE_RECORDED = "None recorded."


def _attendance(facts: MeetingFacts) -> list[Block]:
    present = [a for a in facts.attendees if a.status is Attendance.PRESENT]
    apologies = [a for a in facts.attendees if a.status is Attendance.APOLOGIES]
    blocks = [heading("Attendance", 2)]
    if present:
        blocks.append(
            table(
                ("Agency", "Name", "Role", "Agreed to the confidentiality statement"),
                (
                    (a.organisation, a.name, a.role.label, "Yes" if a.agreed else "No")
                    for a in present
                ),
            )
        )
    else:
        blocks.append(paragraph(NONE_RECORDED))
    if apologies:
        blocks.append(heading("Apologies", 3))
        blocks.append(
            table(
                ("Agency", "Information sent instead"),
                ((a.organisation, "Yes" if a.info_sent else "No") for a in apologies),
            )
        )
    if facts.statement:
        blocks += [heading("Confidentiality statement read at the meeting", 3)]
        blocks.append(paragraph(facts.statement))
    return blocks


def _review(facts: MeetingFacts, agency: str) -> list[Block]:
    lines = [
        line
        for line in facts.review
        if agency == FULL_RECORD or line.owner_agency.upper() == agency
    ]
    if not lines:
        return []
    return [
        heading("Review of outstanding actions", 2),
        table(
            ("Case", "Agreed", "Owner", "Action", "Status", "Note"),
            (
                (
                    line.reference,
                    uk_date(line.agreed_on),
                    _owner(facts, line.owner_agency, line.owner_name),
                    line.text,
                    line.status.label,
                    line.note,
                )
                for line in lines
            ),
        ),
    ]


def _owner(facts: MeetingFacts, code: str, person: str) -> str:
    agency = facts.name(code) or "No agency"
    return f"{agency}: {person}" if person else agency


def _case(facts: MeetingFacts, case: CaseFacts, agency: str) -> list[Block]:
    full = agency == FULL_RECORD
    involved = case.involved
    blocks = [
        heading(f"{case.reference}: {case.victim}", 3),
        fields(case.referral),
    ]
    research = [
        line
        for line in case.research
        if (full or not line.held) and may_read(line.audience, agency, involved)
    ]
    shared = [s for s in case.shared if may_read(s.audience, agency, involved)]
    if research or shared:
        blocks.append(heading("Information shared", 4))
        rows = [
            (
                facts.name(line.agency),
                line.about,
                ("Held back: " if line.held else f"{line.heading}: ") + line.body,
            )
            for line in research
        ]
        rows += [(facts.name(s.agency_code), "At the meeting", s.body) for s in shared]
        blocks.append(table(("Agency", "About", "What was shared"), rows))
    record = case.record
    risks = [(label, getattr(record, name)) for name, label in RISK_FIELDS]
    if any(value for _, value in risks):
        blocks.append(heading("Risks", 4))
        blocks.append(fields(risks))
    blocks.append(heading("Outcome", 4))
    blocks.append(
        fields(
            (
                ("Risk level agreed", record.risk_level.label),
                ("Informs the victim", _owner(facts, record.informs_agency, record.informs_person)),
            )
        )
    )
    if full and record.notes:
        blocks.append(heading("Minute-taker's notes", 4))
        blocks.append(paragraph(record.notes))
    if case.actions:
        blocks.append(heading("Actions", 4))
        blocks.append(
            table(
                ("Owner agency", "Owner", "Deadline", "Action", "Status"),
                (
                    (
                        facts.name(a.owner_agency) or "No agency",
                        a.owner_name,
                        deadline(a),
                        a.text,
                        a.status.label,
                    )
                    for a in case.actions
                ),
            )
        )
    return blocks
