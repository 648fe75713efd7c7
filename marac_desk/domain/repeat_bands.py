"""How sure a repeat candidate is, in words a coordinator can act on.

A score alone hid what mattered: the same name with a clearly different date of birth
scored the threshold, and twins (same surname and date of birth, another forename)
scored near 100. Bands are decided by what agrees and what does not, never by the score
alone, and the score only orders candidates within a band.
"""

from __future__ import annotations

from enum import StrEnum

from marac_desk.domain.names import DobAgreement, PersonMatch

# The name must be this close for "likely": the same name, or one slip or spelling away.
LIKELY_NAME = 85.0
# Dates of birth that confirm: the same, day and month swapped, or one slip within the
# year. An approximate date, or a year one digit apart, cannot tell two people apart.
_DOB_AGREES = frozenset({DobAgreement.SAME, DobAgreement.SWAPPED, DobAgreement.ONE_DIGIT})


class Band(StrEnum):
    LIKELY = "likely"
    POSSIBLY = "possibly"
    NAME_ONLY = "name_only"

    @property
    def label(self) -> str:
        return {
            "likely": "Likely the same person",
            "possibly": "Possibly the same person",
            "name_only": "Same or similar name, other details differ",
        }[self.value]

    @property
    def rank(self) -> int:
        return {"likely": 0, "possibly": 1, "name_only": 2}[self.value]


def band(match: PersonMatch) -> Band:
    """Likely: a close name and a date of birth that agrees, with no word of the name
    plainly another. A different date of birth, or another forename beside the same
    surname and date of birth (twins, sisters), is never better than "other details
    differ". Anything else shown (a date of birth not known for both or approximate, a
    looser name) is "possibly"."""
    if match.dob == DobAgreement.DIFFERENT or match.differs is not None:
        return Band.NAME_ONLY
    if match.dob in _DOB_AGREES and match.name.score >= LIKELY_NAME:
        return Band.LIKELY
    return Band.POSSIBLY
