"""Screenshots of the main screens, for looking at what a coordinator sees.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/screenshots.py [OUT_DIR]
Writes PNGs into OUT_DIR (default: screenshots/). Uses a temporary data folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWizard

from marac_desk.storage.training import create_training_vault
from marac_desk.storage.vault import discard_data_dir
from marac_desk.ui.app import make_application
from marac_desk.ui.main_window import MainWindow
from marac_desk.ui.wizard import SetupWizard


def snap(widget, out: Path, name: str) -> None:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots")
    out.mkdir(parents=True, exist_ok=True)
    make_application()
    with tempfile.TemporaryDirectory() as tmp:
        wizard = SetupWizard(Path(tmp) / "vault")
        wizard.resize(720, 540)
        wizard.show()
        snap(wizard, out, "01-wizard-welcome")
        wizard.next()
        page = wizard.account
        page.marac_name.setText("Northtown MARAC")
        page.full_name.setText("Sam Coordinator")
        page.username.setText("s.coordinator")
        page.password.setText("short")
        snap(wizard, out, "02-wizard-account-problem")
        page.password.setText("a long pass phrase")
        page.confirm.setText("a long pass phrase")
        wizard.next()
        snap(wizard, out, "03-wizard-recovery-key")
        wizard.next()
        snap(wizard, out, "04-wizard-confirm")
        wizard.button(QWizard.WizardButton.CancelButton).click()

    vault = create_training_vault()
    window = MainWindow(vault.paths.data_dir, vault, training=True)
    window.resize(1180, 760)
    window.show()
    snap(window, out, "05-main-register")
    for row, name in (
        (1, "06-accounts"),
        (2, "19-agency-directory"),
        (3, "07-audit-log"),
        (4, "08-vault-tools"),
        (5, "09-settings"),
        (6, "10-my-account"),
    ):
        window.workspace.go_to(row)
        snap(window, out, name)
    window.workspace.go_to(0)
    register = window.workspace.page(0)
    surname = register.model.row_at(0).victim.split(",")[0].title()
    register.search.setText(surname[:2] + surname[3:])  # misspelled on purpose
    register.apply_filters()
    snap(window, out, "12-register-misspelled-search")
    register.search.clear()
    register.apply_filters()
    register.new_referral()
    editor = register.editor
    victim = editor.sections["victim"].fields
    victim["surname"].set_value(register.model.row_at(0).victim.split(",")[0].title())
    victim["forenames"].set_value(register.model.row_at(0).victim.split(", ")[1])
    victim["date_of_birth"].set_value("2031-01-01")
    editor.sections["referral"].fields["referrer_name"].set_value("PC Example")
    editor.sections["referral"].fields["referrer_email"].set_value("not-an-email")
    for number in range(1, 12):
        editor.dash.answers[number][0].setCurrentIndex(1)
    editor.validate_now()
    snap(window, out, "13-referral-form")
    victim["date_of_birth"].set_value(register.model.row_at(0).victim_dob)
    editor.validate_now()
    editor.navigation.setCurrentRow(editor.navigation.count() - 2)
    snap(window, out, "14-referral-dash")
    editor.save_now()
    editor.run_repeat_check()
    from marac_desk.ui.referral.matches import MatchDialog

    dialog = MatchDialog(vault, editor.case_id, editor._earlier, window)
    dialog.show()
    snap(dialog, out, "15-match-dialog")
    dialog.close()
    editor.close_editor()
    snap_case(vault, window, out)
    snap_import(vault, window, out)
    window.lock()
    snap(window, out, "11-locked")
    data_dir = window.data_dir
    window.close()
    discard_data_dir(data_dir)


def snap_case(vault, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    """A repeat whose earlier case was itself a repeat: the longest history on show."""
    row = (
        vault.conn.execute(
            "SELECT l.case_id FROM case_links l JOIN case_links e ON e.case_id = l.earlier_case_id "
            "WHERE l.decision <> 'not_same' AND e.decision <> 'not_same' LIMIT 1"
        ).fetchone()
        or vault.conn.execute("SELECT case_id FROM case_links LIMIT 1").fetchone()
    )
    register = window.workspace.page(0)
    register.open_case(int(row[0]))
    view = register.case_view
    view.tabs.setCurrentIndex(1)
    snap(window, out, "20-case-view-history")
    view.tabs.setCurrentIndex(3)
    snap(window, out, "21-case-view-timeline")
    view.tabs.setCurrentIndex(0)
    snap(window, out, "22-case-view-people")
    view.back_button.click()


def snap_import(vault, window, out: Path) -> None:  # type: ignore[no-untyped-def]
    from marac_desk.ui.register_import import ImportRegisterDialog

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "northtown-register-2025.csv"
        path.write_text(
            "Case No,Date Referred,Referred by,Surname of person at risk,First Name,DOB,"
            "Perp Surname,Children,DASH,Repeat,Notes\n"
            "NT/25/014,03/02/2025,Police,Hassan,Leila,12/04/1990,Barker,"
            "Kit Barker (2019-03-02),16,No,\n"
            "NT/25/015,31/02/2025,IDVA,Okafor,Grace,,,2,15,Yes,\n"
            'NT/25/016,10/03/2025,Housing,=HYPERLINK("x"),Ann,1984-01-01,,,14,,\n'
            "NT/25/017,03/02/2025,Police,Hasan,Layla,12/04/1990,,,12,,copy?\n",
            encoding="utf-8",
        )
        dialog = ImportRegisterDialog(vault, window)
        dialog.path.setText(str(path))
        dialog.show()
        snap(dialog, out, "16-import-file")
        dialog.next_step()
        snap(dialog, out, "17-import-columns")
        surname = dialog.column_choices["victim_surname"]
        surname.setCurrentIndex(surname.findData(3))
        dialog.next_step()
        snap(dialog, out, "18-import-preview")
        dialog.close()


if __name__ == "__main__":
    main()
