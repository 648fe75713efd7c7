"""People and cases: the core that referrals, meetings and minutes build on."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class CaseRole(StrEnum):
    """A person's role in one case, always stated, never inferred."""

    VICTIM = "victim"
    PERPETRATOR = "perpetrator"
    CHILD = "child"
    OTHER = "other"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    "victim": "Victim",
    "perpetrator": "Perpetrator",
    "child": "Child",
    "other": "Other household member",
}


class CaseStatus(StrEnum):
    DRAFT = "draft"
    ACCEPTED = "accepted"
    LISTED = "listed"
    HEARD = "heard"
    DECLINED = "declined"
    RETURNED = "returned"
    TRANSFERRED_OUT = "transferred_out"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]


STATUS_LABELS = {
    CaseStatus.DRAFT: "Draft",
    CaseStatus.ACCEPTED: "Accepted",
    CaseStatus.LISTED: "Listed for a meeting",
    CaseStatus.HEARD: "Heard",
    CaseStatus.DECLINED: "Declined",
    CaseStatus.RETURNED: "Returned for more information",
    CaseStatus.TRANSFERRED_OUT: "Transferred out",
}


@dataclass(frozen=True)
class PersonDetails:
    surname: str
    forenames: str = ""
    date_of_birth: date | None = None
    dob_approximate: bool = False
    gender: str = ""

    @property
    def display_name(self) -> str:
        return f"{self.surname.upper()}, {self.forenames}".strip().rstrip(",")


@dataclass(frozen=True)
class NewCase:
    reference: str
    status: CaseStatus
    people: list[tuple[CaseRole, PersonDetails]] = field(default_factory=list)


@dataclass(frozen=True)
class RegisterRow:
    case_id: int
    reference: str
    status: CaseStatus
    victim: str
    children: int
    created_at: str
    victim_dob: str = ""
    is_repeat: bool = False
    transfer_from: str = ""
    last_referral_on: str = ""
    referring_agency: str = ""
    dash_score: int | None = None
