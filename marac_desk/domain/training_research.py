"""Fictional agency research for the training vault's coming meeting: what each kind of
agency typically returns, so a trainee can practise with a grid that is part returned,
part overdue, and summaries with something in them. Seeded, so a run repeats exactly."""

from __future__ import annotations

import random
from collections.abc import Sequence

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.research import (
    ALL_INVOLVED,
    RECORD_ONLY,
    Audience,
    Item,
    ItemKind,
    Known,
    Nature,
    PersonResearch,
    ReturnContent,
    named,
)

# The agencies asked for research at the training meeting.
TRAINING_AGENCIES = ("POLICE", "IDVA", "CSC", "HEALTH-ACUTE", "GP", "HOUSING", "EDUCATION")

# agency -> role -> (kind, nature, text). Invented, ordinary and unidentifying.
_SAYS: dict[str, dict[CaseRole, tuple[tuple[ItemKind, Nature, str], ...]]] = {
    "POLICE": {
        CaseRole.VICTIM: (
            (ItemKind.INVOLVEMENT, Nature.FACT, "Three call-outs to the address since May."),
            (ItemKind.SHARE, Nature.OPINION, "Officers noted she appeared frightened to speak."),
        ),
        CaseRole.PERPETRATOR: (
            (ItemKind.RISK, Nature.FACT, "On bail; conditions not to contact the victim."),
            (ItemKind.RISK, Nature.FACT, "Breached a non-molestation order in 2024."),
        ),
    },
    "IDVA": {
        CaseRole.VICTIM: (
            (ItemKind.INVOLVEMENT, Nature.FACT, "Allocated an IDVA after the referral; in touch."),
            (ItemKind.RISK, Nature.OPINION, "Escalation: threats to kill reported last week."),
            (ItemKind.SHARE, Nature.FACT, "Wants the locks changed and a sanctuary scheme."),
        ),
    },
    "CSC": {
        CaseRole.CHILD: (
            (ItemKind.INVOLVEMENT, Nature.FACT, "Child in need plan since September."),
            (ItemKind.SHARE, Nature.OPINION, "Social worker worried about the child's sleep."),
        ),
    },
    "HEALTH-ACUTE": {
        CaseRole.VICTIM: (
            (ItemKind.SHARE, Nature.FACT, "Two A&E attendances in three months with injuries."),
        ),
    },
    "GP": {
        CaseRole.VICTIM: (
            (ItemKind.INVOLVEMENT, Nature.FACT, "Registered; missed her last two appointments."),
        ),
        CaseRole.PERPETRATOR: (
            (ItemKind.SHARE, Nature.FACT, "Prescribed medication for low mood; alcohol noted."),
        ),
    },
    "HOUSING": {
        CaseRole.VICTIM: (
            (ItemKind.INVOLVEMENT, Nature.FACT, "Council tenant since 2021; rent arrears."),
            (ItemKind.SHARE, Nature.FACT, "Neighbours reported shouting twice in October."),
        ),
    },
    "EDUCATION": {
        CaseRole.CHILD: (
            (ItemKind.SHARE, Nature.FACT, "Attendance down to 81% this term."),
            (ItemKind.SHARE, Nature.OPINION, "Teacher reports the child is withdrawn."),
        ),
    },
}

_HELD = "Detail of an ongoing investigation: sharing it could prejudice it."


def _audience(rng: random.Random) -> Audience:
    roll = rng.random()
    if roll < 0.1:
        return RECORD_ONLY
    if roll < 0.25:
        return named("POLICE", "IDVA")
    return ALL_INVOLVED


def training_return(
    rng: random.Random, agency: str, people: Sequence[tuple[int, CaseRole]]
) -> ReturnContent:
    """What `agency` might return about a case's people: sometimes a nil return."""
    says = _SAYS.get(agency, {})
    if rng.random() < 0.25 or not any(role in says for _, role in people):
        return ReturnContent(tuple(PersonResearch(pid, Known.NO) for pid, _ in people))
    found: list[PersonResearch] = []
    for pid, role in people:
        lines = says.get(role, ())
        if not lines:
            found.append(PersonResearch(pid, Known.NO))
            continue
        items = [Item(kind, text, nature, _audience(rng)) for kind, nature, text in lines]
        if agency == "POLICE" and role is CaseRole.PERPETRATOR and rng.random() < 0.5:
            items.append(Item(ItemKind.HELD, _HELD))
        found.append(PersonResearch(pid, Known.YES, tuple(items)))
    return ReturnContent(tuple(found))
