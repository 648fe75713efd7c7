"""The referral criteria, the repeat window and eligibility, as pure functions.

Every number here comes from the MARAC's settings (`RuleSettings`); the defaults are the
national ones. Nothing in these rules blocks a referral: they say which criteria are met
and what needs checking, and the coordinator decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from marac_desk.domain.dates import add_months, age_on


@dataclass(frozen=True)
class RuleSettings:
    dash_threshold: int = 14
    escalation_incidents: int = 3
    escalation_months: int = 12
    repeat_months: int = 12
    minimum_age: int = 16


class Criterion(StrEnum):
    VISIBLE_HIGH_RISK = "visible_high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    POTENTIAL_ESCALATION = "potential_escalation"
    REPEAT = "repeat"

    @property
    def label(self) -> str:
        return CRITERION_LABELS[self]


CRITERION_LABELS = {
    Criterion.VISIBLE_HIGH_RISK: "Visible high risk",
    Criterion.PROFESSIONAL_JUDGEMENT: "Professional judgement",
    Criterion.POTENTIAL_ESCALATION: "Potential escalation",
    Criterion.REPEAT: "Repeat",
}


@dataclass(frozen=True)
class CriteriaInput:
    dash_score: int | None
    judgement_chosen: bool = False
    judgement_reason: str = ""
    incidents_in_period: int = 0
    is_repeat: bool = False


@dataclass(frozen=True)
class CriteriaResult:
    met: tuple[Criterion, ...]
    problems: tuple[str, ...]

    @property
    def eligible_on_criteria(self) -> bool:
        return bool(self.met)


def assess(given: CriteriaInput, rules: RuleSettings) -> CriteriaResult:
    """Which criteria a referral meets.

    Professional judgement only ever adds a criterion: a score at or above the
    threshold is visible high risk whatever else is chosen, so judgement cannot
    lower a high score. Judgement without a written reason is reported, not dropped.
    """
    met: list[Criterion] = []
    problems: list[str] = []
    if given.dash_score is not None and given.dash_score >= rules.dash_threshold:
        met.append(Criterion.VISIBLE_HIGH_RISK)
    if given.judgement_chosen:
        if given.judgement_reason.strip():
            met.append(Criterion.PROFESSIONAL_JUDGEMENT)
        else:
            problems.append("Professional judgement needs a written reason.")
    if given.incidents_in_period >= rules.escalation_incidents:
        met.append(Criterion.POTENTIAL_ESCALATION)
    if given.is_repeat:
        met.append(Criterion.REPEAT)
    return CriteriaResult(tuple(met), tuple(problems))


class Decision(StrEnum):
    """The coordinator's answer about one earlier case that may be the same victim."""

    SAME_PAIR = "same_pair"
    SAME_VICTIM = "same_victim"
    NOT_SAME = "not_same"

    @property
    def label(self) -> str:
        return DECISION_LABELS[self]


DECISION_LABELS = {
    Decision.SAME_PAIR: "Same victim and same perpetrator",
    Decision.SAME_VICTIM: "Same victim, different perpetrator",
    Decision.NOT_SAME: "Not the same person",
}


def confirms_repeat(decisions: Iterable[tuple[Decision, bool]]) -> bool:
    """A repeat: a confirmed same victim and same perpetrator inside the repeat window.

    Each item is (decision, earlier case still inside the window). The app never infers
    it: without the coordinator's decision, no match makes a case a repeat.
    """
    return any(decision is Decision.SAME_PAIR and within for decision, within in decisions)


def repeat_window_end(last_referral: date, rules: RuleSettings) -> date:
    """The last day on which a new referral is still a repeat of this one."""
    return add_months(last_referral, rules.repeat_months)


def is_repeat(last_referral: date, incident: date, rules: RuleSettings) -> bool:
    """A further incident within the window that starts on the date of the last referral
    (SafeLives counts a repeat from the last referral to the date of the further incident,
    not to the date the new referral was made)."""
    return last_referral <= incident <= repeat_window_end(last_referral, rules)


def counted_to(incident: date | None, referral: date | None) -> tuple[date | None, bool]:
    """The date a repeat is counted to: the incident's, or (when it is not recorded) the
    referral's, with True to say the referral date stood in for it."""
    if incident is not None:
        return incident, False
    return referral, referral is not None


def incidents_in_period(incidents: Iterable[date], referral: date, rules: RuleSettings) -> int:
    """Incidents in the escalation period that ends on the referral date."""
    start = add_months(referral, -rules.escalation_months)
    return sum(1 for day in incidents if start < day <= referral)


def window_closed_since(last_referral: date, since: date, today: date, rules: RuleSettings) -> bool:
    """Has the repeat window of a case closed on or after `since` (and before today)?

    The window's last day is still inside it, so the window has closed once today is
    past that day.
    """
    end = repeat_window_end(last_referral, rules)
    return since <= end < today


class Severity(StrEnum):
    ERROR = "error"  # cannot be right: must be corrected before the referral is complete
    CHECK = "check"  # may be right, but a person should look


@dataclass(frozen=True)
class Finding:
    field: str
    severity: Severity
    message: str
    missing: bool = False  # nothing typed yet where completion needs something


def check_dates(
    *,
    referral_date: date | None,
    today: date,
    victim_born: date | None,
    incident_date: date | None = None,
    victim_born_approx: bool = False,
    children_born: Iterable[tuple[str, date | None, bool]] = (),
    rules: RuleSettings,
) -> list[Finding]:
    """Impossible and doubtful dates on a referral, each tied to the field it concerns.

    `children_born` holds (field, date of birth or expected date, unborn) per child.
    """
    found: list[Finding] = []
    if referral_date is not None and referral_date > today:
        found.append(
            Finding("referral_date", Severity.ERROR, "The referral date is in the future.")
        )
    if incident_date is not None:
        if incident_date > today:
            found.append(
                Finding(
                    "referral.incident_date", Severity.ERROR, "The incident date is in the future."
                )
            )
        elif referral_date is not None and incident_date > referral_date:
            found.append(
                Finding(
                    "referral.incident_date",
                    Severity.ERROR,
                    "The incident date is after the referral date: enter the date of the "
                    "incident that led to this referral.",
                )
            )
    if victim_born is not None:
        if victim_born > today:
            found.append(
                Finding(
                    "victim.date_of_birth", Severity.ERROR, "The date of birth is in the future."
                )
            )
        elif referral_date is not None and referral_date < victim_born:
            found.append(
                Finding(
                    "referral_date",
                    Severity.ERROR,
                    "The referral date is before the victim's date of birth.",
                )
            )
        else:
            on = referral_date or today
            age = age_on(victim_born, on)
            if age < rules.minimum_age:
                approx = " (approximate date of birth)" if victim_born_approx else ""
                found.append(
                    Finding(
                        "victim.date_of_birth",
                        Severity.CHECK,
                        f"The victim is {age}{approx}: MARAC takes victims aged "
                        f"{rules.minimum_age} and over. Check the date or refer to the "
                        "children's safeguarding route.",
                    )
                )
            elif age > 110:
                found.append(
                    Finding(
                        "victim.date_of_birth",
                        Severity.CHECK,
                        f"The victim would be {age}: check the date of birth.",
                    )
                )
    for field_name, born, unborn in children_born:
        if born is None:
            continue
        if unborn:
            if born < today:
                found.append(
                    Finding(
                        field_name,
                        Severity.CHECK,
                        "The expected date of an unborn child has passed: record the birth.",
                    )
                )
            continue
        if born > today:
            found.append(
                Finding(
                    field_name,
                    Severity.ERROR,
                    "A child's date of birth is in the future: tick 'unborn' for an expected date.",
                )
            )
        elif victim_born is not None and born <= victim_born:
            found.append(
                Finding(
                    field_name,
                    Severity.CHECK,
                    "This child is recorded as older than the victim: check both dates.",
                )
            )
    return found
