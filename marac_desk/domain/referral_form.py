"""What a referral form holds, section by section, and the rules each field must meet.

The form is described as data (sections of fields, in referral_sections) so that one
description drives the screen, the validation, storage and import. A referral is a
plain JSON-like document:

    {"referral": {...}, "victim": {...}, "perpetrators": [{...}], "children": [{...}],
     "others": [{...}], "consent": {...}, "contact": {...}, "risks": {...},
     "dash": {"answers": {"1": {"answer": "yes", ...}}, ...}, "criteria": {...}}

A draft may hold anything typed so far; `validate` says, field by field, what is missing
or wrong before the referral can be completed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from marac_desk.domain.contact import is_email, is_phone
from marac_desk.domain.criteria import Finding, RuleSettings, Severity, check_dates
from marac_desk.domain.dash import Answer, Checklist
from marac_desk.domain.dates import EXAMPLE, DateError, parse_date, parse_iso
from marac_desk.domain.referral_sections import (
    CONSENT,
    GENDERS,
    LAWFUL_GROUNDS,
    SECTION_BY_KEY,
    SECTIONS,
    WITHOUT_CONSENT,
    YES_NO,
    FieldSpec,
    Kind,
    Section,
)

# The form as data lives in referral_sections; it is named here too, where every caller
# has always found it.
__all__ = [
    "CONSENT",
    "GENDERS",
    "LAWFUL_GROUNDS",
    "SECTIONS",
    "SECTION_BY_KEY",
    "WITHOUT_CONSENT",
    "YES_NO",
    "FieldSpec",
    "Kind",
    "Section",
    "blocking",
    "field_name",
    "incident_dates",
    "people",
    "split_aliases",
    "text",
    "validate",
]


def text(doc: Mapping[str, Any], section: str, key: str, index: int | None = None) -> str:
    """A field's value as text, whatever the document holds there."""
    part = doc.get(section)
    if index is not None:
        part = part[index] if isinstance(part, list) and index < len(part) else None
    value = part.get(key) if isinstance(part, Mapping) else None
    if value is None or isinstance(value, bool):
        return "yes" if value is True else ""
    return str(value).strip()


def people(doc: Mapping[str, Any], section: str) -> list[Mapping[str, Any]]:
    value = doc.get(section)
    return [p for p in value if isinstance(p, Mapping)] if isinstance(value, list) else []


def split_aliases(value: str) -> list[str]:
    return [a.strip() for a in re.split(r"[;\n]", value) if a.strip()]


def incident_dates(doc: Mapping[str, Any]) -> tuple[list[date], list[str]]:
    """The incident dates listed on the form, and the entries that are not dates."""
    found: list[date] = []
    bad: list[str] = []
    for piece in re.split(r"[;,\n]", text(doc, "referral", "incident_dates")):
        if piece.strip():
            try:
                day = parse_date(piece)
            except DateError:
                bad.append(piece.strip())
            else:
                if day is not None:
                    found.append(day)
    return found, bad


def field_name(section: str, key: str, index: int | None = None) -> str:
    return f"{section}.{index}.{key}" if index is not None else f"{section}.{key}"


def _date_problem(value: str) -> str:
    """Why a date field's text is not a date. The fields store YYYY-MM-DD; anything else is
    what the user typed, and the reader says what is wrong with it."""
    try:
        parse_date(value)
    except DateError as error:
        return str(error)
    return f"type it as {EXAMPLE}."


def _check_field(spec: FieldSpec, value: str, where: str, complete: bool) -> Finding | None:
    if not value:
        if complete and spec.required:
            return Finding(where, Severity.ERROR, f"{spec.label} is needed.", missing=True)
        return None
    if len(value) > spec.max_length:
        return Finding(
            where, Severity.ERROR, f"{spec.label} is at most {spec.max_length} characters."
        )
    if spec.kind is Kind.DATE and parse_iso(value) is None:
        return Finding(where, Severity.ERROR, f"{spec.label}: {_date_problem(value)}")
    if spec.kind is Kind.EMAIL and not is_email(value):
        return Finding(where, Severity.ERROR, f"{spec.label}: this is not an email address.")
    if spec.kind is Kind.PHONE and not is_phone(value):
        return Finding(
            where, Severity.ERROR, f"{spec.label}: use digits, spaces and an optional leading +."
        )
    if spec.kind in (Kind.CHOICE, Kind.YES_NO) and spec.choices and value not in spec.choices:
        return Finding(where, Severity.ERROR, f"{spec.label}: choose one of the listed answers.")
    return None


def validate(
    doc: Mapping[str, Any],
    *,
    checklist: Checklist,
    rules: RuleSettings,
    today: date,
    agencies: tuple[str, ...] = (),
    complete: bool = False,
) -> list[Finding]:
    """Every problem on the form, each tied to its field.

    With `complete=False` (a draft) only what is wrong is reported; with `complete=True`
    what is missing is reported as well. Findings of severity CHECK never stop completion.
    """
    found: list[Finding] = []
    for section in SECTIONS:
        if section.repeated:
            for index, _ in enumerate(people(doc, section.key)):
                for spec in section.fields:
                    where = field_name(section.key, spec.key, index)
                    value = text(doc, section.key, spec.key, index)
                    if (problem := _check_field(spec, value, where, complete)) is not None:
                        found.append(problem)
            continue
        for spec in section.fields:
            where = field_name(section.key, spec.key)
            value = text(doc, section.key, spec.key)
            if spec.key == "referring_agency" and value and agencies and value not in agencies:
                found.append(Finding(where, Severity.ERROR, "Choose an agency from the directory."))
                continue
            if (problem := _check_field(spec, value, where, complete)) is not None:
                found.append(problem)

    consent = text(doc, "consent", "consent")
    if consent in WITHOUT_CONSENT:
        if not text(doc, "consent", "why_without_consent"):
            found.append(
                Finding(
                    "consent.why_without_consent",
                    Severity.ERROR,
                    "Say why consent was not sought or was overridden.",
                )
            )
        if not text(doc, "consent", "lawful_ground"):
            found.append(
                Finding(
                    "consent.lawful_ground",
                    Severity.ERROR,
                    "Choose the lawful ground for sharing without consent.",
                )
            )
    if text(doc, "consent", "aware") == "No" and not text(doc, "consent", "not_aware_reason"):
        found.append(
            Finding(
                "consent.not_aware_reason",
                Severity.ERROR if complete else Severity.CHECK,
                "Say why the victim is not aware of the referral.",
            )
        )
    urgent = text(doc, "referral", "urgent")
    if urgent == "Yes" and not text(doc, "referral", "urgent_reason"):
        found.append(
            Finding(
                "referral.urgent_reason",
                Severity.ERROR if complete else Severity.CHECK,
                "Say why the case is urgent: the risk now, and what cannot wait.",
            )
        )
    elif urgent != "Yes" and text(doc, "referral", "urgent_reason"):
        found.append(
            Finding(
                "referral.urgent",
                Severity.CHECK,
                "A reason for urgency is given: answer Yes to Urgent, or clear the reason.",
            )
        )
    for key, day_key, label in (
        ("offered", "offered_on", "offered"),
        ("allocated", "allocated_on", "allocated"),
    ):
        if text(doc, "idva", day_key) and text(doc, "idva", key) != "Yes":
            found.append(
                Finding(
                    f"idva.{key}",
                    Severity.ERROR,
                    f"A date is given for when an IDVA was {label}: answer Yes, or clear the date.",
                )
            )
    if text(doc, "criteria", "judgement") and not text(doc, "criteria", "judgement_reason"):
        found.append(
            Finding(
                "criteria.judgement_reason",
                Severity.ERROR,
                "Professional judgement needs a written reason.",
            )
        )
    _, bad_incidents = incident_dates(doc)
    if bad_incidents:
        found.append(
            Finding(
                "referral.incident_dates",
                Severity.ERROR,
                f"Not a date: {', '.join(bad_incidents[:3])}. Type dates such as {EXAMPLE}.",
            )
        )
    dash = doc.get("dash")
    answers = dash.get("answers", {}) if isinstance(dash, Mapping) else {}
    if isinstance(answers, Mapping):
        known = set(checklist.numbers)
        allowed = {a.value for a in Answer}
        for number, given in answers.items():
            answer = given.get("answer") if isinstance(given, Mapping) else given
            if str(number).isdigit() and int(number) in known and answer not in allowed:
                found.append(
                    Finding(
                        f"dash.{number}",
                        Severity.ERROR,
                        f"Dash question {number}: choose yes, no, don't know or not asked.",
                    )
                )
    completed_on = text(doc, "dash", "completed_on")
    if completed_on and parse_iso(completed_on) is None:
        found.append(
            Finding(
                "dash.completed_on",
                Severity.ERROR,
                f"Date the Dash was completed: {_date_problem(completed_on)}",
            )
        )
    if complete and not text(doc, "dash", "completed_on"):
        found.append(
            Finding(
                "dash.completed_on", Severity.CHECK, "The Dash date is not recorded.", missing=True
            )
        )

    children = [
        (
            field_name("children", "date_of_birth", i),
            parse_iso(text(doc, "children", "date_of_birth", i)),
            bool(text(doc, "children", "unborn", i)),
        )
        for i, _ in enumerate(people(doc, "children"))
    ]
    found.extend(
        check_dates(
            referral_date=parse_iso(text(doc, "referral", "referral_date")),
            incident_date=parse_iso(text(doc, "referral", "incident_date")),
            today=today,
            victim_born=parse_iso(text(doc, "victim", "date_of_birth")),
            victim_born_approx=bool(text(doc, "victim", "dob_approximate")),
            children_born=children,
            rules=rules,
        )
    )
    for i, _ in enumerate(people(doc, "perpetrators")):
        born = parse_iso(text(doc, "perpetrators", "date_of_birth", i))
        if born is not None and born > today:
            found.append(
                Finding(
                    field_name("perpetrators", "date_of_birth", i),
                    Severity.ERROR,
                    "The date of birth is in the future.",
                )
            )
    if complete and not people(doc, "perpetrators"):
        found.append(
            Finding(
                "perpetrators",
                Severity.CHECK,
                "No perpetrator is recorded: check the form.",
                missing=True,
            )
        )
    return found


def blocking(findings: list[Finding]) -> list[Finding]:
    """The findings that stop a referral being completed (never those that only ask a check)."""
    return [f for f in findings if f.severity is Severity.ERROR]
