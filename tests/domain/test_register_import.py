"""Reading an earlier register: headings, cells, problem rows and duplicates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.criteria import RuleSettings, Severity
from marac_desk.domain.register_columns import (
    COLUMNS,
    CellError,
    guess_mapping,
    looks_like_formula,
    mapping_problems,
    read_date,
    read_status,
)
from marac_desk.domain.register_import import ExistingVictim, Table, plan

TODAY = date(2026, 11, 24)
HEADERS = [c.header for c in COLUMNS]
AGENCIES = {"police": "POLICE", "idva": "IDVA", "idva service": "IDVA"}


def row(**values: str) -> list[str]:
    cells = {c.key: "" for c in COLUMNS}
    cells.update(values)
    return [cells[c.key] for c in COLUMNS]


def good(**values: str) -> list[str]:
    base = {
        "reference": "NT/25/001",
        "referral_date": "2025-03-02",
        "victim_surname": "Hassan",
        "victim_forenames": "Leila",
        "victim_dob": "1990-04-12",
    }
    base.update(values)
    return row(**base)


def plan_of(*rows: list[str], existing: list[ExistingVictim] | None = None, used=frozenset()):
    table = Table(HEADERS, [(n, r) for n, r in enumerate(rows, start=2)])
    return plan(
        table,
        guess_mapping(HEADERS),
        rules=RuleSettings(),
        today=TODAY,
        agencies=AGENCIES,
        existing=existing or [],
        used_references=used,
    )


def test_template_headings_map_onto_themselves() -> None:
    mapping = guess_mapping(HEADERS)
    assert mapping == {c.key: i for i, c in enumerate(COLUMNS)}
    assert mapping_problems(HEADERS, mapping) == []


def test_other_headings_are_guessed_and_plain_surname_means_the_victim() -> None:
    headers = ["Case No", "Date Referred", "Surname", "First Name", "D.O.B.", "Perp Surname", "X"]
    mapping = guess_mapping(headers)
    assert mapping["reference"] == 0
    assert mapping["referral_date"] == 1
    assert mapping["victim_surname"] == 2
    assert mapping["victim_forenames"] == 3
    assert mapping["victim_dob"] == 4
    assert mapping["perpetrator_surname"] == 5
    assert 6 not in mapping.values()


def test_missing_required_columns_are_named() -> None:
    problems = mapping_problems(["Name", "Notes"], guess_mapping(["Name", "Notes"]))
    assert any("Referral date" in p for p in problems)
    assert any("Victim surname" in p for p in problems)


def test_one_column_cannot_feed_two_fields() -> None:
    problems = mapping_problems(["A", "B"], {"referral_date": 0, "victim_surname": 0})
    assert any("both" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-02", date(2025, 3, 2)),
        ("02/03/2025", date(2025, 3, 2)),  # UK order: day first
        ("2.3.2025", date(2025, 3, 2)),
        ("2025-03-02 00:00:00", date(2025, 3, 2)),
        ("", None),
    ],
)
def test_dates_as_registers_write_them(text: str, expected: date | None) -> None:
    assert read_date(text) == expected


@pytest.mark.parametrize("text", ["31/02/2025", "02/03/25", "March 2025", "45321", "2025-13-01"])
def test_unreadable_dates_say_what_to_write(text: str) -> None:
    with pytest.raises(CellError, match=r"date|year"):
        read_date(text)


def test_status_words() -> None:
    assert read_status("") is CaseStatus.HEARD
    assert read_status("Transferred out") is CaseStatus.TRANSFERRED_OUT
    with pytest.raises(CellError, match="not a status"):
        read_status("closed?")


def test_a_good_row_becomes_a_case_with_its_people() -> None:
    result = plan_of(
        good(
            referring_agency="idva service",
            perpetrator_surname="Barker",
            perpetrator_forenames="Tom",
            children="Kit Barker (2019-03-02); Unborn (due 2027-01-15)",
            dash_score="16",
            repeat="Yes",
            victim_gender="F",
        )
    )
    assert result.can_import and result.problems == []
    case = result.create[0]
    assert case.reference == "NT/25/001" and case.is_repeat
    assert case.doc["referral"]["referring_agency"] == "IDVA"
    assert case.doc["victim"]["gender"] == "Female"
    assert case.doc["perpetrators"] == [{"surname": "Barker", "forenames": "Tom"}]
    kit, unborn = case.doc["children"]
    assert (kit["forenames"], kit["surname"], kit["date_of_birth"]) == (
        "Kit",
        "Barker",
        "2019-03-02",
    )
    assert unborn["unborn"] and unborn["date_of_birth"] == "2027-01-15"
    assert case.doc["dash"] == {"score_as_recorded": 16}


def test_problem_rows_name_the_row_and_the_field_and_stop_the_import() -> None:
    result = plan_of(
        good(),
        good(reference="B", referral_date="2027-01-01"),
        good(reference="C", victim_dob="2030-01-01"),
        good(reference="D", victim_surname=""),
        good(reference="E", dash_score="45"),
        good(reference="F", referral_date="1989-01-01"),
        good(reference="G", children="Max (2031-01-01)"),
    )
    assert not result.can_import
    by_row = {(p.row, p.column) for p in result.errors}
    assert (3, "Referral date") in by_row
    assert (4, "Victim date of birth") in by_row
    assert (5, "Victim surname") in by_row
    assert (6, "Dash score") in by_row
    assert (7, "Referral date") in by_row  # before the victim was born
    assert (8, "Children") in by_row
    assert [c.row for c in result.create] == [2]


def test_a_child_older_than_the_victim_is_flagged_for_checking_not_refused() -> None:
    result = plan_of(good(children="Ann Hassan (1980-01-01)"))
    assert result.can_import
    assert [(p.row, p.column, p.severity) for p in result.problems] == [
        (2, "Children", Severity.CHECK)
    ]


def test_formula_looking_cells_are_kept_as_text_and_flagged() -> None:
    formula = "=CMD|' /C calc'!A0"
    result = plan_of(good(victim_surname=formula, victim_aliases="@SUM(1+1)"))
    assert result.can_import
    assert result.create[0].doc["victim"]["surname"] == formula
    flagged = {p.column for p in result.problems if "formula" in p.message}
    assert flagged == {"Victim surname", "Victim aliases"}
    assert not looks_like_formula("+44 7700 900123")
    assert not looks_like_formula("-1")


def test_unknown_agency_is_kept_and_flagged() -> None:
    result = plan_of(good(referring_agency="Neighbourhood Watch"))
    assert result.can_import
    assert result.create[0].doc["referral"]["referring_agency"] == "Neighbourhood Watch"
    assert result.problems[0].severity is Severity.CHECK


def test_the_same_reference_twice_in_a_file_is_a_problem() -> None:
    result = plan_of(good(), good(victim_surname="Other"))
    assert [(p.row, p.column) for p in result.errors] == [(3, "Reference")]
    assert "row 2" in result.errors[0].message


def test_a_reference_already_used_in_the_vault_is_a_problem() -> None:
    result = plan_of(good(), used=frozenset({"nt/25/001"}))
    assert result.errors and "already has the reference" in result.errors[0].message


def test_rows_imported_before_are_skipped_not_doubled() -> None:
    first = plan_of(good(), good(reference=""))
    existing = [
        ExistingVictim("X", case.key, "Hassan", "Leila", None, case.referral_date)
        for case in first.create
    ]
    again = plan_of(good(), good(reference=""), existing=existing)
    assert again.create == [] and again.already == [2, 3]


def test_blank_rows_are_counted_and_ignored() -> None:
    result = plan_of(row(), good())
    assert result.blank_rows == 1 and len(result.create) == 1


def test_same_victim_same_day_is_a_possible_duplicate_even_misspelled() -> None:
    result = plan_of(
        good(),
        good(reference="NT/25/009", victim_surname="Hasan", victim_forenames="Leila"),
        good(reference="NT/25/010", victim_surname="Hassan", referral_date="2025-09-01"),
        existing=[
            ExistingVictim(
                "M2025-00001", "", "HASSAN", "Leyla", date(1990, 4, 12), date(2025, 3, 2)
            )
        ],
    )
    assert [(d.row, d.other) for d in result.duplicates] == [(2, "M2025-00001"), (3, "row 2")]
    assert result.can_import  # a possible duplicate is shown, not refused


cells = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(cells, min_size=0, max_size=len(COLUMNS) + 2), max_size=12))
def test_any_table_is_planned_without_crashing_and_every_row_is_accounted_for(
    rows: list[list[str]],
) -> None:
    result = plan_of(*rows)
    numbers = set(range(2, len(rows) + 2))
    created = {c.row for c in result.create}
    refused = {p.row for p in result.errors}
    assert created.isdisjoint(refused)
    assert created | refused | set(result.already) <= numbers
    assert len(created) + len(refused) + len(result.already) + result.blank_rows == len(rows)
    for problem in result.problems:
        assert problem.row in numbers and problem.message


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_dates_read_back_in_both_spellings(day: date) -> None:
    assert read_date(day.isoformat()) == day
    assert read_date(day.strftime("%d/%m/%Y")) == day


def test_a_cell_a_spreadsheet_would_run_is_flagged_even_when_it_starts_with_a_digit() -> None:
    assert looks_like_formula("=1+1")
    assert looks_like_formula("@1")
    assert looks_like_formula("-A1")
    assert not looks_like_formula("-5") and not looks_like_formula("+44 7700 900123")


def test_an_incident_date_is_imported_and_its_absence_is_said() -> None:
    result = plan_of(
        good(incident_date="28/02/2025"),
        good(reference="NT/25/002", victim_surname="Okafor", incident_date=""),
    )
    first, second = result.create
    assert first.doc["referral"]["incident_date"] == "2025-02-28"
    assert second.doc["referral"]["incident_date"] == ""  # none invented
    assert result.without_incident_date == 1


def test_an_incident_after_the_referral_is_a_problem_row() -> None:
    result = plan_of(good(incident_date="2025-03-09"))
    assert not result.create
    [problem] = result.errors
    assert problem.column == "Incident date" or "incident" in problem.line().lower()
    assert "after the referral date" in problem.message


# -- the columns the data return counts --------------------------------------------------


def test_the_data_return_columns_become_the_forms_own_answers() -> None:
    result = plan_of(
        good(
            referral_date="2025-03-02",
            heard_on="13/03/2025",
            victim_ethnicity="white: irish",
            victim_disability="y",
            victim_lgbt="Not known",
            victim_dob="",
            victim_age_band="16-17",
            perpetrator_surname="Smith",
            perpetrator_under_18="Yes",
            children="Kit Jones (2019-03-02); Unborn (due 2027-01-15)",
            children_in_household="yes",
            idva_allocated="Yes",
            idva_outcome="not contactable",
        )
    )
    assert not result.problems, [p.line() for p in result.problems]
    doc = result.create[0].doc
    assert doc["referral"]["heard_on"] == "2025-03-13"
    assert doc["victim"]["ethnicity_category"] == "White: Irish"
    assert "ethnicity" not in doc["victim"]
    assert doc["victim"]["disability"] == "Yes" and doc["victim"]["lgbt"] == "Not known"
    assert doc["victim"]["age_band"] == "16–17"
    assert doc["perpetrators"][0]["under_18"] == "Yes"
    born, unborn = doc["children"]
    assert born["lives_in_household"] == "Yes" and "lives_in_household" not in unborn
    assert doc["idva"] == {"allocated": "Yes", "outcome": "Not contactable"}


def test_an_ethnicity_that_is_not_a_census_group_is_kept_as_written_never_guessed() -> None:
    for written in ("White British", "Irish", "Asian", "black"):
        result = plan_of(good(victim_ethnicity=written))
        assert result.can_import
        victim = result.create[0].doc["victim"]
        assert victim["ethnicity"] == written and "ethnicity_category" not in victim
        (check,) = result.problems
        assert check.severity is Severity.CHECK and "kept as written" in check.message
    unknown = plan_of(good(victim_ethnicity="Unknown")).create[0].doc["victim"]
    assert unknown["ethnicity_category"] == "Not known"


@pytest.mark.parametrize(
    ("cells", "column", "says"),
    [
        ({"victim_disability": "maybe"}, "Victim disabled", "write Yes, No or Not known"),
        ({"idva_outcome": "Engaged well"}, "IDVA outcome", "Engaged, Declined"),
        ({"victim_age_band": "30"}, "Victim age band", "65 and over or Not known"),
        ({"heard_on": "2027-01-05"}, "Heard at a MARAC meeting on", "in the future"),
        ({"heard_on": "2025-02-01"}, "Heard at a MARAC meeting on", "before it was referred"),
        ({"heard_on": "31/02/2025"}, "Heard at a MARAC meeting on", "not a real date"),
    ],
)
def test_a_data_return_cell_that_says_something_else_is_refused(cells, column, says) -> None:
    result = plan_of(good(**cells))
    assert not result.create and not result.can_import
    (problem,) = result.errors
    assert problem.column == column and says in problem.message


answer_cells = st.sampled_from(
    ("", "Yes", "no", "Y", "N", "Not known", "unknown", "Engaged", "declined", "16-17",
     "65 and over", "maybe", "x", "YES ", "Not yet known")
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.fixed_dictionaries(
        {
            k: answer_cells
            for k in (
                "victim_disability",
                "victim_lgbt",
                "victim_age_band",
                "perpetrator_under_18",
                "children_in_household",
                "idva_allocated",
                "idva_outcome",
            )
        }
    )
)
def test_an_imported_answer_is_one_the_form_offers_or_the_row_is_refused(cells) -> None:
    from marac_desk.domain import referral_form as form

    result = plan_of(good(perpetrator_surname="Smith", children="Kit Jones (2019-03-02)", **cells))
    if not result.create:
        assert result.errors
        return
    doc = result.create[0].doc

    def choices(section: str, key: str) -> tuple[str, ...]:
        spec = next(f for f in form.SECTION_BY_KEY[section].fields if f.key == key)
        return ("", *spec.choices)

    for section, key in (("victim", "disability"), ("victim", "lgbt"), ("victim", "age_band")):
        assert doc["victim"].get(key, "") in choices(section, key)
    for key in ("allocated", "outcome"):
        assert doc.get("idva", {}).get(key, "") in choices("idva", key)
    assert doc["perpetrators"][0].get("under_18", "") in choices("perpetrators", "under_18")
    assert doc["children"][0].get("lives_in_household", "") in choices(
        "children", "lives_in_household"
    )
