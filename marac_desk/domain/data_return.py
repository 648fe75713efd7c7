"""The quarterly data return SafeLives collects: counts per meeting date, as pure rules.

Each referral is its own case, so a person referred twice in a quarter is two cases; a
case is counted once, at the first meeting that discussed it (a case carried over to a
later meeting is not counted again). Storage supplies the facts as plain data
(`CaseFacts`); everything here is arithmetic over them, so a test can recount by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from fractions import Fraction

from marac_desk.domain.dates import age_on, parse_iso
from marac_desk.domain.equality import ETHNICITIES


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1: January to March ... 4: October to December

    @classmethod
    def parse(cls, text: str) -> Quarter:
        match = re.fullmatch(r"\s*(\d{4})\s*-?\s*Q([1-4])\s*", text, re.IGNORECASE)
        if not match:
            raise ValueError(
                f"“{text}” is not a quarter: type the year and the quarter, such as 2026Q3 "
                "(July to September 2026)."
            )
        year = int(match.group(1))
        if not 2000 <= year <= 2100:
            raise ValueError(f"{year} is not a year marac-desk can count.")
        return cls(year, int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first_day <= day <= self.last_day

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        months = ("January to March", "April to June", "July to September", "October to December")
        return f"{months[self.number - 1]} {self.year}"


@dataclass(frozen=True)
class EthnicityGroups:
    """Which census categories the return counts as racially minoritised (resources/)."""

    version: str
    labels: Mapping[str, str]
    by_category: Mapping[str, str]

    def group(self, category: str) -> str:
        return self.by_category.get(category, "not_known")


def parse_ethnicity_groups(text: str) -> EthnicityGroups:
    data = json.loads(text)
    labels = {str(k): str(v) for k, v in data["groups"].items()}
    mapping = {str(k): str(v) for k, v in data["map"].items()}
    missing = [c for c in ETHNICITIES if c not in mapping]
    unknown = sorted({g for g in mapping.values() if g not in labels})
    if missing or unknown or "minoritised" not in labels or "not_known" not in labels:
        raise ValueError(f"ethnicity groups: unmapped {missing}, unknown groups {unknown}")
    return EthnicityGroups(str(data.get("version", "")), labels, mapping)


@dataclass(frozen=True)
class MeetingEntry:
    """One meeting whose agenda listed the case."""

    day: date
    run_in_conference: bool  # minuted live in marac-desk: then only cases opened count
    opened: bool  # the case was opened at that conference


@dataclass(frozen=True)
class CaseFacts:
    """What the return needs about one case, as the form and the vault hold it."""

    case_id: int
    reference: str
    repeat: bool
    meetings: tuple[MeetingEntry, ...] = ()
    heard_on: str = ""  # ISO, from an earlier register, when no meeting here lists it
    referral_date: str = ""
    agency_category: str = ""  # "" when the referring agency is not in the directory
    agency_is_police: bool = False
    ethnicity_category: str = ""
    ethnicity_written: str = ""
    lgbt: str = ""
    disability: str = ""
    gender: str = ""
    date_of_birth: str = ""
    age_band: str = ""
    children_in_household: int = 0
    children_not_recorded: int = 0  # children whose household is not answered
    perpetrator_under_18: bool = False
    idva_outcome: str = ""


def discussed_on(facts: CaseFacts, today: date) -> date | None:
    """The first meeting at which the case was discussed, or None.

    A meeting minuted live in marac-desk counts only the cases opened there (a case not
    reached was not discussed); a meeting minuted elsewhere counts what its agenda listed,
    once its day has come. A case no meeting here lists counts at the date an earlier
    register gave for its hearing.
    """
    days = [m.day for m in facts.meetings if (m.opened if m.run_in_conference else m.day <= today)]
    if days:
        return min(days)
    return parse_iso(facts.heard_on) if facts.heard_on else None


def victim_age(facts: CaseFacts) -> int | None:
    born, on = parse_iso(facts.date_of_birth), parse_iso(facts.referral_date)
    if born is None or on is None or born > on:
        return None
    return age_on(born, on)


def aged_16_17(facts: CaseFacts) -> bool:
    age = victim_age(facts)
    if age is not None:
        return 16 <= age <= 17
    return facts.age_band == "16–17"


def perpetrator_under_18(perpetrators: Iterable[Mapping[str, object]], referral_date: str) -> bool:
    """Whether any person causing harm was 17 or under at the referral: by the date of
    birth when it is known, otherwise by the answer to "aged under 18"."""
    on = parse_iso(referral_date)
    for person in perpetrators:
        born = parse_iso(str(person.get("date_of_birth") or ""))
        if born is not None and on is not None and born <= on:
            if age_on(born, on) < 18:
                return True
        elif str(person.get("under_18") or "") == "Yes":
            return True
    return False


def children_counts(children: Iterable[Mapping[str, object]]) -> tuple[int, int]:
    """(children living in the victim's household, children whose household is not
    answered); unborn children live in no household yet and are in neither."""
    living = unknown = 0
    for child in children:
        if child.get("unborn") is True or str(child.get("unborn") or "") in ("yes", "True"):
            continue
        answer = str(child.get("lives_in_household") or "")
        if answer == "Yes":
            living += 1
        elif answer != "No":
            unknown += 1
    return living, unknown


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    definition: str
    in_return: bool = True  # False: shown to check the data, not sent to SafeLives
    is_sum: bool = False  # a sum over cases (children), not a number of cases


MEASURES: tuple[Measure, ...] = (
    Measure(
        "cases",
        "Cases discussed",
        "Every case discussed at the meeting, repeats included. Each referral is a case; "
        "a case carried over is counted at the first meeting that discussed it.",
    ),
    Measure(
        "repeats",
        "Repeat cases",
        "Cases the coordinator confirmed as a repeat: the same victim and person causing "
        "harm, with a further incident within 12 months of the last referral.",
    ),
    Measure(
        "children",
        "Children in the households",
        "Children recorded as living in the victim's household, summed over the cases "
        "(unborn children are not counted).",
        is_sum=True,
    ),
    Measure("police", "Referred by the police", "Cases whose referring agency is the police."),
    Measure(
        "partner",
        "Referred by partner agencies",
        "Cases referred by any agency other than the police.",
    ),
    Measure(
        "minoritised",
        "Victims from Black, Asian and racially minoritised groups",
        "By the victim's 2021 Census ethnic group, grouped as resources/ethnicity_groups.json "
        "says.",
    ),
    Measure("lgbt", "LGBT+ victims", "Victims recorded as LGBT+ (answer Yes)."),
    Measure(
        "disabled",
        "Disabled victims",
        "Victims recorded as disabled under the Equality Act 2010 (answer Yes).",
    ),
    Measure("male", "Male victims", "Victims whose gender is recorded as male."),
    Measure(
        "aged_16_17",
        "Victims aged 16 or 17",
        "Age at the referral date from the date of birth; the age band when it is not known.",
    ),
    Measure(
        "perpetrator_under_18",
        "Cases with a person causing harm aged 17 or under",
        "By the date of birth at the referral date, otherwise by the answer “aged under 18”.",
    ),
    Measure(
        "agency_not_recorded",
        "Referring agency not in the directory",
        "Cases whose referring agency is missing or no longer in the directory: correct "
        "the referral before the return is sent.",
        in_return=False,
    ),
    Measure(
        "ethnicity_not_mapped",
        "Ethnicity written but not in a category",
        "Referrals from before the census categories whose ethnicity was typed as text: a "
        "coordinator chooses the category from what was written.",
        in_return=False,
    ),
    Measure(
        "ethnicity_not_known",
        "Ethnicity not known",
        "No ethnic group recorded, not known, or the victim prefers not to say.",
        in_return=False,
    ),
    Measure(
        "children_not_recorded",
        "Children whose household is not recorded",
        "Children on the form with no answer to “lives in the victim's household”.",
        in_return=False,
        is_sum=True,
    ),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}


def category_measure(key: str) -> str:
    return f"agency:{key}"


def _contribution(
    facts: CaseFacts, groups: EthnicityGroups, categories: Collection[str]
) -> list[tuple[str, int]]:
    """What one case adds to the measures it counts in (1, or a number of children); a
    measure it adds nothing to is left out."""
    known_agency = bool(facts.agency_category) and facts.agency_category in categories
    category = facts.ethnicity_category
    group = groups.group(category) if category else ""
    written = bool(facts.ethnicity_written.strip())
    adds = [("cases", 1)]
    if facts.repeat:
        adds.append(("repeats", 1))
    if facts.children_in_household:
        adds.append(("children", facts.children_in_household))
    if known_agency:
        adds.append(("police" if facts.agency_is_police else "partner", 1))
        adds.append((category_measure(facts.agency_category), 1))
    else:
        adds.append(("agency_not_recorded", 1))
    if group == "minoritised":
        adds.append(("minoritised", 1))
    if facts.lgbt == "Yes":
        adds.append(("lgbt", 1))
    if facts.disability == "Yes":
        adds.append(("disabled", 1))
    if facts.gender == "Male":
        adds.append(("male", 1))
    if aged_16_17(facts):
        adds.append(("aged_16_17", 1))
    if facts.perpetrator_under_18:
        adds.append(("perpetrator_under_18", 1))
    if not category and written:
        adds.append(("ethnicity_not_mapped", 1))
    if (not category and not written) or group == "not_known":
        adds.append(("ethnicity_not_known", 1))
    if facts.children_not_recorded:
        adds.append(("children_not_recorded", facts.children_not_recorded))
    return adds


@dataclass(frozen=True)
class Cell:
    value: int
    cases: tuple[int, ...]  # the case ids behind the count (coordinators only)


TOTAL = None  # the quarter's column, beside one per meeting date


@dataclass(frozen=True)
class DataReturn:
    quarter: Quarter
    meeting_dates: tuple[date, ...]
    measures: tuple[str, ...]  # MEASURES' keys, then one per agency category
    cells: Mapping[tuple[date | None, str], Cell]
    references: Mapping[int, str] = field(default_factory=dict)

    def value(self, day: date | None, measure: str) -> int:
        return self.cells[(day, measure)].value


def count(
    cases: Iterable[CaseFacts],
    quarter: Quarter,
    *,
    groups: EthnicityGroups,
    categories: Sequence[str],
    today: date,
) -> DataReturn:
    """Every count the return asks for, per meeting date in the quarter and in total."""
    keys = tuple(m.key for m in MEASURES) + tuple(category_measure(c) for c in categories)
    per_day: dict[date, dict[str, list[tuple[int, int]]]] = {}
    references: dict[int, str] = {}
    known = frozenset(categories)
    first, last = quarter.first_day, quarter.last_day
    for facts in cases:
        day = discussed_on(facts, today)
        if day is None or not first <= day <= last:
            continue
        references[facts.case_id] = facts.reference
        column = per_day.setdefault(day, {k: [] for k in keys})
        for key, amount in _contribution(facts, groups, known):
            column[key].append((facts.case_id, amount))
    cells: dict[tuple[date | None, str], Cell] = {}
    days = tuple(sorted(per_day))
    for key in keys:
        everything: list[tuple[int, int]] = []
        for day in days:
            found = per_day[day][key]
            everything.extend(found)
            cells[(day, key)] = Cell(sum(a for _, a in found), tuple(sorted(c for c, _ in found)))
        cells[(TOTAL, key)] = Cell(
            sum(a for _, a in everything), tuple(sorted(c for c, _ in everything))
        )
    return DataReturn(quarter, days, keys, cells, references)


def without_cases(result: DataReturn) -> DataReturn:
    """The same counts with no case behind them: what someone who may not read every case
    is given."""
    cells = {key: Cell(cell.value, ()) for key, cell in result.cells.items()}
    return DataReturn(result.quarter, result.meeting_dates, result.measures, cells, {})


# -- suppression for local reports -------------------------------------------------------

# (meeting date, or None for the quarter; or a period's code on the dashboard, such as
# "2026Q2", "2026-01" or "year"), measure.
CellKey = tuple[date | str | None, str]


@dataclass(frozen=True)
class Group:
    """Cells that add up: the parts sum to the total, so one hidden cell among them could be
    worked out from the others by subtraction."""

    parts: tuple[CellKey, ...]
    total: CellKey

    @property
    def cells(self) -> tuple[CellKey, ...]:
        return (*self.parts, self.total)


def groups_of(result: DataReturn) -> list[Group]:
    """Every sum the return's table holds: across the meetings to the quarter, and within
    each column the ways the cases are divided by who referred them."""
    categories = [m.removeprefix("agency:") for m in result.measures if m.startswith("agency:")]
    found: list[Group] = []
    columns: tuple[date | None, ...] = (*result.meeting_dates, TOTAL)
    for key in result.measures:
        found.append(Group(tuple((d, key) for d in result.meeting_dates), (TOTAL, key)))
    police = [c for c in categories if c == "police"]
    partners = [c for c in categories if c != "police"]
    for day in columns:
        found.append(
            Group(((day, "police"), (day, "partner"), (day, "agency_not_recorded")), (day, "cases"))
        )
        found.append(
            Group(
                (
                    *((day, category_measure(c)) for c in categories),
                    (day, "agency_not_recorded"),
                ),
                (day, "cases"),
            )
        )
        found.append(Group(tuple((day, category_measure(c)) for c in police), (day, "police")))
        found.append(Group(tuple((day, category_measure(c)) for c in partners), (day, "partner")))
    return found


def suppress(
    values: Mapping[CellKey, int],
    groups: Sequence[Group],
    threshold: int,
    *,
    unpublished: frozenset[CellKey] = frozenset(),
) -> frozenset[CellKey]:
    """The cells a local report hides: every count from 1 to threshold - 1, and enough
    others that none of them can be worked out by adding and subtracting what is shown.

    Zero is shown: it says nothing about a person. A second cell is hidden in any sum
    with exactly one hidden cell (the smallest other part, or the total when no part is
    left); then the whole table is solved as a system of equations, and any hidden cell
    it still pins down has a neighbour hidden too, until none is.

    `unpublished` cells are counts the report never prints but a reader could work out
    from those it does (the nine months before a quarter, from the year and the quarter):
    they are unknowns of the system, and protected like a printed count when small.
    """
    small = {k for k, v in values.items() if 0 < v < threshold}
    hidden = small | set(unpublished)
    free_to_pin = unpublished - small  # a large count no one prints may be worked out

    def protected(cell: CellKey) -> bool:
        return cell in hidden and cell not in free_to_pin

    while True:
        changed = False
        for group in groups:
            inside = [c for c in group.cells if c in hidden]
            if len(inside) != 1 or not protected(inside[0]):
                continue
            shown_parts = sorted(
                (c for c in group.parts if c not in hidden),
                key=lambda c: _secondary_order(values, c),
            )
            pick = shown_parts[0] if shown_parts else group.total
            if pick not in hidden:
                hidden.add(pick)
                changed = True
        if changed:
            continue
        pinned = {c for c in determined(values, groups, frozenset(hidden)) if protected(c)}
        if not pinned or not _hide_a_neighbour(pinned, values, groups, hidden):
            return frozenset(hidden - unpublished)


def _secondary_order(values: Mapping[CellKey, int], cell: CellKey) -> tuple[bool, int, str]:
    """The next cell to hide beside a small one: the smallest that is not zero (a hidden
    zero beside it would leave the pair's sum as small as the count it protects)."""
    return (values[cell] == 0, values[cell], str(cell))


def _hide_a_neighbour(
    pinned: set[CellKey],
    values: Mapping[CellKey, int],
    groups: Sequence[Group],
    hidden: set[CellKey],
) -> bool:
    """Hide the smallest shown cell of a sum a pinned cell is in; when every cell of those
    sums is hidden already, of a sum further along the chain of hidden cells that pins
    it. False when no shown cell is left to hide."""
    seen = set(pinned)
    frontier = sorted(pinned, key=str)
    while frontier:
        further: list[CellKey] = []
        for cell in frontier:
            for group in groups:
                if cell not in group.cells:
                    continue
                shown = [c for c in group.cells if c not in hidden]
                if shown:
                    hidden.add(min(shown, key=lambda c: _secondary_order(values, c)))
                    return True
                for other in group.cells:
                    if other not in seen:
                        seen.add(other)
                        further.append(other)
        frontier = sorted(further, key=str)
    return False


def determined(
    values: Mapping[CellKey, int], groups: Sequence[Group], hidden: frozenset[CellKey]
) -> set[CellKey]:
    """The hidden cells that the shown cells and the sums pin down exactly.

    Each sum is an equation; moving the shown cells to the right leaves a linear system
    in the hidden ones. A hidden cell is pinned when its unit vector lies in the span of
    the system's rows, found by exact elimination over the rationals.
    """
    unknown = sorted(hidden, key=str)
    index = {c: i for i, c in enumerate(unknown)}
    rows: list[list[Fraction]] = []
    for group in groups:
        row = [Fraction(0)] * len(unknown)
        for cell in group.parts:
            if cell in index:
                row[index[cell]] += 1
        if group.total in index:
            row[index[group.total]] -= 1
        if any(row):
            rows.append(row)
    # Reduced row echelon form.
    pivots: list[int] = []
    rank = 0
    for column in range(len(unknown)):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        lead = rows[rank][column]
        rows[rank] = [x / lead for x in rows[rank]]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        pivots.append(column)
        rank += 1
    pinned: set[CellKey] = set()
    for r, column in enumerate(pivots):
        if all(rows[r][c] == 0 for c in range(len(unknown)) if c != column):
            pinned.add(unknown[column])
    return pinned
