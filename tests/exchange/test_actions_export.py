"""The actions tracker exported as the user filtered it: XLSX and PDF, marked and logged."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from marac_desk.errors import ValidationError
from marac_desk.exchange import actions_export
from marac_desk.storage import actions, audit


def test_the_actions_listed_go_to_excel_and_pdf_as_text_with_the_marking(held, tmp_path) -> None:
    vault, _ = held
    rows = actions.tracker(vault, outstanding_only=False)
    assert rows
    # An action typed as if it were a formula stays text in Excel.
    rows[0] = replace(rows[0], action=replace(rows[0].action, text='=HYPERLINK("x")'))
    late = replace(rows[1].action, due_on=date.today() - timedelta(days=2))
    rows[1] = replace(rows[1], action=late)
    workbook = actions_export.export_actions(vault, rows, tmp_path / "actions.xlsx")
    sheet = load_workbook(workbook).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "OFFICIAL-SENSITIVE"
    assert values[3][:2] == ["Due", "Agency"]
    assert len(values) == 4 + len(rows)
    formula = next(r for r in sheet.iter_rows(min_row=5) if r[7].value == '=HYPERLINK("x")')
    assert formula[7].data_type == "s"
    assert any("(overdue)" in str(v[0]) for v in values[4:])
    document = actions_export.export_actions(vault, rows[:3], tmp_path / "actions.pdf")
    text = "".join(page.extract_text() for page in PdfReader(document).pages)
    assert "OFFICIAL-SENSITIVE" in text and rows[2].reference in text
    logged = [e for e in audit.entries(vault.conn) if e.action == "actions_exported"]
    assert [e.detail["actions"] for e in logged] == [len(rows), 3]
    assert all(rows[0].action.text not in str(e.detail) for e in logged)


def test_a_bad_ending_or_nothing_listed_is_refused_and_nothing_written(held, tmp_path) -> None:
    vault, _ = held
    rows = actions.tracker(vault)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(ValidationError, match=r"\.xlsx"):
        actions_export.export_actions(vault, rows, out / "actions.csv")
    with pytest.raises(ValidationError, match="No action"):
        actions_export.export_actions(vault, [], out / "actions.xlsx")
    assert list(Path(out).iterdir()) == []
