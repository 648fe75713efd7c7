"""An existing case register, read row by row into cases: what will be created, every
problem row with its reason, and the rows that may describe a case twice.

Pure: the file has already been read into text cells, and what is in the vault comes
in as plain values. The preview and the import are both built from `plan`, so what
the user approved is exactly what is written.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.criteria import RuleSettings, Severity, check_dates
from marac_desk.domain.equality import AGE_BANDS, IDVA_OUTCOMES
from marac_desk.domain.matching import entry_names
from marac_desk.domain.names import NameForms, compare_people, fold
from marac_desk.domain.referral_form import YES_NO, split_aliases
from marac_desk.domain.register_columns import (
    COLUMN_BY_KEY,
    CellError,
    Mapping,
    looks_like_formula,
    read_choice,
    read_count,
    read_date,
    read_ethnicity,
    read_gender,
    read_status,
    read_yes_no,
    unused_headers,
)

MAX_ROWS = 200_000  # far beyond any MARAC's history; stops a wrong file early
MAX_CHILDREN = 30
# Two rows (or a row and a case in the vault) with the same referral date whose victims
# score this high are shown as possible duplicates of each other.
DUPLICATE_FROM = 90.0


@dataclass(frozen=True)
class Table:
    """A file's headings and its rows of text cells, each with its row number in the file."""

    headers: list[str]
    rows: Sequence[tuple[int, Sequence[str]]]


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str  # the template heading of the field concerned ("" for the whole row)
    message: str
    severity: Severity = Severity.ERROR

    def line(self) -> str:
        where = f"row {self.row}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ImportedCase:
    row: int
    key: str  # what makes re-importing the same row create nothing new
    reference: str  # from the file; "" when marac-desk is to give one
    referral_date: date
    status: CaseStatus
    is_repeat: bool
    victim: str  # for the preview: "SURNAME, Forenames"
    victim_dob: date | None
    doc: dict[str, Any]  # the referral form, as the form screen holds it


@dataclass(frozen=True)
class Duplicate:
    row: int
    other: str  # "row 12" or a case reference in the vault
    reasons: list[str]


@dataclass(frozen=True)
class ExistingVictim:
    """A victim already in the vault, for spotting a row that repeats their referral."""

    reference: str
    import_key: str
    surname: str
    forenames: str
    dob: date | None
    referral_date: date | None


@dataclass
class Plan:
    create: list[ImportedCase] = field(default_factory=list)
    already: list[int] = field(default_factory=list)  # rows imported before: skipped
    problems: list[RowProblem] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    blank_rows: int = 0
    unused_columns: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def can_import(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, int]:
        return {
            "to create": len(self.create),
            "already imported": len(self.already),
            "problem rows": len({p.row for p in self.errors}),
            "to check": len({p.row for p in self.problems if p.severity is Severity.CHECK}),
            "possible duplicates": len(self.duplicates),
            "empty rows": self.blank_rows,
        }

    @property
    def without_incident_date(self) -> int:
        """Cases to create with no incident date: the referral date is used for them."""
        return sum(1 for c in self.create if not c.doc["referral"].get("incident_date"))


def _key(reference: str, parts: Iterable[str]) -> str:
    if reference:
        return "ref:" + " ".join(reference.casefold().split())
    joined = "|".join(" ".join(fold(p).split()) for p in parts)
    return "row:" + hashlib.sha256(joined.encode()).hexdigest()[:32]


_CHILD = re.compile(r"^(?P<name>[^()]*?)\s*(?:\((?P<when>[^()]*)\))?$")


def _children(text: str) -> list[dict[str, Any]]:
    """Children written as names with an optional (date), or only their number."""
    value = text.strip()
    if not value:
        return []
    if value.replace(".0", "").isdigit():
        count = read_count(value, most=MAX_CHILDREN, what="the number of children")
        # Known to exist, names not in the register: recorded as such, never invented.
        return [
            {"surname": "", "forenames": "", "note": "Name not in the imported register"}
            for _ in range(count or 0)
        ]
    children: list[dict[str, Any]] = []
    for piece in split_aliases(value):
        match = _CHILD.match(piece)
        if match is None:
            raise CellError(f"“{piece}”: write a child as Forenames Surname (date of birth).")
        name, when = match.group("name").strip(), (match.group("when") or "").strip()
        unborn = name.lower() in ("unborn", "unborn child") or when.lower().startswith("due")
        if when.lower().startswith("due"):
            when = when[3:].strip()
        born = read_date(when)
        words = [] if name.lower() in ("unborn", "unborn child") else name.split()
        children.append(
            {
                "surname": words[-1] if len(words) > 1 else "",
                "forenames": " ".join(words[:-1]) if len(words) > 1 else " ".join(words),
                "date_of_birth": born.isoformat() if born else "",
                "unborn": unborn,
            }
        )
    if len(children) > MAX_CHILDREN:
        raise CellError(f"more than {MAX_CHILDREN} children: check the cell.")
    return children


class _Row:
    """One row's cells by column key, collecting its problems as they are found."""

    def __init__(self, number: int, cells: Sequence[str], mapping: Mapping) -> None:
        self.number = number
        self.values = {
            key: (cells[i] if i < len(cells) else "").strip() for key, i in mapping.items()
        }
        self.problems: list[RowProblem] = []

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "")

    def problem(self, key: str, message: str, severity: Severity = Severity.ERROR) -> None:
        column = COLUMN_BY_KEY[key].header if key else ""
        self.problems.append(RowProblem(self.number, column, message, severity))

    def date(self, key: str) -> date | None:
        try:
            return read_date(self[key])
        except CellError as exc:
            self.problem(key, str(exc))
            return None


def _read_row(
    row: _Row, rules: RuleSettings, today: date, agencies: dict[str, str], dash_most: int
) -> ImportedCase | None:
    for key, value in row.values.items():
        if len(value) > COLUMN_BY_KEY[key].max_length:
            row.problem(key, f"longer than {COLUMN_BY_KEY[key].max_length} characters.")
        elif looks_like_formula(value):
            row.problem(
                key,
                f"“{value[:40]}” looks like a spreadsheet formula: kept as text, never run.",
                Severity.CHECK,
            )
    referral_day = row.date("referral_date")
    incident_day = row.date("incident_date")
    if not row["referral_date"]:
        row.problem("referral_date", "the referral date is missing.")
    if not row["victim_surname"]:
        row.problem("victim_surname", "the victim's surname is missing.")
    victim_dob = row.date("victim_dob")
    perpetrator_dob = row.date("perpetrator_dob")
    status = CaseStatus.HEARD
    try:
        status = read_status(row["status"])
    except CellError as exc:
        row.problem("status", str(exc))
    is_repeat = False
    try:
        is_repeat = read_yes_no(row["repeat"])
    except CellError as exc:
        row.problem("repeat", str(exc))
    dash_score: int | None = None
    try:
        dash_score = read_count(row["dash_score"], most=dash_most, what="the Dash score")
    except CellError as exc:
        row.problem("dash_score", str(exc))
    children: list[dict[str, Any]] = []
    try:
        children = _children(row["children"])
    except CellError as exc:
        row.problem("children", str(exc))
    answers = _return_answers(row)
    heard_on = row.date("heard_on")
    if heard_on is not None and heard_on > today:
        row.problem("heard_on", "the meeting date is in the future: a case to come is Listed.")
    elif heard_on is not None and referral_day is not None and heard_on < referral_day:
        row.problem("heard_on", "the case was heard before it was referred: check both dates.")
    gender = read_gender(row["victim_gender"])
    if gender is None:
        gender = row["victim_gender"]
        row.problem("victim_gender", f"“{gender}” is kept as written.", Severity.CHECK)
    agency = row["referring_agency"]
    if agency:
        code = agencies.get(agency.casefold())
        if code is None:
            row.problem(
                "referring_agency",
                f"“{agency}” is not in the agency directory: kept as written.",
                Severity.CHECK,
            )
        else:
            agency = code
    if perpetrator_dob is not None and perpetrator_dob > today:
        row.problem("perpetrator_dob", "the date of birth is in the future.")
    field_columns = {
        "referral_date": "referral_date",
        "referral.incident_date": "incident_date",
        "victim.date_of_birth": "victim_dob",
    }
    for finding in check_dates(
        referral_date=referral_day,
        incident_date=incident_day,
        today=today,
        victim_born=victim_dob,
        children_born=[
            ("children", _as_date(c.get("date_of_birth")), bool(c.get("unborn"))) for c in children
        ],
        rules=rules,
    ):
        column = field_columns.get(finding.field, "children")
        row.problem(column, finding.message[0].lower() + finding.message[1:], finding.severity)

    if any(p.severity is Severity.ERROR for p in row.problems) or referral_day is None:
        return None
    group = read_ethnicity(row["victim_ethnicity"])
    for child in children:
        if answers["children_in_household"] and not child.get("unborn"):
            child["lives_in_household"] = answers["children_in_household"]
    victim = {
        **{k: answers[c] for k, c in _VICTIM_ANSWERS.items()},
        "ethnicity_category": group or "",
        # Not a census group as written: kept in the victim's own words, never mapped.
        "ethnicity": row["victim_ethnicity"] if group is None else "",
        "surname": row["victim_surname"],
        "forenames": row["victim_forenames"],
        "aliases": "; ".join(split_aliases(row["victim_aliases"])),
        "date_of_birth": victim_dob.isoformat() if victim_dob else "",
        "gender": gender,
        "address": row["victim_address"],
        "postcode": row["victim_postcode"],
    }
    perpetrators = []
    if row["perpetrator_surname"] or row["perpetrator_forenames"]:
        perpetrators.append(
            {
                "surname": row["perpetrator_surname"],
                "forenames": row["perpetrator_forenames"],
                "aliases": "; ".join(split_aliases(row["perpetrator_aliases"])),
                "date_of_birth": perpetrator_dob.isoformat() if perpetrator_dob else "",
                "under_18": answers["perpetrator_under_18"],
            }
        )
    reference = row["reference"]
    doc: dict[str, Any] = {
        "referral": {
            "referral_date": referral_day.isoformat(),
            # No incident date in the register: none is invented. The referral date
            # stands in for the repeat window, and the repeat check says so.
            "incident_date": incident_day.isoformat() if incident_day else "",
            "referring_agency": agency,
            "transfer_from": row["transfer_from"],
            "reason": "Imported from the earlier case register.",
            "heard_on": heard_on.isoformat() if heard_on else "",
        },
        "victim": {k: v for k, v in victim.items() if v},
        "perpetrators": [{k: v for k, v in p.items() if v} for p in perpetrators],
        "children": children,
        "others": [],
        "imported": {"reference": reference, "row": row.number},
    }
    idva = {"allocated": answers["idva_allocated"], "outcome": answers["idva_outcome"]}
    if any(idva.values()):
        doc["idva"] = {k: v for k, v in idva.items() if v}
    if dash_score is not None:
        # Only the total survives in a register: kept as recorded, without answers.
        doc["dash"] = {"score_as_recorded": dash_score}
    key = _key(
        reference,
        (
            row["victim_surname"],
            row["victim_forenames"],
            victim["date_of_birth"],
            referral_day.isoformat(),
            row["perpetrator_surname"],
        ),
    )
    return ImportedCase(
        row=row.number,
        key=key,
        reference=reference,
        referral_date=referral_day,
        status=status,
        is_repeat=is_repeat,
        victim=f"{row['victim_surname'].upper()}, {row['victim_forenames']}".strip(", "),
        victim_dob=victim_dob,
        doc=doc,
    )


# The optional columns the data return counts, each read as the form's own answers.
_ANSWERS: dict[str, tuple[tuple[str, ...], bool]] = {
    "victim_disability": (YES_NO, True),
    "victim_lgbt": (YES_NO, True),
    "victim_age_band": (AGE_BANDS, False),
    "perpetrator_under_18": (YES_NO, True),
    "children_in_household": (YES_NO, True),
    "idva_allocated": (YES_NO, True),
    "idva_outcome": (IDVA_OUTCOMES, False),
}
_VICTIM_ANSWERS = {
    "disability": "victim_disability",
    "lgbt": "victim_lgbt",
    "age_band": "victim_age_band",
}


def _return_answers(row: _Row) -> dict[str, str]:
    """Each optional answer as the form holds it ("" when empty); a cell that says
    something else is a problem on its row, with the answers it may hold."""
    found: dict[str, str] = {}
    for key, (choices, yes_no) in _ANSWERS.items():
        try:
            found[key] = read_choice(row[key], choices, yes_no=yes_no)
        except CellError as exc:
            row.problem(key, str(exc))
            found[key] = ""
    if row["victim_ethnicity"] and read_ethnicity(row["victim_ethnicity"]) is None:
        row.problem(
            "victim_ethnicity",
            f"“{row['victim_ethnicity'][:60]}” is not a census group as written: kept as "
            "written, for a coordinator to choose its group (the data return lists it).",
            Severity.CHECK,
        )
    return found


def _as_date(value: object) -> date | None:
    try:
        return read_date(str(value or ""))
    except CellError:
        return None


def plan(
    table: Table,
    mapping: Mapping,
    *,
    rules: RuleSettings,
    today: date,
    agencies: dict[str, str],
    existing: Sequence[ExistingVictim] = (),
    used_references: frozenset[str] = frozenset(),
    dash_most: int = 27,
) -> Plan:
    """Everything the import would do, and every reason it cannot yet.

    `agencies` maps each agency code and name (case-folded) to its code;
    `used_references` holds the case references already in the vault (case-folded).
    """
    result = Plan()
    if len(table.rows) > MAX_ROWS:
        result.problems.append(
            RowProblem(
                0, "", f"The file has {len(table.rows):,} rows; at most {MAX_ROWS:,} are read."
            )
        )
        return result
    result.unused_columns = unused_headers(table.headers, mapping)
    keys_in_vault = {v.import_key: v for v in existing if v.import_key}
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        row = _Row(number, cells, mapping)
        if not any(row.values.values()):
            result.blank_rows += 1
            continue
        case = _read_row(row, rules, today, agencies, dash_most)
        if case is not None:
            earlier = keys_in_vault.get(case.key)
            if earlier is not None and not _same_victim(case, earlier):
                # A reference reused for someone else is not "already imported": skipping
                # it would lose this row's victim without a word.
                row.problem(
                    "reference",
                    f"the reference {case.reference} was imported before for another victim "
                    f"({earlier.surname.upper()}, {earlier.forenames}): check which is right.",
                )
                result.problems.extend(row.problems)
                continue
            if earlier is not None:
                result.already.append(number)
                continue
            if case.key in first_row_of:
                what = "reference" if case.reference else "victim, dates and perpetrator"
                row.problem(
                    "reference" if case.reference else "",
                    f"the same {what} as row {first_row_of[case.key]}: keep one of the two.",
                )
            elif case.reference and case.reference.casefold() in used_references:
                row.problem(
                    "reference",
                    f"a case in the vault already has the reference {case.reference}.",
                )
            else:
                first_row_of[case.key] = number
                result.create.append(case)
        result.problems.extend(row.problems)
    result.duplicates = find_duplicates(result.create, existing)
    return result


def _same_victim(case: ImportedCase, earlier: ExistingVictim) -> bool:
    """The row's victim is the one imported before under its reference: the same surname
    and forenames (folded), and no date of birth that differs."""
    victim = case.doc["victim"]
    same_names = fold(str(victim.get("surname", ""))) == fold(earlier.surname) and fold(
        str(victim.get("forenames", ""))
    ) == fold(earlier.forenames)
    born = str(victim.get("date_of_birth", ""))
    same_birth = not born or earlier.dob is None or born == earlier.dob.isoformat()
    return same_names and same_birth


def _victim_names(case: ImportedCase) -> tuple[NameForms, ...]:
    victim = case.doc["victim"]
    return entry_names(
        str(victim.get("surname", "")),
        str(victim.get("forenames", "")),
        split_aliases(str(victim.get("aliases", ""))),
    )


# A name already seen on a day: who (a row or a case reference), their names, their birth.
_Entry = tuple[str, tuple[NameForms, ...], date | None]


def find_duplicates(
    cases: Sequence[ImportedCase], existing: Sequence[ExistingVictim]
) -> list[Duplicate]:
    """Rows whose victim looks like the victim of another row, or of a case in the vault,
    referred on the same day: most likely one referral written twice.

    Only people referred the same day who share a date of birth or the sound of a name
    are scored (by `compare_people`): dictionary look-ups, so a 100,000-row file takes
    seconds. A copy mistyped in both the date of birth and the consonants of every name
    is left to the repeat check of the register.
    """
    by_key: dict[tuple[date, object], list[_Entry]] = defaultdict(list)

    def keys(day: date, names: tuple[NameForms, ...], dob: date | None) -> set[tuple[date, object]]:
        found: set[tuple[date, object]] = {(day, n.sounds) for n in names}
        if dob is not None:
            found.add((day, dob))
        return found

    def add(day: date, entry: _Entry) -> None:
        for key in keys(day, entry[1], entry[2]):
            by_key[key].append(entry)

    for victim in existing:
        if victim.referral_date is not None:
            names = entry_names(victim.surname, victim.forenames, ())
            add(victim.referral_date, (victim.reference, names, victim.dob))
    found: list[Duplicate] = []
    for case in cases:
        day, dob = case.referral_date, case.victim_dob
        names = _victim_names(case)
        best: tuple[tuple[float, float], str, list[str]] | None = None
        seen: set[str] = set()
        for key in keys(day, names, dob):
            for other, other_names, other_dob in by_key.get(key, ()):
                if other in seen:
                    continue
                seen.add(other)
                match = compare_people(names, dob, False, other_names, other_dob, False)
                # The closest pair, by the whole score and then by the names alone.
                rank = (match.score, match.name.score)
                if match.score >= DUPLICATE_FROM and (best is None or rank > best[0]):
                    best = (rank, other, match.reasons)
        if best is not None:
            found.append(Duplicate(case.row, best[1], best[2]))
        add(day, (f"row {case.row}", names, dob))
    return found
