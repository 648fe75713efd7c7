"""The columns of an imported case register, how a file's headers map onto them, and how
each cell is read.

Most MARACs keep their register as a spreadsheet with their own headings. The template
names one column per thing marac-desk keeps; any other layout is mapped onto it, by
guessing from the headings first and then by the user on screen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.equality import ETHNICITIES


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # the heading in the template
    help: str  # what goes in it, shown in the template notes and on screen
    required: bool = False
    synonyms: tuple[str, ...] = ()  # other headings that mean the same
    max_length: int = 200


COLUMNS: tuple[Column, ...] = (
    Column(
        "reference",
        "Reference",
        "The MARAC's own case number, e.g. NT/2025/0142. Re-importing a row with the same "
        "reference creates nothing new. Empty: marac-desk gives the case a reference.",
        synonyms=("case reference", "case ref", "case number", "case no", "marac ref", "ref"),
        max_length=40,
    ),
    Column(
        "referral_date",
        "Referral date",
        "The date the referral was received: YYYY-MM-DD or DD/MM/YYYY.",
        required=True,
        synonyms=("date of referral", "date referred", "date received", "referral received"),
    ),
    Column(
        "incident_date",
        "Incident date",
        "The date of the incident that led to the referral: YYYY-MM-DD or DD/MM/YYYY. A "
        "repeat is counted from the last referral to this date; empty, the referral date "
        "is used and the case says so.",
        synonyms=("date of incident", "incident", "latest incident", "date of latest incident"),
    ),
    Column(
        "referring_agency",
        "Referring agency",
        "The agency's code or name as in the agency directory (e.g. POLICE or Police).",
        synonyms=("referrer agency", "referred by", "agency", "referring organisation"),
    ),
    Column(
        "status",
        "Status",
        "Heard, Accepted, Listed, Declined, Returned, Transferred out or Draft. Empty means Heard.",
        synonyms=("case status",),
    ),
    Column(
        "victim_surname",
        "Victim surname",
        "The victim's surname or family name.",
        required=True,
        synonyms=(
            "victim last name",
            "victim family name",
            "client surname",
            "client last name",
            "surname",
            "last name",
        ),
        max_length=80,
    ),
    Column(
        "victim_forenames",
        "Victim forenames",
        "The victim's forenames.",
        synonyms=(
            "victim first name",
            "victim forename",
            "client forenames",
            "client first name",
            "forenames",
            "forename",
            "first name",
        ),
        max_length=120,
    ),
    Column(
        "victim_aliases",
        "Victim aliases",
        "Other names and spellings, separated by semicolons.",
        synonyms=("victim aka", "aliases", "alias", "aka", "other names"),
        max_length=400,
    ),
    Column(
        "victim_dob",
        "Victim date of birth",
        "YYYY-MM-DD or DD/MM/YYYY.",
        synonyms=("victim dob", "client dob", "dob", "date of birth"),
    ),
    Column(
        "victim_gender",
        "Victim gender",
        "Female, Male, Non-binary or Not known (F and M are understood).",
        synonyms=("gender", "sex", "victim sex"),
    ),
    Column(
        "victim_address",
        "Victim address",
        "The victim's address at the time of the referral.",
        synonyms=("address", "victim's address"),
        max_length=400,
    ),
    Column(
        "victim_postcode",
        "Victim postcode",
        "The postcode of that address.",
        synonyms=("postcode", "post code"),
        max_length=10,
    ),
    Column(
        "perpetrator_surname",
        "Perpetrator surname",
        "The perpetrator's surname. Leave the perpetrator columns empty when not known.",
        synonyms=("perpetrator last name", "perp surname", "alleged perpetrator surname"),
        max_length=80,
    ),
    Column(
        "perpetrator_forenames",
        "Perpetrator forenames",
        "The perpetrator's forenames.",
        synonyms=("perpetrator first name", "perp forenames", "perp first name"),
        max_length=120,
    ),
    Column(
        "perpetrator_aliases",
        "Perpetrator aliases",
        "Other names and spellings, separated by semicolons.",
        synonyms=("perpetrator aka", "perp aka"),
        max_length=400,
    ),
    Column(
        "perpetrator_dob",
        "Perpetrator date of birth",
        "YYYY-MM-DD or DD/MM/YYYY.",
        synonyms=("perpetrator dob", "perp dob"),
    ),
    Column(
        "children",
        "Children",
        "Each child as Forenames Surname (date of birth), separated by semicolons, e.g. "
        "Kit Jones (2019-03-02); Unborn (due 2027-01-15). Or only the number of children.",
        synonyms=("children in household", "number of children", "no of children", "children"),
        max_length=1000,
    ),
    Column(
        "dash_score",
        "Dash score",
        "The number of yes answers on the Dash checklist.",
        synonyms=("dash", "dash total", "dash ric score", "ric score", "risk score"),
    ),
    Column(
        "repeat",
        "Repeat",
        "Yes if the case was a repeat referral, else No or empty.",
        synonyms=("repeat referral", "repeat case", "is repeat"),
    ),
    Column(
        "transfer_from",
        "Transferred in from",
        "The sending MARAC when the case came from another area.",
        synonyms=("transfer in", "transferred from", "transfer from"),
    ),
    # What the quarterly data return counts, so that the first quarters' returns are
    # right. Every one may be left empty.
    Column(
        "heard_on",
        "Heard at a MARAC meeting on",
        "The date of the meeting that first discussed the case: YYYY-MM-DD or DD/MM/YYYY. "
        "The data return counts the case at that date.",
        synonyms=("date heard", "heard on", "marac date", "date of marac", "meeting date"),
    ),
    Column(
        "victim_ethnicity",
        "Victim ethnicity",
        "A 2021 Census ethnic group as the referral form lists it (e.g. White: Irish), or "
        "Not known. Anything else is kept as written for a coordinator to choose the group.",
        synonyms=("ethnicity", "ethnic group", "victim ethnic group", "ethnic origin"),
    ),
    Column(
        "victim_disability",
        "Victim disabled",
        "Yes, No or Not known, by the Equality Act 2010 definition.",
        synonyms=("disability", "disabled", "victim disability"),
    ),
    Column(
        "victim_lgbt",
        "Victim LGBT+",
        "Yes, No or Not known.",
        synonyms=("lgbt", "lgbt+", "lgbtq", "lgbtq+", "victim lgbt"),
    ),
    Column(
        "victim_age_band",
        "Victim age band",
        "When the date of birth is not known: 16–17, 18–24, 25–34, 35–44, 45–54, 55–64, "
        "65 and over, or Not known.",
        synonyms=("age band", "age group", "victim age group"),
    ),
    Column(
        "perpetrator_under_18",
        "Perpetrator aged under 18",
        "Yes, No or Not known (the date of birth, when given, decides).",
        synonyms=("perpetrator under 18", "perp under 18", "perpetrator 17 or under"),
    ),
    Column(
        "children_in_household",
        "Children live in the victim's household",
        "Yes, No or Not known, for every child in the Children column.",
        synonyms=("children live with victim", "lives in household"),
    ),
    Column(
        "idva_allocated",
        "IDVA allocated",
        "Yes, No or Not known.",
        synonyms=("allocated to an idva", "allocated to idva"),
    ),
    Column(
        "idva_outcome",
        "IDVA outcome",
        "Engaged, Declined, Not contactable or Not yet known.",
        synonyms=("idva engagement", "idva engaged"),
    ),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = tuple(c.key for c in COLUMNS if c.required)

Mapping = dict[str, int]  # column key -> the index of the file's column that holds it


def normalise_header(text: str) -> str:
    # Dots and apostrophes join rather than split: "D.O.B." is "dob", "victim's" "victims".
    joined = re.sub(r"[.'’]", "", text.lower())
    return " ".join(re.sub(r"[^a-z0-9]+", " ", joined).split())


def guess_mapping(headers: list[str]) -> Mapping:
    """Map the file's headings onto the columns: the template's own headings first, then
    the other names each column is known by. Each heading is used once at most."""
    normalised = [normalise_header(h) for h in headers]
    mapping: Mapping = {}
    used: set[int] = set()
    # Own headings first, across all columns, so that "Surname" is never taken for the
    # victim when the file also has "Victim surname".
    for names in (
        lambda c: (c.header,),
        lambda c: c.synonyms,
    ):
        for column in COLUMNS:
            if column.key in mapping:
                continue
            for name in names(column):
                wanted = normalise_header(name)
                for index, heading in enumerate(normalised):
                    if index not in used and heading == wanted:
                        mapping[column.key] = index
                        used.add(index)
                        break
                if column.key in mapping:
                    break
    return mapping


def mapping_problems(headers: list[str], mapping: Mapping) -> list[str]:
    """Why this mapping cannot be used (empty when it can)."""
    problems: list[str] = []
    for key in REQUIRED:
        if key not in mapping:
            problems.append(
                f"No column is chosen for “{COLUMN_BY_KEY[key].header}”: "
                "add it to the file or choose which column holds it."
            )
    seen: dict[int, str] = {}
    for key, index in mapping.items():
        if key not in COLUMN_BY_KEY:
            problems.append(f"Unknown column “{key}”.")
            continue
        if not 0 <= index < len(headers):
            problems.append(f"“{COLUMN_BY_KEY[key].header}” points at a column the file lacks.")
            continue
        if index in seen:
            problems.append(
                f"The file's column “{headers[index]}” is chosen for both "
                f"“{COLUMN_BY_KEY[seen[index]].header}” and “{COLUMN_BY_KEY[key].header}”."
            )
        seen[index] = key
    return problems


def unused_headers(headers: list[str], mapping: Mapping) -> list[str]:
    """The file's columns that will not be imported (shown, so nothing is dropped unseen)."""
    used = set(mapping.values())
    return [h for i, h in enumerate(headers) if i not in used and h.strip()]


# --- reading one cell -----------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_UK = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$")


class CellError(ValueError):
    """A cell that cannot be read; the message says what to write instead."""


def read_date(text: str) -> date | None:
    """A date written as YYYY-MM-DD or, as UK registers do, DD/MM/YYYY. Empty is None."""
    value = text.strip()
    if not value:
        return None
    if match := _ISO.match(value):
        year, month, day = (int(g) for g in match.groups())
    elif match := _UK.match(value):
        day, month, year_text = int(match.group(1)), int(match.group(2)), match.group(3)
        if len(year_text) == 2:
            raise CellError(f"“{value}”: write the year in full (DD/MM/YYYY).")
        year = int(year_text)
    else:
        raise CellError(f"“{value}” is not a date: write YYYY-MM-DD or DD/MM/YYYY.")
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(f"“{value}” is not a real date.") from None


_STATUS_WORDS = {
    "": CaseStatus.HEARD,
    "heard": CaseStatus.HEARD,
    "discussed": CaseStatus.HEARD,
    "accepted": CaseStatus.ACCEPTED,
    "listed": CaseStatus.LISTED,
    "listed for a meeting": CaseStatus.LISTED,
    "declined": CaseStatus.DECLINED,
    "not accepted": CaseStatus.DECLINED,
    "returned": CaseStatus.RETURNED,
    "returned for more information": CaseStatus.RETURNED,
    "transferred out": CaseStatus.TRANSFERRED_OUT,
    "transferred": CaseStatus.TRANSFERRED_OUT,
    "draft": CaseStatus.DRAFT,
}


def read_status(text: str) -> CaseStatus:
    found = _STATUS_WORDS.get(normalise_header(text))
    if found is None:
        raise CellError(
            f"“{text.strip()}” is not a status: write Heard, Accepted, Listed, Declined, "
            "Returned, Transferred out or Draft."
        )
    return found


_YES = {"yes", "y", "true", "1", "repeat"}
_NO = {"", "no", "n", "false", "0"}


def read_yes_no(text: str) -> bool:
    value = normalise_header(text)
    if value in _YES:
        return True
    if value in _NO:
        return False
    raise CellError(f"“{text.strip()}”: write Yes or No.")


_GENDERS = {
    "f": "Female",
    "female": "Female",
    "woman": "Female",
    "m": "Male",
    "male": "Male",
    "man": "Male",
    "non binary": "Non-binary",
    "nonbinary": "Non-binary",
    "not known": "Not known",
    "unknown": "Not known",
    "prefer not to say": "Prefer not to say",
    "": "",
}


def read_choice(text: str, choices: tuple[str, ...], *, yes_no: bool = False) -> str:
    """The form's own answer for what a cell says: one of `choices`, matched whatever
    the case, spacing or punctuation ("16-17" is "16–17"; Y and N are Yes and No for a
    yes/no). Empty is "". Anything else is refused, never guessed."""
    value = normalise_header(text)
    if not value:
        return ""
    words = {normalise_header(c): c for c in choices}
    if yes_no:
        words |= {"y": "Yes", "n": "No", "unknown": "Not known", "dont know": "Not known"}
    found = words.get(value)
    if found is None:
        raise CellError(f"“{text.strip()}”: write {', '.join(choices[:-1])} or {choices[-1]}.")
    return found


def read_ethnicity(text: str) -> str | None:
    """A census ethnic group written as the form lists it (or Not known), else None:
    the cell is then kept as written, for a coordinator to choose the group."""
    value = normalise_header(text)
    if value in ("unknown", "not recorded"):
        return "Not known"
    return next((c for c in ETHNICITIES if normalise_header(c) == value), None)


def read_gender(text: str) -> str | None:
    """The form's word for a gender, or None when the cell says something else."""
    return _GENDERS.get(normalise_header(text))


def read_count(text: str, *, most: int, what: str) -> int | None:
    value = text.strip()
    if not value:
        return None
    if value.endswith(".0"):  # a number that went through a spreadsheet
        value = value[:-2]
    if not value.isdigit() or int(value) > most:
        raise CellError(f"“{text.strip()}”: {what} is a whole number from 0 to {most}.")
    return int(value)


_FORMULA_START = ("=", "+", "-", "@")


def looks_like_formula(text: str) -> bool:
    """A cell a spreadsheet would run as a formula if it were written back unchanged."""
    value = text.strip()
    if len(value) < 2 or not value.startswith(_FORMULA_START):
        return False
    # "=1+1" runs as a formula; "-5" or "+44 7700 900123" are a number and a phone number.
    return value[0] in "=@" or not value[1:2].isdigit()
