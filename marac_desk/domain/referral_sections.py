"""The referral form described as data: its sections, each field with its kind, its
answers and its hint, so that one description drives the screen, the validation,
storage and import (marac_desk.domain.referral_form reads documents with it)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
