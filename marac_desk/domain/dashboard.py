"""The dashboard: the twelve months to the end of a quarter, as the charts a MARAC
steering group reads (volume, repeats, who refers, children, IDVA engagement, and the
agencies that return nothing or leave actions undone).

Cases are counted exactly as the data return counts them (domain.data_return.count, a
quarter at a time), so a quarter's bar is the return's own figure. Every count about
people is a cell with a key, and every sum between them a group, so a local report can
hide small counts here and in the return's table in one pass (data_return.suppress);
counts of agencies' work (returns, actions) are about no person and are shown as they are.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from marac_desk.domain import data_return as dr
from marac_desk.domain.equality import IDVA_OUTCOMES

# SafeLives' national figures for the 12 months to September 2024 (DOMAIN: the return).
NATIONAL_REPEAT_RATE = 31.0
RECOMMENDED_PER_10000 = 40.0
LAST_MEETINGS = 6  # "nil returns over the last meetings"
MOST_AGENCIES = 12  # bars on one agency chart; the rest are named in its summary
YEAR = "year"
EARLIER = "earlier"  # the nine months before the chosen quarter: never printed
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Year:
    """The twelve months that end with a quarter."""

    last: dr.Quarter

    @functools.cached_property
    def quarters(self) -> tuple[dr.Quarter, ...]:
        found = [self.last]
        while len(found) < 4:
            found.append(found[-1].previous())
        return tuple(reversed(found))

    @property
    def first_day(self) -> date:
        return self.quarters[0].first_day

    @property
    def last_day(self) -> date:
        return self.last.last_day

    @property
    def months(self) -> tuple[date, ...]:
        """The first day of each month, oldest first."""
        start = self.first_day
        return tuple(
            date(start.year + (start.month - 1 + n) // 12, (start.month - 1 + n) % 12 + 1, 1)
            for n in range(12)
        )

    @property
    def label(self) -> str:
        return f"{self.first_day:%B %Y} to {self.last_day:%B %Y}"


def month_code(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True)
class ResearchAsked:
    """One agency asked about one case for one meeting, and what came back."""

    meeting_day: date
    agency: str  # the agency's name as the directory holds it
    returned: bool
    nil: bool  # a nil return: nobody known, nothing to say


@dataclass(frozen=True)
class ActionFacts:
    """One action agreed at a meeting in the year."""

    agency: str  # the owner agency's name ("" when the action has no owner agency)
    status: str
    due_on: date | None


OPEN_STATUSES = ("open", "in_progress")


@dataclass(frozen=True)
class Facts:
    """Everything the dashboard is drawn from, as storage reads it."""

    year: Year
    cases: tuple[dr.CaseFacts, ...]  # every case that may count in the year
    referral_days: tuple[date, ...]  # each referral received, by its referral date
    categories: tuple[str, ...]  # the return's agency categories (keys)
    category_labels: Mapping[str, str]
    research: tuple[ResearchAsked, ...]  # for the last meetings up to the year's end
    actions: tuple[ActionFacts, ...]  # set at meetings in the year
    adult_women: int  # the area's adult female population; 0 when not set
    groups: dr.EthnicityGroups
    today: date


@dataclass(frozen=True)
class Counted:
    """The year's counts about people, as cells and the sums between them."""

    values: dict[dr.CellKey, int]
    groups: list[dr.Group]
    unpublished: frozenset[dr.CellKey]
    facts: Facts
    # Each quarter's data return, counted on the way (the chosen one is the return's
    # table): by quarter code.
    returns: Mapping[str, dr.DataReturn] = dataclasses.field(default_factory=dict)


def count(facts: Facts) -> Counted:
    """Every count about people the charts show, and how they add up."""
    year = facts.year
    values: dict[dr.CellKey, int] = {}
    groups: list[dr.Group] = []
    # Each case goes to the quarter it was first discussed in, once, before counting.
    in_quarter: dict[str, list[dr.CaseFacts]] = {q.code: [] for q in year.quarters}
    discussed: list[tuple[dr.CaseFacts, str]] = []
    for case in facts.cases:
        day = dr.discussed_on(case, facts.today)
        if day is not None and year.first_day <= day <= year.last_day:
            code = dr.Quarter.containing(day).code
            in_quarter[code].append(case)
            discussed.append((case, code))
    per_quarter = [
        dr.count(
            in_quarter[q.code],
            q,
            groups=facts.groups,
            categories=facts.categories,
            today=facts.today,
        )
        for q in year.quarters
    ]
    measures = (
        "cases",
        "repeats",
        "children",
        "agency_not_recorded",
        *(dr.category_measure(c) for c in facts.categories),
    )
    for measure in measures:
        for q, result in zip(year.quarters, per_quarter, strict=True):
            values[(q.code, measure)] = result.value(dr.TOTAL, measure)
        values[(YEAR, measure)] = sum(values[(q.code, measure)] for q in year.quarters)
        groups.append(_sum([(q.code, measure) for q in year.quarters], (YEAR, measure)))
        # The chosen quarter is the return's own table (its (None, measure) cell), and
        # the year less that quarter is a count a reader could work out.
        last = (year.last.code, measure)
        values[(EARLIER, measure)] = values[(YEAR, measure)] - values[last]
        groups.append(_sum([last], (dr.TOTAL, measure)))
        groups.append(_sum([last, (EARLIER, measure)], (YEAR, measure)))
    # Who referred, over the year: the categories and the cases with none add up.
    groups.append(
        _sum(
            [(YEAR, dr.category_measure(c)) for c in facts.categories]
            + [(YEAR, "agency_not_recorded")],
            (YEAR, "cases"),
        )
    )
    # Cases with children, by the quarter in which they were discussed, and IDVA
    # outcomes over the year.
    with_children: Counter[str] = Counter()
    idva: Counter[str] = Counter()
    for case, code in discussed:
        if case.children_in_household:
            with_children[code] += 1
        idva[idva_bucket(case.idva_outcome)] += 1
    for q in year.quarters:
        values[(q.code, "with_children")] = with_children[q.code]
    values[(YEAR, "with_children")] = sum(with_children.values())
    groups.append(_sum([(q.code, "with_children") for q in year.quarters], (YEAR, "with_children")))
    for outcome in (*IDVA_OUTCOMES, NOT_RECORDED):
        values[(YEAR, idva_key(outcome))] = idva[outcome]
    groups.append(
        _sum(
            [(YEAR, idva_key(o)) for o in (*IDVA_OUTCOMES, NOT_RECORDED)],
            (YEAR, "cases"),
        )
    )
    # Referrals received, by referral date: a different count from cases discussed.
    months = Counter(month_code(d) for d in facts.referral_days if year_has(year, d))
    for month in year.months:
        values[(month_code(month), "referrals")] = months[month_code(month)]
    values[(YEAR, "referrals")] = sum(months.values())
    groups.append(_sum([(month_code(m), "referrals") for m in year.months], (YEAR, "referrals")))
    # The quarter's table (the return) comes with its own cells: the link groups above
    # name them, so the caller suppresses both together.
    # Never printed: the nine months before the chosen quarter, and who referred in each
    # quarter before it (the chart shows the year's; the chosen quarter's is the table's).
    by_who = {"agency_not_recorded", *(dr.category_measure(c) for c in facts.categories)}
    unpublished = frozenset(
        k
        for k in values
        if k[0] == EARLIER or (k[1] in by_who and k[0] in {q.code for q in year.quarters[:3]})
    )
    returns = {q.code: r for q, r in zip(year.quarters, per_quarter, strict=True)}
    return Counted(values, groups, unpublished, facts, returns)


def _sum(parts: Sequence[dr.CellKey], total: dr.CellKey) -> dr.Group:
    return dr.Group(tuple(parts), total)


def year_has(year: Year, day: date) -> bool:
    return year.first_day <= day <= year.last_day


def idva_bucket(outcome: str) -> str:
    return outcome if outcome in IDVA_OUTCOMES else NOT_RECORDED


def idva_key(outcome: str) -> str:
    return "idva:" + outcome


# -- charts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]  # None: hidden in a local report


@dataclass(frozen=True)
class Chart:
    """One chart as plain data: what exchange.charts draws, on screen and in the PDF."""

    key: str
    title: str
    definition: str
    labels: tuple[str, ...]
    series: tuple[Series, ...]
    summary: str  # the chart's point in one or two sentences, for everyone and read aloud
    horizontal: bool = False
    percent: bool = False
    decimals: int = 0
    reference: float | None = None
    reference_label: str = ""
    empty: str = ""  # why there is nothing to draw, when there is not
    about_people: bool = True  # False: agencies' work, never hidden


HIDDEN_TEXT = "*"


class _Shown:
    """Values as a report shows them: None where a count is hidden."""

    def __init__(self, counted: Counted, hidden: frozenset[dr.CellKey]) -> None:
        self.values = counted.values
        self.hidden = hidden

    def count(self, key: dr.CellKey) -> int | None:
        return None if key in self.hidden else self.values[key]

    def rate(self, top: dr.CellKey, bottom: dr.CellKey, scale: float) -> float | None:
        """top / bottom × scale, hidden when either is (a rate and a shown count give the
        other away)."""
        a, b = self.count(top), self.count(bottom)
        if a is None or b is None or b == 0:
            return None
        return a / b * scale

    def text(self, key: dr.CellKey) -> str:
        value = self.count(key)
        return HIDDEN_TEXT if value is None else f"{value:,}"


def charts(counted: Counted, hidden: frozenset[dr.CellKey] = frozenset()) -> list[Chart]:
    """The dashboard's charts; `hidden` are the cells a local report hides."""
    shown = _Shown(counted, hidden)
    return [
        _referrals(counted, shown),
        _repeat_rate(counted, shown),
        _volume(counted, shown),
        _by_agency(counted, shown),
        _children(counted, shown),
        _idva(counted, shown),
        _nil_returns(counted.facts),
        _actions(counted.facts),
    ]


def _quarter_labels(year: Year) -> tuple[str, ...]:
    return tuple(f"{q.first_day:%b}–{q.last_day:%b %Y}" for q in year.quarters)


def _referrals(counted: Counted, shown: _Shown) -> Chart:
    months = counted.facts.year.months
    values = tuple(shown.count((month_code(m), "referrals")) for m in months)
    total = shown.text((YEAR, "referrals"))
    return Chart(
        "referrals",
        "Referrals received per month",
        "Referrals by the date on the referral form, repeats included, whether or not "
        "the case has been heard yet. Drafts are not counted.",
        tuple(f"{m:%b %y}" for m in months),
        (Series("Referrals", _floats(values)),),
        f"{total} referrals received from {counted.facts.year.label}.",
    )


def _repeat_rate(counted: Counted, shown: _Shown) -> Chart:
    year = counted.facts.year
    rates = tuple(shown.rate((q.code, "repeats"), (q.code, "cases"), 100) for q in year.quarters)
    overall = shown.rate((YEAR, "repeats"), (YEAR, "cases"), 100)
    said = "not shown" if overall is None else f"{overall:.0f}%"
    return Chart(
        "repeat_rate",
        "Repeat rate",
        "Repeat cases as a share of the cases discussed in each quarter, counted as the "
        "data return counts them.",
        _quarter_labels(year),
        (Series("Repeat cases", rates),),
        f"Over the year {said} of the cases discussed were repeats "
        f"({shown.text((YEAR, 'repeats'))} of {shown.text((YEAR, 'cases'))}); nationally "
        f"{NATIONAL_REPEAT_RATE:.0f}%.",
        percent=True,
        reference=NATIONAL_REPEAT_RATE,
        reference_label=f"National {NATIONAL_REPEAT_RATE:.0f}%",
        empty="" if counted.values[(YEAR, "cases")] else "No case was discussed in the year.",
    )


def _volume(counted: Counted, shown: _Shown) -> Chart:
    year = counted.facts.year
    women = counted.facts.adult_women
    title = "Cases per 10,000 adult women"
    definition = (
        "Cases discussed, per 10,000 women aged 16 and over in the area, in a year "
        f"(SafeLives recommends about {RECOMMENDED_PER_10000:.0f}). Each quarter's figure "
        "is its cases times four."
    )
    if women <= 0:
        return Chart(
            "volume",
            title,
            definition,
            _quarter_labels(year),
            (),
            "The area's adult female population is not set.",
            empty="Set “Women aged 16 and over living in the area” in Settings to see this chart.",
        )
    scale = 10_000 / women
    per_quarter = tuple(
        None if (n := shown.count((q.code, "cases"))) is None else n * 4 * scale
        for q in year.quarters
    )
    cases = shown.count((YEAR, "cases"))
    said = "not shown" if cases is None else f"{cases * scale:.1f}"
    return Chart(
        "volume",
        title,
        definition,
        _quarter_labels(year),
        (Series("Cases per 10,000 adult women, a year", per_quarter),),
        f"{said} cases per 10,000 adult women over the year, against the recommended "
        f"{RECOMMENDED_PER_10000:.0f} ({women:,} women aged 16 and over).",
        decimals=1,
        reference=RECOMMENDED_PER_10000,
        reference_label=f"Recommended {RECOMMENDED_PER_10000:.0f}",
    )


def _by_agency(counted: Counted, shown: _Shown) -> Chart:
    facts = counted.facts
    keys = [dr.category_measure(c) for c in facts.categories]
    labels = [facts.category_labels.get(c, c) for c in facts.categories]
    if counted.values[(YEAR, "agency_not_recorded")]:
        keys.append("agency_not_recorded")
        labels.append("Not in the directory")
    cases = counted.values[(YEAR, "cases")]
    named = [shown.count((YEAR, k)) for k in ("cases", "agency:police", "agency_not_recorded")]
    total, police, unknown = named
    if total is None or police is None or unknown is None or not total:
        said = "Cases discussed in the year, by who referred them."
    else:
        said = (
            f"Partner agencies referred {(total - police - unknown) / total:.0%} of the "
            f"{total:,} cases discussed in the year (nationally 36%)."
        )
    return Chart(
        "by_agency",
        "Cases by referring agency",
        "Cases discussed in the year, by the category of the agency that referred them in "
        "the agency directory.",
        tuple(labels),
        (Series("Cases", _floats(tuple(shown.count((YEAR, k)) for k in keys))),),
        said,
        horizontal=True,
        empty="" if cases else "No case was discussed in the year.",
    )


def _children(counted: Counted, shown: _Shown) -> Chart:
    year = counted.facts.year
    return Chart(
        "children",
        "Cases with children",
        "Cases discussed with at least one child living in the victim's household, and "
        "the children in those households (unborn children are not counted).",
        _quarter_labels(year),
        (
            Series(
                "Cases with children",
                _floats(tuple(shown.count((q.code, "with_children")) for q in year.quarters)),
            ),
            Series(
                "Children in the households",
                _floats(tuple(shown.count((q.code, "children")) for q in year.quarters)),
            ),
        ),
        f"{shown.text((YEAR, 'with_children'))} cases with children over the year, with "
        f"{shown.text((YEAR, 'children'))} children in their households.",
        empty="" if counted.values[(YEAR, "cases")] else "No case was discussed in the year.",
    )


def _idva(counted: Counted, shown: _Shown) -> Chart:
    outcomes = (*IDVA_OUTCOMES, NOT_RECORDED)
    engaged = shown.rate((YEAR, idva_key("Engaged")), (YEAR, "cases"), 100)
    said = "not shown" if engaged is None else f"{engaged:.0f}%"
    return Chart(
        "idva",
        "IDVA engagement",
        "What came of the IDVA for the cases discussed in the year, as the referral's "
        "IDVA section records it. Not recorded: no outcome on the form.",
        outcomes,
        (Series("Cases", _floats(tuple(shown.count((YEAR, idva_key(o))) for o in outcomes))),),
        f"The victim engaged with an IDVA in {said} of the cases discussed in the year.",
        horizontal=True,
        empty="" if counted.values[(YEAR, "cases")] else "No case was discussed in the year.",
    )


def last_meetings(research: Iterable[ResearchAsked]) -> tuple[date, ...]:
    return tuple(sorted({r.meeting_day for r in research})[-LAST_MEETINGS:])


def _agency_bars(
    counts: Mapping[str, tuple[int, int]],
) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], str]:
    """The agencies with most, at most MOST_AGENCIES of them, and a note of the rest."""
    ranked = sorted(counts.items(), key=lambda kv: (-(kv[1][0] + kv[1][1]), kv[0].casefold()))
    ranked = [kv for kv in ranked if kv[1][0] + kv[1][1]]
    rest = ranked[MOST_AGENCIES:]
    ranked = ranked[:MOST_AGENCIES]
    note = f" {len(rest)} more agencies have fewer." if rest else ""
    return (
        tuple(name or "No owner agency" for name, _ in ranked),
        tuple(a for _, (a, _b) in ranked),
        tuple(b for _, (_a, b) in ranked),
        note,
    )


def _nil_returns(facts: Facts) -> Chart:
    days = last_meetings(facts.research)
    counts: dict[str, tuple[int, int]] = {}
    for asked in facts.research:
        if asked.meeting_day not in days:
            continue
        so_far = counts.get(asked.agency, (0, 0))
        counts[asked.agency] = (
            so_far[0] + int(asked.returned and asked.nil),
            so_far[1] + int(not asked.returned),
        )
    labels, nil, missing, note = _agency_bars(counts)
    if labels:
        worst = labels[0]
        meetings = (
            "At the last meeting" if len(days) == 1 else f"Over the last {len(days)} meetings"
        )
        said = (
            f"{meetings}, {worst} sent most nil returns or nothing "
            f"({nil[0]} nil returns, {missing[0]} with nothing returned).{note}"
        )
    else:
        said = "Every agency asked returned research with something in it."
    return Chart(
        "nil_returns",
        "Nil returns and research not returned, by agency",
        "For the cases each agency was asked about at the last meetings: nil returns "
        "(nobody known, nothing to say) and requests with no return at all. About agencies' "
        "work, not people: shown as they are in every report.",
        labels,
        (Series("Nil returns", _floats(nil)), Series("Nothing returned", _floats(missing))),
        said,
        horizontal=True,
        empty="" if days else "No research was requested for a meeting up to the year's end.",
        about_people=False,
    )


def _actions(facts: Facts) -> Chart:
    counts: dict[str, tuple[int, int]] = {}
    for action in facts.actions:
        not_done = action.status == "not_completed"
        late_now = (
            action.status in OPEN_STATUSES
            and action.due_on is not None
            and action.due_on < facts.today
        )
        done, late = counts.get(action.agency, (0, 0))
        counts[action.agency] = (done + int(not_done), late + int(late_now))
    labels, undone, overdue, note = _agency_bars(counts)
    if labels:
        said = (
            f"{labels[0]} has most actions not completed or overdue "
            f"({undone[0]} not completed, {overdue[0]} overdue).{note}"
        )
    else:
        said = "No action agreed in the year is recorded as not completed or overdue."
    return Chart(
        "actions",
        "Actions not completed, by agency",
        "Actions agreed at meetings in the year: those recorded as not done, and those "
        "still open after their due date (persistent non-completion goes to the steering "
        "group). About agencies' work, not people: shown as they are in every report.",
        labels,
        (Series("Not completed", _floats(undone)), Series("Overdue", _floats(overdue))),
        said,
        horizontal=True,
        empty="" if facts.actions else "No action was agreed at a meeting in the year.",
        about_people=False,
    )


def _floats(values: Iterable[int | None]) -> tuple[float | None, ...]:
    return tuple(None if v is None else float(v) for v in values)
