"""The conference: attendance, what is recorded about each case, and the check before
the meeting is closed. Pure rules; the vault keeps the record (`storage.conference`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from marac_desk.domain.actions import Action
from marac_desk.domain.research import ALL_INVOLVED, Audience

MAX_TEXT = 20_000  # one note or risk summary: generous, but a paste of a whole file is refused
MAX_NAME = 200


class AttendeeRole(StrEnum):
    MEMBER = "member"
    OBSERVER = "observer"

    @property
    def label(self) -> str:
        return "Member" if self is AttendeeRole.MEMBER else "Observer"


class Attendance(StrEnum):
    EXPECTED = "expected"  # on the register, not marked yet
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"  # did not come and sent no apologies

    @property
    def label(self) -> str:
        return {
            "expected": "Not marked yet",
            "present": "Present",
            "apologies": "Apologies",
            "absent": "Absent, no apologies",
        }[self.value]


@dataclass(frozen=True)
class Attendee:
    attendee_id: int
    agency_code: str  # "" for someone from outside the directory
    organisation: str  # the agency's name, or what the attendee gave
    name: str = ""
    role: AttendeeRole = AttendeeRole.MEMBER
    status: Attendance = Attendance.EXPECTED
    info_sent: bool = False
    agreed: bool = False
    expected: bool = True

    @property
    def present(self) -> bool:
        return self.status is Attendance.PRESENT

    @property
    def flag(self) -> str:
        """What needs the coordinator's attention about this attendee, or ''."""
        if self.present and not self.agreed:
            return "Not agreed to the statement"
        if self.present and not self.name.strip():
            return "No name recorded"
        return ""


def attendee_problems(attendee: Attendee) -> list[str]:
    problems: list[str] = []
    if not attendee.agency_code and not attendee.organisation.strip():
        problems.append("Say which agency or organisation the attendee is from.")
    if attendee.present and not attendee.name.strip():
        problems.append("Give the name of the person attending.")
    if len(attendee.name) > MAX_NAME or len(attendee.organisation) > MAX_NAME:
        problems.append(f"Keep names under {MAX_NAME} characters.")
    if attendee.agreed and not attendee.present:
        problems.append("Only someone present can agree to the confidentiality statement.")
    if attendee.info_sent and attendee.status is not Attendance.APOLOGIES:
        problems.append("Information sent instead is recorded with apologies.")
    return problems


class RiskLevel(StrEnum):
    UNSET = ""
    HIGH = "high"
    MEDIUM = "medium"
    STANDARD = "standard"

    @property
    def label(self) -> str:
        return {
            "": "Not agreed yet",
            "high": "High",
            "medium": "Medium",
            "standard": "Standard",
        }[self.value]


RISK_FIELDS = (
    ("risk_victim", "Risk to the victim"),
    ("risk_children", "Risk to children"),
    ("risk_adults", "Risk to adults at risk"),
    ("risk_perpetrator", "Risk from the perpetrator"),
)


@dataclass(frozen=True)
class CaseRecord:
    """What the meeting records about one case (information shared and actions apart)."""

    notes: str = ""
    risk_victim: str = ""
    risk_children: str = ""
    risk_adults: str = ""
    risk_perpetrator: str = ""
    risk_level: RiskLevel = RiskLevel.UNSET
    informs_agency: str = ""  # who tells the victim the outcome (usually the IDVA)
    informs_person: str = ""
    seconds: int = 0

    @property
    def has_outcome(self) -> bool:
        return self.risk_level is not RiskLevel.UNSET and bool(self.informs_agency)


def record_text(record: CaseRecord) -> str:
    """The record as plain text, every part labelled: to compare two versions or to keep
    one that could not be saved."""
    parts = [f"Notes:\n{record.notes}"]
    parts += [f"{label}:\n{getattr(record, name)}" for name, label in RISK_FIELDS]
    parts.append(f"Risk level: {record.risk_level.value or 'not set'}")
    informs = " ".join(p for p in (record.informs_agency, record.informs_person) if p)
    parts.append(f"Tells the victim the outcome: {informs or 'not chosen'}")
    return "\n\n".join(parts)


def record_problems(record: CaseRecord, directory: Mapping[str, str]) -> list[str]:
    problems: list[str] = []
    for name, label in (("notes", "The notes"), *RISK_FIELDS):
        if len(getattr(record, name)) > MAX_TEXT:
            problems.append(f"{label} are longer than {MAX_TEXT:,} characters: shorten them.")
    if record.informs_agency and record.informs_agency.upper() not in directory:
        problems.append(
            f"{record.informs_agency} is not in the agency directory: choose an agency from it."
        )
    if len(record.informs_person) > MAX_NAME:
        problems.append(f"Keep the name under {MAX_NAME} characters.")
    if record.seconds < 0:
        problems.append("Time spent cannot be negative.")
    return problems


@dataclass(frozen=True)
class SharedInfo:
    """Information one agency shared at the meeting about the case."""

    agency_code: str
    body: str
    audience: Audience = ALL_INVOLVED
    info_id: int | None = None


def shared_problems(info: SharedInfo, directory: Mapping[str, str]) -> list[str]:
    from marac_desk.domain.research import audience_problem

    problems: list[str] = []
    if info.agency_code.upper() not in directory:
        problems.append("Choose the agency that shared this from the directory.")
    if not info.body.strip():
        problems.append("Write what was shared.")
    if len(info.body) > MAX_TEXT:
        problems.append(f"Keep it under {MAX_TEXT:,} characters.")
    problem = audience_problem(info.audience, directory)
    if problem:
        problems.append(problem)
    return problems


def involved_agencies(
    referring_agency: str,
    known_to: Iterable[str],
    shared: Iterable[SharedInfo],
    actions: Iterable[Action],
    *,
    informs: str = "",
    named: Iterable[str] = (),
) -> frozenset[str]:
    """The agencies involved in a case: the referrer, every agency whose research says it
    knows someone in the case, every agency that shared information about it at the
    meeting, every agency given an action, the agency that informs the victim (it must
    learn the outcome to tell her), and every agency an item's audience names (it was
    meant to read it). "All agencies involved" means these."""
    codes = {referring_agency, *known_to, informs, *named}
    codes |= {s.agency_code for s in shared}
    codes |= {a.owner_agency for a in actions}
    return frozenset(c.upper() for c in codes if c)


# -- closing --------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """One thing the close check found: what, and where to go to put it right."""

    part: str  # "Attendance", a case reference, "Review of outstanding actions"
    text: str
    case_id: int | None = None


def close_check(
    statement_read: bool,
    attendees: Iterable[Attendee],
    cases: Iterable[tuple[int, str, CaseRecord | None]],
    actions: Iterable[tuple[str, Action]],
) -> list[Missing]:
    """Everything missing from the record, in agenda order. The coordinator may still
    close with items listed (they are kept with the record), but sees each first.

    `cases`: (case id, reference, its record or None when never opened);
    `actions`: (case reference, action) for the actions agreed at this meeting.
    """
    missing: list[Missing] = []
    if not statement_read:
        missing.append(Missing("Attendance", "The confidentiality statement is not marked read."))
    for a in attendees:
        if a.status is Attendance.EXPECTED:
            missing.append(Missing("Attendance", f"{a.organisation}: attendance not marked."))
        elif a.present and not a.agreed:
            who = f"{a.name} ({a.organisation})" if a.name else a.organisation
            missing.append(
                Missing("Attendance", f"{who} has not agreed to the confidentiality statement.")
            )
    for case_id, reference, record in cases:
        if record is None:
            missing.append(Missing(reference, "Not discussed: nothing recorded.", case_id))
            continue
        if record.risk_level is RiskLevel.UNSET:
            missing.append(Missing(reference, "No risk level agreed.", case_id))
        if not record.informs_agency:
            missing.append(Missing(reference, "Nobody named to inform the victim.", case_id))
    for reference, action in actions:
        for warning in action.gaps():
            missing.append(Missing(reference, f"Action “{action.short}”: {warning}"))
    return missing
