"""The import dialog as a coordinator uses it: file, columns, preview, import."""

from __future__ import annotations

from pathlib import Path

from marac_desk.storage import cases
from marac_desk.ui.pages.register import RegisterPage
from marac_desk.ui.register_import import ImportRegisterDialog

REGISTER = (
    "Case No,Date Referred,Surname of person at risk,First Name,DOB,Notes\n"
    "NT/1,02/03/2026,Hassan,Leila,12/04/1990,x\n"
    "NT/2,31/02/2026,Okafor,Grace,,\n"
    'NT/3,04/03/2026,=HYPERLINK("http://x"),Ann,,\n'
)


def test_columns_are_matched_problems_block_and_a_fixed_file_imports(
    qtbot, qtmodeltester, vault, tmp_path: Path
) -> None:
    path = tmp_path / "register.csv"
    path.write_text(REGISTER, encoding="utf-8")
    dialog = ImportRegisterDialog(vault)
    qtbot.addWidget(dialog)
    dialog.show()

    dialog.next_step()
    assert "Choose the register file" in dialog.error.text()
    dialog.path.setText(str(path))
    dialog.next_step()
    assert dialog.steps.currentIndex() == 1
    # "Surname of person at risk" is not a heading marac-desk knows: the victim surname is
    # unmatched, and the coordinator cannot go on until it is chosen.
    assert "Victim surname" in dialog.error.text()
    assert not dialog.next_button.isEnabled()
    surname = dialog.column_choices["victim_surname"]
    surname.setCurrentIndex(surname.findData(2))
    assert dialog.error.text() == "" and dialog.next_button.isEnabled()
    assert "Notes" in dialog.unused.text()

    dialog.next_step()
    assert dialog.steps.currentIndex() == 2
    assert "1 row with a problem" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()
    rows = [dialog.problem_model.row_at(i) for i in range(dialog.problem_model.rowCount())]
    assert [(p.row, p.column) for p in rows] == [(3, "Referral date"), (4, "Victim surname")]
    for model in (dialog.create_model, dialog.problem_model, dialog.duplicate_model):
        qtmodeltester.check(model)

    path.write_text(REGISTER.replace("31/02/2026", "28/02/2026"), encoding="utf-8")
    dialog.back()
    dialog.back()
    dialog.next_step()
    surname = dialog.column_choices["victim_surname"]
    surname.setCurrentIndex(surname.findData(2))
    dialog.next_step()
    assert dialog.import_button.isEnabled()
    assert dialog.create_model.rowCount() == 3
    dialog.import_button.click()
    assert dialog.imported == 3
    assert {r.reference for r in cases.register(vault)} == {"NT/1", "NT/2", "NT/3"}


def test_a_file_that_cannot_be_read_is_explained_and_nothing_moves(
    qtbot, vault, tmp_path: Path
) -> None:
    path = tmp_path / "register.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    dialog = ImportRegisterDialog(vault)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(path))
    dialog.next_step()
    assert dialog.steps.currentIndex() == 0
    assert "not an Excel workbook" in dialog.error.text()


def test_register_page_offers_the_import(qtbot, vault) -> None:
    page = RegisterPage(vault)
    qtbot.addWidget(page)
    assert not page.import_button.isHidden()
