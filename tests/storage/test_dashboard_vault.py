"""The dashboard from a real vault: what SQL reads is what the research grid, the action
tracker and the referrals say, and the PDF report carries the charts, marked for a
screen reader."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from marac_desk import data_return_commands
from marac_desk.domain import dashboard as db
from marac_desk.domain import data_return as dr
from marac_desk.domain.research import Standing
from marac_desk.domain.roles import Permission
from marac_desk.errors import PermissionDeniedError
from marac_desk.exchange import charts
from marac_desk.storage import dashboard, data_return, meetings, research_status
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import Vault, sign_in

THIS_QUARTER = dr.Quarter.containing(date.today())


@pytest.fixture
def trained(register: Path, tmp_path: Path):
    folder = tmp_path / "vault"
    shutil.copytree(register, folder)
    opened = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    yield opened
    opened.close(action=None)


def test_research_read_by_sql_is_the_research_grid(trained: Vault) -> None:
    today = date.today()
    found = dashboard.research(trained.conn, db.Year(THIS_QUARTER), today)
    assert found, "the training meeting has research asked for"
    by_day: dict[date, Counter[tuple[str, str]]] = {}
    for asked in found:
        state = "nil" if asked.nil else "returned" if asked.returned else "missing"
        by_day.setdefault(asked.meeting_day, Counter())[(asked.agency, state)] += 1
    listed = {m.details.meeting_date: m.meeting_id for m in meetings.listed(trained)}
    for day, counts in by_day.items():
        grid = research_status.grid(trained, listed[day], today)
        for code in grid.agencies:
            name = grid.names.get(code, code)
            assert counts[(name, "nil")] == grid.count(code, Standing.NIL)
            assert counts[(name, "returned")] == grid.count(code, Standing.RETURNED)
            assert counts[(name, "missing")] == grid.count(code, Standing.REQUESTED) + grid.count(
                code, Standing.OVERDUE
            )


def test_actions_and_referrals_read_by_sql(trained: Vault) -> None:
    year = db.Year(THIS_QUARTER)
    actions = dashboard.actions(trained.conn, year)
    assert actions, "the meeting held a fortnight ago agreed actions"
    raw = trained.conn.execute(
        "SELECT count(*) FROM actions a JOIN meetings m ON m.id = a.meeting_id "
        "WHERE m.meeting_date BETWEEN ? AND ?",
        (year.first_day.isoformat(), year.last_day.isoformat()),
    ).fetchone()[0]
    assert len(actions) == raw
    assert all(a.agency and not re.fullmatch(r"[A-Z_]+", a.agency) for a in actions)  # names
    days = dashboard.referral_days(trained.conn, year)
    referred = trained.conn.execute(
        "SELECT count(*) FROM cases c JOIN referrals r ON r.case_id = c.id "
        "WHERE c.status <> 'draft' AND r.referral_date BETWEEN ? AND ?",
        (year.first_day.isoformat(), year.last_day.isoformat()),
    ).fetchone()[0]
    assert len(days) == referred > 0


def test_the_dashboard_asks_for_the_data_return_permission_first() -> None:
    """Only coordinators and administrators hold it (test_data_return_vault); a vault
    whose user does not is refused before anything is read."""

    class Without:
        conn = None  # touching it would fail the test differently

        def require(self, permission: Permission) -> None:
            assert permission is Permission.MAKE_DATA_RETURN
            raise PermissionDeniedError("not allowed")

    with pytest.raises(PermissionDeniedError):
        dashboard.make(Without(), THIS_QUARTER)  # type: ignore[arg-type]


def test_the_pdf_reports_carry_the_charts_as_tagged_figures(trained: Vault, tmp_path) -> None:
    made = {}
    for suppress in (False, True):
        folder = tmp_path / str(suppress)
        folder.mkdir()
        (made[suppress],) = data_return_commands.export(
            trained, THIS_QUARTER.code, folder, suppress=suppress, formats=("pdf",)
        )
    for path in made.values():
        text = "".join(p.extract_text() for p in PdfReader(path).pages)
        assert "Dashboard:" in text
        for title in ("Referrals received per month", "Repeat rate", "IDVA engagement"):
            assert title in text
        with pikepdf.open(path) as document:
            figures = [
                e for e in _elements(document.Root.StructTreeRoot) if e.get("/S") == "/Figure"
            ]
            assert len(figures) == 8
            assert all(str(f.get("/Alt", "")).strip() for f in figures)
    local = "".join(p.extract_text() for p in PdfReader(made[True]).pages)
    assert "hidden (*) as in the table above" in local


def _elements(node):  # type: ignore[no-untyped-def]
    kids = node.get("/K")
    if kids is None:
        return
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, pikepdf.Dictionary):
            yield kid
            yield from _elements(kid)


def test_the_screen_gets_svg_qt_can_draw(trained: Vault) -> None:
    for chart in db.charts(dashboard.make(trained, THIS_QUARTER)):
        drawn = charts.svg(chart).decode("utf-8")
        assert "<svg" in drawn and "clipPath" not in drawn  # Qt would paint it black
        assert "DejaVu Sans" in drawn


def test_the_return_from_the_years_facts_is_the_return(trained: Vault) -> None:
    for quarter in (THIS_QUARTER.previous(), THIS_QUARTER.previous().previous()):
        counted = dashboard.make(trained, quarter)
        alone = data_return.make(trained, quarter)
        assert data_return.make(trained, quarter, facts=counted.facts.cases) == alone
        assert dashboard.quarter_return(counted) == alone
        assert alone.cells[(None, "cases")].cases  # a coordinator's has its cases


def test_an_administrator_gets_the_dashboards_returns_without_cases(trained: Vault) -> None:
    from marac_desk.domain.roles import Role
    from marac_desk.storage import accounts
    from tests.storage.test_accounts import TEMP, add

    add(trained, "ida", frozenset({Role.ADMINISTRATOR}))
    ida = sign_in(trained.paths.data_dir, "ida", TEMP)
    try:
        accounts.change_own_password(ida, TEMP, "ida's own password")
        counted = dashboard.make(ida, THIS_QUARTER.previous())
        assert counted.returns and all(
            cell.cases == () for r in counted.returns.values() for cell in r.cells.values()
        )
        assert not any(r.references for r in counted.returns.values())
        assert counted.facts.cases == ()  # no case's facts leave storage for her
        full = dashboard.make(trained, THIS_QUARTER.previous())
        assert counted.values == full.values  # the same counts
        assert [c.series for c in db.charts(counted)] == [c.series for c in db.charts(full)]
    finally:
        ida.close(action=None)
