"""Importing an earlier register: files read as written, all or nothing, never twice."""

from __future__ import annotations

import csv
import io
import random
import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlcipher3
from openpyxl import Workbook

from marac_desk.domain import register_columns as columns
from marac_desk.domain.register_import import Table
from marac_desk.errors import ValidationError
from marac_desk.exchange.table_files import TableFileError, read_table, template_csv
from marac_desk.storage import audit, case_search, cases, referrals, register_import, repeats
from marac_desk.storage.vault import Vault

HEADERS = [c.header for c in columns.COLUMNS]


def write_csv(path: Path, rows: list[dict[str, str]], encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        for values in rows:
            writer.writerow([values.get(c.key, "") for c in columns.COLUMNS])
    return path


ROWS = [
    {
        "reference": "NT/26/001",
        "referral_date": "2026-03-24",
        "referring_agency": "Police",
        "victim_surname": "Hassan",
        "victim_forenames": "Leila",
        "victim_dob": "12/04/1990",
        "victim_address": "4 Elm Row, Northtown",
        "perpetrator_surname": "Barker",
        "perpetrator_forenames": "Tom",
        "children": "Kit Barker (2019-03-02)",
        "dash_score": "16",
    },
    {
        "reference": "NT/26/002",
        "referral_date": "2026-05-10",
        "victim_surname": "Kowalska",
        "victim_forenames": "Anna",
        "status": "Declined",
    },
    {"referral_date": "2025-01-15", "victim_surname": "Okafor", "victim_forenames": "Grace"},
]


def load(vault: Vault, path: Path, **kwargs: str):  # type: ignore[no-untyped-def]
    table = read_table(path, **kwargs)
    return table, register_import.preview(
        vault, table, columns.guess_mapping(table.headers), today=date(2026, 11, 24)
    )


def test_import_creates_every_case_and_reimport_creates_nothing(
    vault: Vault, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "register.csv", ROWS)
    _, plan = load(vault, path)
    assert plan.counts()["to create"] == 3 and plan.can_import
    result = register_import.run(vault, plan, source=path.name)
    assert result.created == 3
    assert result.references[:2] == ["NT/26/001", "NT/26/002"]
    assert result.references[2] == "M2025-00001"  # given one, from its referral year

    rows = {r.reference: r for r in cases.register(vault)}
    leila = rows["NT/26/001"]
    assert leila.victim == "HASSAN, Leila" and leila.victim_dob == "1990-04-12"
    assert leila.children == 1 and leila.dash_score == 16 and leila.referring_agency == "POLICE"
    assert rows["NT/26/002"].status.value == "declined"
    assert leila.last_referral_on == "2026-03-24"
    assert case_search.search(vault, "Elm Row")  # addresses are searchable

    _, again = load(vault, path)
    assert again.counts()["to create"] == 0 and again.counts()["already imported"] == 3
    register_import.run(vault, again, source=path.name)
    assert len(cases.register(vault)) == 3
    logged = vault.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'register_imported'"
    ).fetchone()[0]
    assert logged == 2


def test_an_imported_case_is_found_as_an_earlier_referral(vault: Vault, tmp_path: Path) -> None:
    """The point of the import: eight months later, the repeat check knows Leila."""
    _, plan = load(vault, write_csv(tmp_path / "r.csv", ROWS))
    register_import.run(vault, plan, source="r.csv")
    doc = {
        "referral": {"referral_date": "2026-11-24"},
        "victim": {"surname": "Hasan", "forenames": "Layla", "date_of_birth": "1990-04-12"},
        "perpetrators": [{"surname": "Barker", "forenames": "Thomas"}],
    }
    earlier = repeats.find_earlier(vault, doc, None, record=False)
    assert earlier and earlier[0].reference == "NT/26/001"
    assert earlier[0].within_window and earlier[0].perpetrator_match


def test_a_problem_row_stops_the_whole_import(vault: Vault, tmp_path: Path) -> None:
    bad = [*ROWS, {"referral_date": "2026-02-30", "victim_surname": "Nguyen"}]
    _, plan = load(vault, write_csv(tmp_path / "r.csv", bad))
    assert not plan.can_import
    assert [p.line() for p in plan.errors] == [
        "row 5, Referral date: “2026-02-30” is not a real date."
    ]
    with pytest.raises(ValidationError, match="row 5"):
        register_import.run(vault, plan, source="r.csv")
    assert cases.register(vault) == []


def test_a_failure_part_way_leaves_nothing_behind(vault: Vault, tmp_path: Path) -> None:
    _, plan = load(vault, write_csv(tmp_path / "r.csv", ROWS))
    # The write fails at the third person's link, after cases, referrals and people were
    # written: as a full disk would stop it part way.
    vault.conn.execute(
        "CREATE TEMP TRIGGER fail_part_way BEFORE INSERT ON main.case_persons "
        "WHEN (SELECT count(*) FROM main.case_persons) >= 2 "
        "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
    )
    with pytest.raises(sqlcipher3.IntegrityError, match="disk full"):
        register_import.run(vault, plan, source="r.csv")
    vault.conn.execute("DROP TRIGGER temp.fail_part_way")
    assert cases.register(vault) == []
    for table in ("persons", "referrals", "case_persons", "case_search"):
        assert vault.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0
    assert not [e for e in audit.entries(vault.conn) if e.action == "register_imported"]


def test_a_reference_already_in_the_vault_is_refused(vault: Vault, tmp_path: Path) -> None:
    saved = referrals.save_draft(vault, {"victim": {"surname": "Earlier"}})
    clash = [{"reference": saved.reference, "referral_date": "2026-01-01", "victim_surname": "X"}]
    _, plan = load(vault, write_csv(tmp_path / "r.csv", clash))
    assert "already has the reference" in plan.errors[0].message


def test_an_agency_representative_may_not_import(
    vault: Vault, data_dir: Path, tmp_path: Path
) -> None:
    from marac_desk.errors import PermissionDeniedError
    from tests.storage.test_meetings import legacy_representative

    rep = legacy_representative(vault, data_dir, "POLICE")
    try:
        table = read_table(write_csv(tmp_path / "r.csv", ROWS))
        with pytest.raises(PermissionDeniedError):
            register_import.preview(rep, table, columns.guess_mapping(table.headers))
    finally:
        rep.close(action=None)


# --- files as people actually send them ------------------------------------------------


def test_windows_1252_file_names_the_line_and_reads_when_chosen(tmp_path: Path) -> None:
    rows = [*ROWS, {"referral_date": "2026-01-02", "victim_surname": "Ní Bhriain"}]
    path = write_csv(tmp_path / "old-excel.csv", rows, encoding="cp1252")
    with pytest.raises(TableFileError, match=r"old-excel.csv, line 5: .*Windows-1252"):
        read_table(path)
    table = read_table(path, encoding="cp1252")
    assert table.rows[-1][1][columns.COLUMNS.index(columns.COLUMN_BY_KEY["victim_surname"])] == (
        "Ní Bhriain"
    )


def test_semicolon_separated_and_excel_bom(tmp_path: Path) -> None:
    path = tmp_path / "semi.csv"
    path.write_bytes("\ufeffReferral date;Victim surname;Notes\n2026-01-02;Ali;x\n".encode())
    table = read_table(path)
    assert table.headers == ["Referral date", "Victim surname", "Notes"]
    assert table.rows == [(2, ["2026-01-02", "Ali", "x"])]


def test_missing_and_extra_columns(vault: Vault, tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("Surname,Colour\nAli,red\n", encoding="utf-8")
    table = read_table(path)
    mapping = columns.guess_mapping(table.headers)
    problems = columns.mapping_problems(table.headers, mapping)
    assert problems == [
        "No column is chosen for “Referral date”: add it to the file or choose which column "
        "holds it."
    ]
    assert columns.unused_headers(table.headers, mapping) == ["Colour"]


def test_a_file_named_xlsx_that_is_not_one(tmp_path: Path) -> None:
    fake = tmp_path / "register.xlsx"
    fake.write_text("Referral date,Victim surname\n", encoding="utf-8")
    with pytest.raises(TableFileError, match="not an Excel workbook"):
        read_table(fake)
    broken = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(TableFileError, match="not a readable Excel workbook"):
        read_table(broken)
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(TableFileError, match="97-2003"):
        read_table(old)
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(TableFileError, match="not a text file"):
        read_table(binary)


def test_xlsx_cells_come_back_as_written_and_formulas_stay_text(
    vault: Vault, tmp_path: Path
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["Notes above the table"])
    sheet.append([])
    sheet.append(
        ["Reference", "Referral date", "Victim surname", "Dash score", "Victim date of birth"]
    )
    sheet.append(["NT/1", datetime(2026, 2, 3), "=CMD|' /C calc'!A0", 15.0, "1990-01-01"])
    path = tmp_path / "register.xlsx"
    book.save(path)
    # The first non-empty row is taken as the headings: here the note, so map by hand.
    table = read_table(path)
    assert table.headers == ["Notes above the table"]
    book = Workbook()
    sheet = book.active
    sheet.append(["Reference", "Referral date", "Victim surname", "Dash score"])
    sheet.append(["NT/1", datetime(2026, 2, 3), "=CMD|' /C calc'!A0", 15.0])
    book.save(path)
    table = read_table(path)
    assert table.rows == [(2, ["NT/1", "2026-02-03", "=CMD|' /C calc'!A0", "15"])]
    plan = register_import.preview(vault, table, columns.guess_mapping(table.headers))
    assert plan.can_import
    assert [p.column for p in plan.problems] == ["Victim surname"]
    register_import.run(vault, plan, source=path.name)
    assert cases.register(vault)[0].victim == "=CMD|' /C CALC'!A0"


def test_a_hundred_thousand_rows_are_read_and_the_bad_one_named(
    vault: Vault, tmp_path: Path
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Referral date", "Victim surname", "Victim forenames"])
    rng = random.Random(100_000)
    letters = "abcdefghijklmnopqrstuvwxyz"
    for number in range(100_000):
        surname = "".join(rng.choice(letters) for _ in range(7)).title()
        forenames = "".join(rng.choice(letters) for _ in range(5)).title()
        writer.writerow([f"2025-{1 + number % 12:02d}-{1 + number % 28:02d}", surname, forenames])
    writer.writerow(["2025-01-01", "", "No surname"])
    path = tmp_path / "big.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    table = read_table(path)
    plan = register_import.preview(vault, table, columns.guess_mapping(table.headers))
    assert plan.counts()["to create"] == 100_000
    assert [p.line() for p in plan.errors] == [
        "row 100002, Victim surname: the victim's surname is missing."
    ]


def test_the_template_reads_back_as_its_own_columns(tmp_path: Path) -> None:
    path = tmp_path / "template.csv"
    path.write_bytes(template_csv())
    table = read_table(path)
    assert table.headers == HEADERS and table.rows == []
    assert columns.guess_mapping(table.headers) == {c.key: i for i, c in enumerate(columns.COLUMNS)}


def test_readme_documents_every_template_column() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    for column in columns.COLUMNS:
        assert f"| {column.header} |" in readme, column.header


def test_empty_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(TableFileError, match="empty"):
        read_table(path)
    assert Table([], []).rows == []


def test_a_stale_sheet_dimension_loses_no_row(vault: Vault, tmp_path: Path) -> None:
    from tests.fixtures.make_sheets import stale_dimension

    table, plan = load(vault, stale_dimension(tmp_path, 20))
    assert len(table.rows) == 20
    assert plan.counts()["to create"] == 20


def test_a_nul_anywhere_in_a_csv_is_refused_with_its_line(tmp_path: Path) -> None:
    from tests.fixtures.make_sheets import nul_in_csv

    with pytest.raises(TableFileError, match="line 5: holds a NUL"):
        read_table(nul_in_csv(tmp_path))


def test_a_part_that_unpacks_too_far_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    from marac_desk.exchange import table_files
    from tests.fixtures.make_sheets import huge_part

    monkeypatch.setattr(table_files, "MAX_PART", 1024 * 1024)
    with pytest.raises(TableFileError, match="unpacks to far more"):
        read_table(huge_part(tmp_path, 2 * 1024 * 1024))


def test_a_reference_reused_for_another_victim_is_a_problem_not_already_imported(
    vault: Vault, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "register.csv", ROWS[:1])
    _, plan = load(vault, path)
    register_import.run(vault, plan, source=path.name)
    reused = [{**ROWS[0], "victim_surname": "Someone", "victim_forenames": "Else"}]
    _, again = load(vault, write_csv(tmp_path / "later.csv", reused))
    assert again.counts()["already imported"] == 0
    assert not again.can_import
    assert any("imported before for another victim" in p.message for p in again.problems)


def test_an_imported_register_gives_the_first_quarters_return(vault: Vault, tmp_path: Path) -> None:
    """Cases heard before marac-desk count in the quarter of their hearing, with what the
    register says about them; an ethnicity typed as text waits for a coordinator."""
    from marac_desk.domain import data_return as dr
    from marac_desk.storage import data_return

    rows = [
        {
            "referral_date": "2026-07-01",
            "heard_on": "2026-07-16",
            "referring_agency": "Police",
            "victim_surname": f"Person{n}",
            "victim_dob": "2009-09-01" if n == 0 else "1990-01-01",
            "victim_ethnicity": "Asian or Asian British: Pakistani" if n < 2 else "White British",
            "victim_disability": "Yes" if n == 1 else "No",
            "children": "Kit Jones (2019-03-02); Sam Jones (2021-05-05)",
            "children_in_household": "Yes" if n < 3 else "",
            "idva_outcome": "Engaged",
        }
        for n in range(4)
    ]
    path = write_csv(tmp_path / "register.csv", rows)
    _, plan = load(vault, path)
    assert plan.can_import, [p.line() for p in plan.errors]
    register_import.run(vault, plan, source=path.name)
    result = data_return.make(vault, dr.Quarter(2026, 3), today=date(2026, 11, 24))
    assert result.meeting_dates == (date(2026, 7, 16),)
    assert result.value(None, "cases") == 4 and result.value(None, "police") == 4
    assert result.value(None, "minoritised") == 2 and result.value(None, "disabled") == 1
    assert result.value(None, "aged_16_17") == 1
    assert result.value(None, "children") == 6 and result.value(None, "children_not_recorded") == 2
    assert result.value(None, "ethnicity_not_mapped") == 2
