"""What a referral form holds, section by section, and the rules each field must meet.

The form is described as data (sections of fields) so that one description drives the
screen, the validation, storage and import. A referral is a plain JSON-like document:

    {"referral": {...}, "victim": {...}, "perpetrators": [{...}], "children": [{...}],
     "others": [{...}], "consent": {...}, "contact": {...}, "risks": {...},
     "dash": {"answers": {"1": {"answer": "yes", ...}}, ...}, "criteria": {...}}

A draft may hold anything typed so far; `validate` says, field by field, what is missing
or wrong before the referral can be completed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from marac_desk.domain.contact import is_email, is_phone
from marac_desk.domain.criteria import Finding, RuleSettings, Severity, check_dates
from marac_desk.domain.dash import Answer, Checklist
from marac_desk.domain.dates import EXAMPLE, DateError, parse_date, parse_iso
from marac_desk.domain.equality import (
    AGE_BANDS,
    EQUALITY_ACT,
    ETHNICITIES,
    IDVA_OUTCOMES,
    NOT_KNOWN,
)


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    DATE = "date"
    CHOICE = "choice"
    YES_NO = "yes_no"  # yes / no / not known
    EMAIL = "email"
    PHONE = "phone"
    FLAG = "flag"  # a tick box


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: Kind = Kind.TEXT
    required: bool = False  # needed before the referral is complete (a draft needs nothing)
    choices: tuple[str, ...] = ()
    hint: str = ""
    max_length: int = 200


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    fields: tuple[FieldSpec, ...]
    repeated: bool = False  # a list of people (perpetrators, children, others)
    intro: str = ""


YES_NO = ("Yes", "No", NOT_KNOWN)
GENDERS = ("Female", "Male", "Non-binary", "Prefer not to say", "Not known")
CONSENT = (
    "Consent given",
    "Consent given with limits",
    "Consent refused, referral made without it",
    "Consent not sought",
)
# When consent was not given, the lawful ground must be recorded (UK GDPR, DPA 2018).
LAWFUL_GROUNDS = (
    "UK GDPR Art 6(1)(e) public task, DPA 2018 Sch 1 safeguarding of individuals at risk",
    "UK GDPR Art 6(1)(d) vital interests",
    "DPA 2018 Part 3 (law enforcement processing)",
    "Crime and Disorder Act 1998 s115",
)
WITHOUT_CONSENT = (CONSENT[2], CONSENT[3])

_NAME = (
    FieldSpec("surname", "Surname", required=True, max_length=80),
    FieldSpec("forenames", "Forenames", max_length=120),
    FieldSpec(
        "aliases",
        "Aliases and other spellings",
        hint="Separate with semicolons, e.g. Leila Hasan; Layla Ahmed",
        max_length=400,
    ),
    FieldSpec("date_of_birth", "Date of birth", Kind.DATE),
    FieldSpec("dob_approximate", "Date of birth is approximate", Kind.FLAG),
    FieldSpec("gender", "Gender", Kind.CHOICE, choices=GENDERS),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "referral",
        "Referral details",
        (
            FieldSpec("referral_date", "Date of referral", Kind.DATE, required=True),
            FieldSpec(
                "incident_date",
                "Date of the incident that led to the referral",
                Kind.DATE,
                hint="A repeat is counted from the last referral to this date.",
            ),
            FieldSpec("referring_agency", "Referring agency", Kind.CHOICE, required=True),
            FieldSpec("referrer_name", "Referrer's name", required=True),
            FieldSpec("referrer_role", "Referrer's role"),
            FieldSpec("referrer_phone", "Referrer's phone", Kind.PHONE),
            FieldSpec("referrer_email", "Referrer's secure email", Kind.EMAIL),
            FieldSpec(
                "referrer_attended",
                "Referrer attended the meeting",
                Kind.YES_NO,
                choices=YES_NO,
                hint="Recorded after the meeting: the quality standards ask for it.",
            ),
            FieldSpec(
                "urgent",
                "Urgent: cannot wait for the next meeting",
                Kind.YES_NO,
                choices=("Yes", "No"),
                hint="Home lists an urgent case until it is heard.",
            ),
            FieldSpec(
                "urgent_reason",
                "Why it is urgent",
                Kind.LONG_TEXT,
                max_length=2000,
                hint="The risk now, and what cannot wait.",
            ),
            FieldSpec("manager_sign_off", "Line manager sign-off (name)"),
            FieldSpec("crime_reference", "Crime reference"),
            FieldSpec("officer_in_charge", "Officer in charge"),
            FieldSpec(
                "transfer_from",
                "Transferred in from (sending MARAC)",
                hint="Leave empty unless another MARAC sent this case.",
            ),
            FieldSpec(
                "heard_on",
                "Heard at a MARAC meeting on (from an earlier register)",
                Kind.DATE,
                hint="Only for a case heard before marac-desk kept the meetings: the data "
                "return counts it at this date.",
            ),
            FieldSpec("previous_referral", "Previous MARAC referral (date, case number, MARAC)"),
            FieldSpec(
                "reason", "Reason for referral", Kind.LONG_TEXT, required=True, max_length=4000
            ),
            FieldSpec("recent_incidents", "Recent incidents", Kind.LONG_TEXT, max_length=4000),
            FieldSpec(
                "incident_dates",
                "Dates of domestic abuse incidents in the last year",
                hint="One date per line or separated by semicolons, such as 08/12/2026.",
                max_length=600,
            ),
            FieldSpec(
                "relationship_history", "Relationship history", Kind.LONG_TEXT, max_length=4000
            ),
            FieldSpec(
                "safeguarding_in_place",
                "Safeguarding already in place",
                Kind.LONG_TEXT,
                max_length=4000,
            ),
        ),
    ),
    Section(
        "victim",
        "Victim",
        (
            *_NAME,
            FieldSpec("address", "Current address", Kind.LONG_TEXT, required=True, max_length=400),
            FieldSpec("postcode", "Postcode", max_length=10),
            FieldSpec("housing", "Housing tenure and landlord"),
            FieldSpec("phone", "Phone", Kind.PHONE),
            FieldSpec("email", "Email", Kind.EMAIL),
            FieldSpec(
                "ethnicity_category",
                "Ethnicity (2021 Census categories)",
                Kind.CHOICE,
                choices=ETHNICITIES,
                hint="As the victim describes themselves; the data return counts by it.",
            ),
            FieldSpec(
                "ethnicity",
                "Ethnicity in the victim's own words",
                hint="Optional. Referrals made before the categories keep what was written.",
            ),
            FieldSpec("first_language", "First language"),
            FieldSpec("interpreter", "Interpreter needed", Kind.YES_NO, choices=YES_NO),
            FieldSpec("religion", "Religion"),
            FieldSpec(
                "age_band",
                "Age band, when the date of birth is not known",
                Kind.CHOICE,
                choices=AGE_BANDS,
            ),
            FieldSpec("disability", "Disability", Kind.YES_NO, choices=YES_NO, hint=EQUALITY_ACT),
            FieldSpec("lgbt", "LGBT+", Kind.YES_NO, choices=YES_NO),
            FieldSpec("nationality", "Nationality and immigration status"),
            FieldSpec("relationship", "Relationship to the perpetrator", required=True),
            FieldSpec("occupation", "Occupation"),
            FieldSpec("gp", "GP"),
            FieldSpec("pregnant", "Pregnant", Kind.YES_NO, choices=YES_NO),
            FieldSpec("mental_health", "Mental health"),
            FieldSpec("substance_use", "Substance use"),
        ),
    ),
    Section(
        "perpetrators",
        "Perpetrator(s)",
        (
            *_NAME,
            FieldSpec(
                "under_18",
                "Aged under 18",
                Kind.YES_NO,
                choices=YES_NO,
                hint="Answer even when the date of birth is not known.",
            ),
            FieldSpec("address", "Address", Kind.LONG_TEXT, max_length=400),
            FieldSpec("relationship", "Relationship to the victim"),
            FieldSpec("parent_of_children", "Parent of the children", Kind.YES_NO, choices=YES_NO),
            FieldSpec("substance_use", "Substance use"),
            FieldSpec("mental_health", "Mental health"),
            FieldSpec("risk_to_professionals", "Risk to professionals", Kind.LONG_TEXT),
            FieldSpec(
                "police_information",
                "Police information (offences, markers, orders, bail)",
                Kind.LONG_TEXT,
                max_length=4000,
            ),
        ),
        repeated=True,
        intro="The perpetrator is never told about the referral.",
    ),
    Section(
        "children",
        "Children",
        (
            *_NAME,
            FieldSpec("unborn", "Unborn (the date is the expected date)", Kind.FLAG),
            FieldSpec("relationship_to_victim", "Relationship to the victim"),
            FieldSpec("relationship_to_perpetrator", "Relationship to the perpetrator"),
            FieldSpec(
                "lives_in_household",
                "Lives in the victim's household",
                Kind.YES_NO,
                choices=YES_NO,
            ),
            FieldSpec("lives_with", "Lives where and with whom"),
            FieldSpec("school", "School or nursery"),
            FieldSpec("health", "GP or health visitor"),
            FieldSpec(
                "present_at_incidents",
                "Present at or injured in incidents",
                Kind.YES_NO,
                choices=YES_NO,
            ),
        ),
        repeated=True,
        intro="Every child linked to the victim or the perpetrator, including unborn children.",
    ),
    Section(
        "others",
        "Other household members and adults at risk",
        (*_NAME, FieldSpec("relationship", "Relationship to the victim")),
        repeated=True,
    ),
    Section(
        "consent",
        "Consent and awareness",
        (
            FieldSpec(
                "aware",
                "Victim is aware of the referral",
                Kind.YES_NO,
                required=True,
                choices=YES_NO,
            ),
            FieldSpec(
                "not_aware_reason",
                "If not aware, why not",
                Kind.LONG_TEXT,
                hint="For example: telling the victim would raise the risk.",
            ),
            FieldSpec("consent", "Consent", Kind.CHOICE, required=True, choices=CONSENT),
            FieldSpec("limits", "Limits the victim put on consent", Kind.LONG_TEXT),
            FieldSpec(
                "why_without_consent",
                "Why consent was not sought or was overridden",
                Kind.LONG_TEXT,
            ),
            FieldSpec(
                "lawful_ground",
                "Lawful ground for sharing without consent",
                Kind.CHOICE,
                choices=LAWFUL_GROUNDS,
            ),
            FieldSpec("victim_wishes", "What the victim wants", Kind.LONG_TEXT),
            FieldSpec(
                "wants_police", "Victim wants to speak to the police", Kind.YES_NO, choices=YES_NO
            ),
        ),
    ),
    Section(
        "contact",
        "Safe contact",
        (
            FieldSpec("safe_to_call", "Safe to call", Kind.YES_NO, required=True, choices=YES_NO),
            FieldSpec(
                "safe_to_leave_message", "Safe to leave a message", Kind.YES_NO, choices=YES_NO
            ),
            FieldSpec("safe_number", "Safe number", Kind.PHONE),
            FieldSpec("safe_times", "Safe times and methods"),
            FieldSpec(
                "safe_people",
                "Safe to talk to (people and agencies)",
                Kind.LONG_TEXT,
                max_length=1000,
            ),
            FieldSpec(
                "unsafe_people",
                "Not safe to talk to",
                Kind.LONG_TEXT,
                max_length=1000,
                hint="Anyone who could pass on what they hear, such as a relative of the "
                "person causing harm.",
            ),
        ),
    ),
    Section(
        "idva",
        "IDVA",
        (
            FieldSpec("offered", "IDVA service offered", Kind.YES_NO, choices=YES_NO),
            FieldSpec("offered_on", "Offered on", Kind.DATE),
            FieldSpec("allocated", "IDVA allocated", Kind.YES_NO, choices=YES_NO),
            FieldSpec("allocated_on", "Allocated on", Kind.DATE),
            FieldSpec("idva_name", "IDVA's name", max_length=120),
            FieldSpec("outcome", "What happened", Kind.CHOICE, choices=IDVA_OUTCOMES),
            FieldSpec("outcome_on", "Date of what happened", Kind.DATE),
        ),
        intro="Every victim at high risk should be offered an IDVA.",
    ),
    Section(
        "risks",
        "Risks",
        (
            FieldSpec("fears", "Who the victim fears, and what", Kind.LONG_TEXT),
            FieldSpec("risks_to_professionals", "Risks to professionals", Kind.LONG_TEXT),
        ),
    ),
    Section(
        "criteria",
        "Criteria",
        (
            FieldSpec("judgement", "Referred on professional judgement", Kind.FLAG),
            FieldSpec(
                "judgement_reason",
                "Reason for professional judgement",
                Kind.LONG_TEXT,
                hint="For example: extreme fear, honour-based abuse, strangulation, "
                "stalking, threats to kill, barriers of language or disability.",
            ),
            FieldSpec(
                "local_criterion",
                "Local criterion met",
                Kind.CHOICE,
                max_length=80,
                hint="The criteria this MARAC adds to the four built in (Settings).",
            ),
        ),
    ),
)

SECTION_BY_KEY = {s.key: s for s in SECTIONS}


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
