"""A case's timeline: what happened to it, in order, in words a coordinator reads.

Built from the case's own audit entries and a few facts about the case (the date the
referral was made, later referrals linked to it). Views and searches are left to the
audit log: the timeline is about the case, not about who looked at it. The referral form
saves itself a moment after typing stops, so a run of draft saves by one person reads as
one line with a count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.criteria import Decision

# Entries that say someone looked, not that anything happened to the case.
NOT_EVENTS = frozenset(
    {"case_viewed", "repeat_check", "register_searched", "summary_viewed", "research_viewed"}
)


@dataclass(frozen=True)
class Event:
    at: str  # ISO date or timestamp; sorts as text
    actor: str
    what: str
    detail: str = ""
    times: int = 1


def _status(value: Any) -> str:
    try:
        return CaseStatus(value).label
    except ValueError:
        return str(value)


def describe(
    action: str,
    detail: Mapping[str, Any],
    labels: Mapping[str, str],
    references: Mapping[int, str],
) -> tuple[str, str]:
    """The line for one audit entry: what happened, and the particulars."""
    what = labels.get(action, action.replace("_", " ").capitalize())
    if action == "case_status_changed":
        shown = f"{_status(detail.get('from'))} → {_status(detail.get('to'))}"
        reason = str(detail.get("reason") or "")
        return what, f"{shown}: {reason}" if reason else shown
    if action == "match_decided":
        earlier = detail.get("earlier_case_id")
        reference = references.get(earlier, "an earlier case") if isinstance(earlier, int) else ""
        try:
            decided = Decision(str(detail.get("decision"))).label
        except ValueError:
            decided = str(detail.get("decision"))
        window = " (inside the repeat window)" if detail.get("within_window") else ""
        return what, f"{reference}: {decided}{window}"
    if action in ("transfer_document_added", "transfer_document_removed"):
        reason = str(detail.get("reason") or "")
        name = str(detail.get("filename", ""))
        return what, f"{name}: {reason}" if reason else name
    if action == "transfer_document_saved":
        return what, str(detail.get("filename", ""))
    if action in ("case_listed", "case_unlisted"):
        reason = str(detail.get("reason") or "")
        meeting = f"Meeting of {detail.get('meeting_date', '?')}"
        return what, f"{meeting}: {reason}" if reason else meeting
    if action in ("research_imported", "research_recorded", "research_replaced"):
        agency = str(detail.get("agency", ""))
        return what, f"{agency}, meeting of {detail.get('meeting_date', '?')}"
    if action == "audience_narrowed":
        return what, f"{detail.get('agency', '')}: {detail.get('to', '')}"
    return what, ""


def collapse(events: Iterable[Event]) -> list[Event]:
    """Runs of the same draft save by the same person become one line with a count."""
    result: list[Event] = []
    for event in events:
        last = result[-1] if result else None
        if (
            last is not None
            and last.what == event.what
            and last.actor == event.actor
            and last.detail == event.detail
            and event.what.startswith("Referral saved")
        ):
            result[-1] = replace(event, times=last.times + event.times)
        else:
            result.append(event)
    return result


def build(
    entries: Iterable[tuple[str, str, str, Mapping[str, Any]]],
    facts: Iterable[Event],
    labels: Mapping[str, str],
    references: Mapping[int, str],
) -> list[Event]:
    """The timeline from (at, actor, action, detail) audit entries and the case's facts."""
    events = [
        Event(at, actor, *describe(action, detail, labels, references))
        for at, actor, action, detail in entries
        if action not in NOT_EVENTS
    ]
    events.extend(facts)
    # A date alone (the referral date) sorts before anything logged on the same day.
    return collapse(sorted(events, key=lambda e: e.at))
