"""Action plans: the tasks a meeting agreed, for agencies that need only their own tasks.

An agency's plan lists the actions it owns from this meeting, soonest deadline first,
with the case each belongs to, and the earlier actions it still owes. It never carries
another agency's action: the owner of an action is involved in its case, so nothing here
goes beyond what that agency's minutes would carry. The MARAC's own plan lists every
case's actions, case by case.
"""

from __future__ import annotations

from datetime import date

from marac_desk.domain.actions import Action
from marac_desk.domain.dates import uk_date
from marac_desk.domain.minutes import (
    FULL_RECORD,
    Block,
    CaseFacts,
    MeetingFacts,
    Minutes,
    deadline,
    heading,
    opening,
    paragraph,
    table,
)

_NO_DATE = date.max


def action_plan_for(facts: MeetingFacts, agency: str = FULL_RECORD) -> Minutes:
    """The action plan `agency` receives (FULL_RECORD: every case's actions)."""
    agency = agency.upper()
    full = agency == FULL_RECORD
    blocks = opening(facts, agency, "action plan from the meeting on")
    blocks += [
        paragraph(
            "Confidential. Each action was agreed at the meeting to keep the people named "
            "safe. Carry it out by its deadline and record how it went: it is reviewed at "
            "the next meeting."
        ),
    ]
    blocks += _per_case(facts) if full else _own(facts, agency)
    return Minutes(
        agency,
        facts.recipient(agency),
        facts.marking,
        f"{facts.marac_name} action plan, {facts.title}",
        tuple(blocks),
    )


def _per_case(facts: MeetingFacts) -> list[Block]:
    blocks: list[Block] = []
    for case in facts.cases:
        if not case.actions or not case.discussed:
            continue
        blocks.append(heading(f"{case.reference}: {case.victim}", 2))
        blocks.append(
            table(
                ("Owner agency", "Owner", "Deadline", "Action"),
                (
                    (facts.name(a.owner_agency) or "No agency", a.owner_name, deadline(a), a.text)
                    for a in case.actions
                ),
            )
        )
    if not blocks:
        blocks.append(paragraph("The meeting agreed no actions."))
    return blocks


def _own(facts: MeetingFacts, agency: str) -> list[Block]:
    mine: list[tuple[CaseFacts, Action]] = [
        (case, action)
        for case in facts.cases
        if case.discussed
        for action in case.actions
        if action.owner_agency.upper() == agency
    ]
    mine.sort(key=lambda pair: (pair[1].due_on or _NO_DATE, pair[0].reference))
    blocks: list[Block] = [heading("Actions from this meeting", 2)]
    if mine:
        blocks.append(
            table(
                ("Deadline", "Case", "Owner", "Action"),
                (
                    (deadline(a), f"{case.reference}: {case.victim}", a.owner_name, a.text)
                    for case, a in mine
                ),
            )
        )
    else:
        blocks.append(paragraph("The meeting gave this agency no new actions."))
    owed = [
        line
        for line in facts.review
        if line.owner_agency.upper() == agency and line.status.outstanding
    ]
    if owed:
        blocks.append(heading("Earlier actions still outstanding", 2))
        blocks.append(
            table(
                ("Agreed", "Case", "Owner", "Action", "Status"),
                (
                    (
                        uk_date(line.agreed_on),
                        line.reference,
                        line.owner_name,
                        line.text,
                        line.status.label,
                    )
                    for line in owed
                ),
            )
        )
    return blocks
