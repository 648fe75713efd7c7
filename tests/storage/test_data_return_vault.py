"""The data return from a real vault: the facts read by SQL are the ones the form holds,
who may make it and who may open the cases behind a count, and the files it writes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from marac_desk import data_return_commands
from marac_desk.domain import data_return as dr
from marac_desk.domain import referral_form as form
from marac_desk.domain.roles import Role
from marac_desk.errors import ValidationError
from marac_desk.storage import agencies, case_file, data_return
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import Vault, sign_in
from tests.cli.test_commands import run

Q = dr.Quarter(2026, 3)


@pytest.fixture
def trained(register: Path, tmp_path: Path):
    folder = tmp_path / "vault"
    shutil.copytree(register, folder)
    opened = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    yield opened
    opened.close(action=None)


def quarter_with_cases(vault: Vault) -> dr.Quarter:
    """The quarter of the training register's most recent hearings from its earlier
    register (heard_on), which always holds cases."""
    days = [
        date.fromisoformat(r[0])
        for r in vault.conn.execute(
            "SELECT json_extract(form, '$.referral.heard_on') FROM referrals "
            "WHERE json_extract(form, '$.referral.heard_on') IS NOT NULL"
        )
    ]
    return dr.Quarter.containing(max(days)).previous()


def test_the_facts_read_by_sql_are_the_forms(trained: Vault) -> None:
    quarter = quarter_with_cases(trained)
    facts = {
        f.case_id: f
        for f in data_return.case_facts(
            trained.conn, quarter.first_day, quarter.last_day, agencies.categories(trained.conn)
        )
    }
    assert len(facts) > 20
    for case_id, found in list(facts.items())[:40]:
        doc = json.loads(
            trained.conn.execute(
                "SELECT form FROM referrals WHERE case_id = ? ORDER BY id DESC", (case_id,)
            ).fetchone()[0]
        )
        assert found.ethnicity_category == form.text(doc, "victim", "ethnicity_category")
        assert found.gender == form.text(doc, "victim", "gender")
        assert found.heard_on == form.text(doc, "referral", "heard_on")
        living, unknown = dr.children_counts(form.people(doc, "children"))
        assert (found.children_in_household, found.children_not_recorded) == (living, unknown)
        agency = form.text(doc, "referral", "referring_agency")
        assert found.agency_is_police == (agency == "POLICE")
    result = data_return.make(trained, quarter)
    assert result.value(None, "cases") == sum(
        1 for f in facts.values() if dr.discussed_on(f, date.today()) in quarter
    )
    assert result.value(None, "police") + result.value(None, "partner") + result.value(
        None, "agency_not_recorded"
    ) == result.value(None, "cases")


def test_the_cases_behind_a_count_are_those_cases(trained: Vault) -> None:
    quarter = quarter_with_cases(trained)
    result = data_return.make(trained, quarter)
    cell = result.cells[(dr.TOTAL, "male")]
    for case_id in cell.cases:
        victim = next(p for p in case_file.people(trained.conn, case_id) if p.role == "victim")
        assert victim.gender == "Male"
    assert data_return.may_see_cases(trained)


def test_an_administrator_gets_the_counts_and_no_case_behind_them(trained: Vault) -> None:
    from tests.storage.test_accounts import TEMP, add

    quarter = quarter_with_cases(trained)
    full = data_return.make(trained, quarter)
    assert full.cells[(dr.TOTAL, "cases")].cases and full.references
    add(trained, "ida", frozenset({Role.ADMINISTRATOR}))
    ida = sign_in(trained.paths.data_dir, "ida", TEMP)
    try:
        from marac_desk.storage import accounts

        accounts.change_own_password(ida, TEMP, "ida's own password")
        counted = data_return.make(ida, quarter)
        assert {k: c.value for k, c in counted.cells.items()} == {
            k: c.value for k, c in full.cells.items()
        }
        assert all(c.cases == () for c in counted.cells.values()) and not counted.references
        assert not data_return.may_see_cases(ida)
    finally:
        ida.close(action=None)


def test_who_may_make_the_return_and_see_its_cases() -> None:
    from marac_desk.domain.roles import Permission, may

    for role in (Role.ADMINISTRATOR, Role.COORDINATOR):
        assert may(frozenset({role}), Permission.MAKE_DATA_RETURN)
    # Counts for an administrator; the cases behind them only for a coordinator.
    assert not may(frozenset({Role.ADMINISTRATOR}), Permission.VIEW_ALL_CASES)
    assert not may(frozenset({Role.AGENCY_REPRESENTATIVE}), Permission.MAKE_DATA_RETURN)


def test_the_command_writes_both_kinds_and_refuses_bad_input(register, tmp_path) -> None:
    data = tmp_path / "vault"
    shutil.copytree(register, data)
    with_cases = sign_in(data, TRAINING_USER, TRAINING_PASSWORD)
    quarter = quarter_with_cases(with_cases).code
    with_cases.close(action=None)
    out = tmp_path / "out"
    out.mkdir()
    common = ("data-return", "--data-dir", str(data), "--user", "trainee", "--out", str(out))
    done = run(*common, "--quarter", quarter, password=TRAINING_PASSWORD)
    assert done.returncode == 0, done.stderr
    done = run(*common, "--quarter", quarter, "--suppress", password=TRAINING_PASSWORD)
    assert done.returncode == 0, done.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        f"data-return-{quarter}-{kind}.{fmt}"
        for kind in ("SafeLives", "local-suppressed")
        for fmt in ("csv", "pdf", "xlsx")
    )
    real = list(
        csv.reader(
            io.StringIO((out / f"data-return-{quarter}-SafeLives.csv").read_text("utf-8-sig"))
        )
    )
    local = list(
        csv.reader(
            io.StringIO(
                (out / f"data-return-{quarter}-local-suppressed.csv").read_text("utf-8-sig")
            )
        )
    )
    assert "Real counts" in real[0][0] and "hidden" in local[0][0]
    table = {row[0]: row[1:-1] for row in real[4:]}
    hidden = {row[0]: row[1:-1] for row in local[4:]}
    assert table.keys() == hidden.keys()
    for label, values in table.items():
        for value, shown in zip(values, hidden[label], strict=True):
            assert shown in (value, "*")
            if 0 < int(value) < 5:
                assert shown == "*", label
    assert "*" not in {v for values in table.values() for v in values}
    text = "".join(
        p.extract_text()
        for p in PdfReader(out / f"data-return-{quarter}-local-suppressed.pdf").pages
    )
    assert "Local report" in text and "What each count means" in text

    again = run(*common, "--quarter", quarter, password=TRAINING_PASSWORD)
    assert again.returncode == 1 and "already in" in again.stderr
    bad = run(*common, "--quarter", "2026Q5", password=TRAINING_PASSWORD)
    assert bad.returncode == 1 and "such as 2026Q3" in bad.stderr
    assert len(list(out.iterdir())) == 6


def test_a_missing_folder_is_refused(trained: Vault, tmp_path) -> None:
    with pytest.raises(ValidationError, match="not a folder"):
        data_return_commands.export(trained, "2026Q3", tmp_path / "nowhere", suppress=False)


def test_the_facts_kept_beside_each_referral_follow_every_write(trained: Vault) -> None:
    """referral_facts is kept by SQLite's own triggers: an insert, a change made with the
    raw library (no marac-desk code between), and a deletion with foreign keys off."""
    conn = trained.conn
    fields = (
        "SELECT f.fields = json_extract(r.form, '$.referral.referral_date', "
        "'$.referral.heard_on', '$.victim.ethnicity_category', '$.victim.ethnicity', "
        "'$.victim.lgbt', '$.victim.disability', '$.victim.gender', '$.victim.date_of_birth', "
        "'$.victim.age_band', '$.children', '$.perpetrators', '$.idva.outcome') "
        "AND f.case_id = r.case_id AND f.referring_agency = r.referring_agency "
        "FROM referrals r LEFT JOIN referral_facts f ON f.referral_id = r.id"
    )
    assert {bool(row[0]) for row in conn.execute(fields)} == {True}
    (referral_id,) = conn.execute("SELECT id FROM referrals LIMIT 1").fetchone()
    with trained.transaction():
        conn.execute(
            "UPDATE referrals SET form = json_set(form, '$.victim.lgbt', 'Yes', "
            "'$.referral.heard_on', '2026-08-20') WHERE id = ?",
            (referral_id,),
        )
    kept = json.loads(
        conn.execute(
            "SELECT fields FROM referral_facts WHERE referral_id = ?", (referral_id,)
        ).fetchone()[0]
    )
    assert kept[1] == "2026-08-20" and kept[4] == "Yes"
    assert conn.execute(
        "SELECT heard_on FROM referral_facts WHERE referral_id = ?", (referral_id,)
    ).fetchone() == ("2026-08-20",)
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        with trained.transaction():
            conn.execute("DELETE FROM referrals WHERE id = ?", (referral_id,))
    finally:
        conn.execute("PRAGMA foreign_keys = ON")
    assert conn.execute(
        "SELECT count(*) FROM referral_facts WHERE referral_id = ?", (referral_id,)
    ).fetchone() == (0,)
    assert {bool(row[0]) for row in conn.execute(fields)} == {True}
