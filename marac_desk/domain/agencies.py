"""The agency directory: who sits at the MARAC table, and whether they may receive minutes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marac_desk.domain.contact import is_email, is_phone
from marac_desk.domain.dates import parse_iso


class AgencyType(StrEnum):
    """The shipped category keys code refers to by name; the full list, with labels and
    an area's own additions, is data (domain.agency_categories)."""

    POLICE = "police"
    IDVA = "idva"
    ACUTE_HEALTH = "acute_health"
    PRIMARY_CARE = "primary_care"
    MENTAL_HEALTH = "mental_health"
    CHILDRENS_SOCIAL_CARE = "childrens_social_care"
    ADULT_SOCIAL_CARE = "adult_social_care"
    HOUSING = "housing"
    PROBATION = "probation"
    EDUCATION = "education"
    SUBSTANCE_USE = "substance_use"
    SPECIALIST_DA = "specialist_da"
    OTHER = "other"


_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{1,15}$")


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    type: str  # a category key (domain.agency_categories)
    spoc_name: str = ""
    spoc_role: str = ""
    spoc_email: str = ""
    spoc_phone: str = ""
    isa_signed_on: str = ""  # ISO date, or empty
    isa_review_on: str = ""
    export_password: str = ""  # as typed; "" when not set, or not opened for this reader
    export_password_set: bool = False  # one is stored (sealed), whether opened here or not
    active: bool = True
    id: int | None = None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"


def problems(agency: Agency) -> list[tuple[str, str]]:
    """(field, message) for everything wrong with an agency's details."""
    found: list[tuple[str, str]] = []
    if not _CODE.match(agency.code):
        found.append(
            (
                "code",
                "The code is 2 to 16 capital letters, digits, - or _, starting with a letter "
                "or digit (for example POLICE or IDVA-N).",
            )
        )
    if not agency.name.strip():
        found.append(("name", "Enter the agency's name."))
    elif len(agency.name) > 120:
        found.append(("name", "The name is at most 120 characters."))
    if agency.spoc_email and not is_email(agency.spoc_email):
        found.append(("spoc_email", "The secure email is not an email address."))
    if agency.spoc_phone and not is_phone(agency.spoc_phone):
        found.append(("spoc_phone", "Use digits, spaces and an optional leading + for the phone."))
    signed = parse_iso(agency.isa_signed_on) if agency.isa_signed_on else None
    review = parse_iso(agency.isa_review_on) if agency.isa_review_on else None
    if agency.isa_signed_on and signed is None:
        found.append(
            ("isa_signed_on", "Type the date the agreement was signed, such as 08/12/2026.")
        )
    if agency.isa_review_on and review is None:
        found.append(("isa_review_on", "Type the review date, such as 08/12/2026."))
    if signed and review and review <= signed:
        found.append(("isa_review_on", "The review date must be after the date it was signed."))
    if agency.export_password and len(agency.export_password) < 8:
        found.append(("export_password", "An export password is at least 8 characters."))
    return found


def agreement_current(agency: Agency, today: date) -> bool:
    """Signed, and not past its review date: minutes may go to this agency without an override."""
    signed = parse_iso(agency.isa_signed_on)
    review = parse_iso(agency.isa_review_on)
    return signed is not None and signed <= today and (review is None or today <= review)
