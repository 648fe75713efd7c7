"""Distribution of the minutes: who is sent what, and whether an agency's
information-sharing agreement allows it. What the files are called is in `minutes_files`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marac_desk.domain.agencies import Agency, agreement_current
from marac_desk.domain.minutes import FULL_RECORD
from marac_desk.domain.minutes_files import DocumentKind


@dataclass(frozen=True)
class Recipient:
    """One agency (or the MARAC's record) on the distribution list of a meeting."""

    code: str  # FULL_RECORD for the MARAC's own record
    name: str
    kind: DocumentKind
    protected: bool  # the agency has an export password: its files are encrypted
    agreement: str  # "" when current, else why not ("No agreement recorded", …)

    @property
    def needs_override(self) -> bool:
        return bool(self.agreement)


def agreement_problem(agency: Agency | None, today: date) -> str:
    """Why minutes should not go to `agency` without an override, or "" when they may."""
    if agency is None:
        return "Not in the agency directory"
    if not agency.active:
        return "Marked inactive in the agency directory"
    if not agency.isa_signed_on:
        return "No information-sharing agreement recorded"
    if not agreement_current(agency, today):
        if agency.isa_review_on and agency.isa_review_on < today.isoformat():
            return f"Information-sharing agreement due for review since {agency.isa_review_on}"
        return f"Information-sharing agreement not in force until {agency.isa_signed_on}"
    return ""


def is_record(code: str) -> bool:
    return code == FULL_RECORD
