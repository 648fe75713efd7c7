"""The settings a MARAC can change, their defaults, and what makes a value acceptable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marac_desk.domain.minutes_files import DEFAULT_PATTERN, pattern_problem

# Shipped in the app's own words; a MARAC replaces it with its protocol's text in Settings.
DEFAULT_STATEMENT = (
    "Everything shared at this meeting is confidential. It is shared only to keep the "
    "people we discuss safe, under this MARAC's information-sharing protocol. Do not "
    "record, copy or pass on anything you hear or see here, except within your own "
    "agency to carry out the actions agreed, and then only as much as those actions "
    "need. Information from another agency is not to be shared with anyone else "
    "without that agency's consent. The victim is not here: the IDVA speaks for them. "
    "The person causing harm must never learn of this referral from us. If you cannot "
    "agree to this, say so now and leave before the first case."
)


@dataclass(frozen=True)
class SettingDef:
    key: str
    label: str
    default: Any
    check: Callable[[Any], str | None]  # returns the problem, or None when fine
    low: int = 0  # for whole-number settings: the range a form offers
    high: int = 0
    suffix: str = ""
    # False for a setting with a control of its own on the settings screen.
    plain_field: bool = True
    multiline: bool = False  # text long enough to need a box of several lines


def _text(max_len: int, label: str, *, optional: bool = False) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"Enter the {label}."
        if not value.strip() and not optional:
            return f"Enter the {label}."
        if len(value) > max_len:
            return f"The {label} is at most {max_len} characters."
        return None

    return check


def _checklist_key(value: Any) -> str | None:
    # Whether the checklist is installed is the vault's to say; here only the form.
    if not isinstance(value, str) or "@" not in value.strip("@"):
        return "Choose one of the installed risk checklists."
    return None


def _int_range(low: int, high: int, unit: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"Choose a whole number of {unit} from {low} to {high}."
        return None

    return check


def _lines(max_lines: int, max_len: int, what: str) -> Callable[[Any], str | None]:
    """Text of up to `max_lines` lines, one item each, none longer than `max_len`."""

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"Type one {what} per line."
        lines = [line.strip() for line in value.splitlines() if line.strip()]
        if len(lines) > max_lines:
            return f"At most {max_lines} {what}s, one per line."
        if len({line.casefold() for line in lines}) != len(lines):
            return f"Each {what} once: one line is there twice."
        for line in lines:
            if len(line) > max_len:
                return f"“{line[:30]}…” is longer than {max_len} characters."
        return None

    return check


def _yes_or_no(value: Any) -> str | None:
    return None if isinstance(value, bool) else "Choose yes or no."


MARAC_NAME = "marac.name"
AREA_NAME = "marac.area_name"
DASH_THRESHOLD = "referral.dash_threshold"
ESCALATION_INCIDENTS = "referral.escalation_incidents"
ESCALATION_MONTHS = "referral.escalation_months"
REPEAT_MONTHS = "referral.repeat_months"
MINIMUM_AGE = "referral.minimum_age"
IDLE_LOCK_MINUTES = "security.idle_lock_minutes"
TEMPORARY_PASSWORD_HOURS = "security.temporary_password_hours"  # noqa: S105 - a name
# Off: the vault key is never kept in a computer's keychain (each start asks for a password).
ALLOW_REMEMBER = "security.allow_remember"
PROTECTIVE_MARKING = "export.protective_marking"
DASH_CHECKLIST = "referral.dash_checklist"
CONFIDENTIALITY_STATEMENT = "meeting.confidentiality_statement"
MINUTES_FILE_PATTERN = "export.minutes_file_pattern"
BACKUP_REMINDER_DAYS = "backup.reminder_days"
EXTRA_AGENCY_CATEGORIES = "agency.extra_categories"
LOCAL_CRITERIA = "referral.local_criteria"
SUPPRESS_BELOW = "return.suppress_below"
ADULT_WOMEN = "return.adult_women"
ACTION_CHASE_DAYS = "actions.chase_after_days"
DEFAULT_CHECKLIST = "safelives-dash@2024-short-labels"  # shipped in resources/checklists

DEFINITIONS: dict[str, SettingDef] = {
    d.key: d
    for d in (
        SettingDef(MARAC_NAME, "MARAC name", "", _text(100, "MARAC's name")),
        SettingDef(AREA_NAME, "Area the MARAC covers", "", _text(100, "area name", optional=True)),
        SettingDef(
            DASH_THRESHOLD,
            "Dash threshold (visible high risk)",
            14,
            _int_range(1, 40, "answers"),
            1,
            40,
            " answers",
        ),
        SettingDef(
            DASH_CHECKLIST,
            "Risk checklist for new referrals",
            DEFAULT_CHECKLIST,
            _checklist_key,
            plain_field=False,
        ),
        SettingDef(
            ESCALATION_INCIDENTS,
            "Potential escalation: incidents",
            3,
            _int_range(1, 20, "incidents"),
            1,
            20,
            " incidents",
        ),
        SettingDef(
            ESCALATION_MONTHS,
            "Potential escalation: within months",
            12,
            _int_range(1, 36, "months"),
            1,
            36,
            " months",
        ),
        SettingDef(
            REPEAT_MONTHS,
            "Repeat window",
            12,
            _int_range(1, 36, "months"),
            1,
            36,
            " months",
        ),
        SettingDef(
            MINIMUM_AGE,
            "Minimum age of a victim",
            16,
            _int_range(10, 25, "years"),
            10,
            25,
            " years",
        ),
        SettingDef(
            IDLE_LOCK_MINUTES,
            "Lock after idle for",
            5,
            _int_range(1, 60, "minutes"),
            1,
            60,
            " minutes",
        ),
        SettingDef(
            TEMPORARY_PASSWORD_HOURS,
            "A temporary password lasts",
            72,
            _int_range(1, 720, "hours"),
            1,
            720,
            " hours",
        ),
        SettingDef(
            BACKUP_REMINDER_DAYS,
            "Remind to back up when the last backup is older than",
            7,
            _int_range(1, 90, "days"),
            1,
            90,
            " days",
        ),
        SettingDef(
            ALLOW_REMEMBER,
            "Allow “Remember on this computer”",
            True,
            _yes_or_no,
        ),
        SettingDef(
            PROTECTIVE_MARKING,
            "Protective marking",
            "OFFICIAL-SENSITIVE",
            _text(60, "protective marking"),
        ),
        SettingDef(
            MINUTES_FILE_PATTERN,
            "File names for minutes ({date}, {marac}, {kind}, {agency}, {code})",
            DEFAULT_PATTERN,
            pattern_problem,
        ),
        SettingDef(
            LOCAL_CRITERIA,
            "Local referral criteria, one per line (beside the four built in)",
            "",
            _lines(10, 80, "criterion"),
            multiline=True,
        ),
        SettingDef(
            EXTRA_AGENCY_CATEGORIES,
            "Agency categories this area adds to the data return's, one per line",
            "",
            _lines(20, 60, "category"),
            multiline=True,
        ),
        SettingDef(
            SUPPRESS_BELOW,
            "Local reports show as “fewer than N” any count below",
            5,
            _int_range(2, 20, "cases"),
            2,
            20,
            " cases",
        ),
        SettingDef(
            ADULT_WOMEN,
            "Women aged 16 and over living in the area (0 when not known)",
            0,
            _int_range(0, 5_000_000, "women"),
            0,
            5_000_000,
            " women",
        ),
        SettingDef(
            ACTION_CHASE_DAYS,
            "Home lists an action to chase once it is overdue by more than",
            7,
            _int_range(0, 90, "days"),
            0,
            90,
            " days",
        ),
        SettingDef(
            CONFIDENTIALITY_STATEMENT,
            "Confidentiality statement read at each meeting",
            DEFAULT_STATEMENT,
            _text(4000, "confidentiality statement"),
            multiline=True,
        ),
    )
}


def problem(key: str, value: Any) -> str | None:
    definition = DEFINITIONS.get(key)
    if definition is None:
        return f"There is no setting called {key}."
    return definition.check(value)
