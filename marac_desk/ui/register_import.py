"""Import register: choose the file, match its columns, check the preview, import.

Three steps in one dialog. Nothing is written until the last button, and then all of it
in one transaction (storage.register_import.run) or none.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.criteria import Severity
from marac_desk.domain.dates import uk_date
from marac_desk.domain.register_columns import (
    COLUMNS,
    Mapping,
    guess_mapping,
    mapping_problems,
    unused_headers,
)
from marac_desk.domain.register_import import Duplicate, ImportedCase, Plan, RowProblem, Table
from marac_desk.errors import MaracDeskError
from marac_desk.exchange.table_files import ENCODINGS, read_table, template_csv
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import register_import
from marac_desk.storage.vault import Vault
from marac_desk.ui.models import Column, RowsModel
from marac_desk.ui.pages.base import fit_columns, make_table
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import (
    busy,
    error_label,
    fit_to_screen,
    hint_label,
    intro_label,
    title_label,
    tr,
)

FILE_FILTER = "Registers (*.csv *.xlsx);;CSV (*.csv);;Excel workbook (*.xlsx)"
_NOT_IN_FILE = -1

CREATE_COLUMNS: list[Column[ImportedCase]] = [
    Column(tr("Row"), lambda c: c.row, lambda c: c.row),
    Column(tr("Reference"), lambda c: c.reference or tr("(new)")),
    Column(tr("Victim"), lambda c: c.victim),
    Column(tr("Date of birth"), lambda c: uk_date(c.victim_dob)),
    Column(tr("Referral date"), lambda c: uk_date(c.referral_date)),
    Column(tr("Status"), lambda c: c.status.label),
    Column(tr("Repeat"), lambda c: tr("Repeat") if c.is_repeat else ""),
]
PROBLEM_COLUMNS: list[Column[RowProblem]] = [
    Column(tr("Row"), lambda p: p.row, lambda p: p.row),
    Column(tr("Column"), lambda p: p.column),
    Column(
        tr("Kind"),
        lambda p: tr("Problem") if p.severity is Severity.ERROR else tr("Check"),
    ),
    Column(tr("What is wrong"), lambda p: p.message),
]
DUPLICATE_COLUMNS: list[Column[Duplicate]] = [
    Column(tr("Row"), lambda d: d.row, lambda d: d.row),
    Column(tr("Same victim, same day as"), lambda d: d.other),
    Column(tr("Why"), lambda d: "; ".join(d.reasons)),
]


class ImportRegisterDialog(QDialog):
    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle(tr("Import an earlier case register"))
        fit_to_screen(self, 980, 680)
        self.table: Table | None = None
        self.plan: Plan | None = None
        self.imported = 0

        layout = QVBoxLayout(self)
        self.steps = QStackedWidget()
        layout.addWidget(self.steps, 1)
        self.error = error_label()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox()
        self.back_button = self.buttons.addButton(
            tr("< &Back"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.next_button = self.buttons.addButton(
            tr("&Next >"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            tr("&Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("primary")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next_step)
        self.import_button.clicked.connect(self.run_import)
        layout.addWidget(self.buttons)

        self.steps.addWidget(self._file_step())
        self.steps.addWidget(self._columns_step())
        self.steps.addWidget(self._preview_step())
        self._show_step(0)

    # -- step 1: the file ----------------------------------------------------------

    def _file_step(self) -> QWidget:
        page, column = _step_page(tr("1. Choose the register file"))
        column.addWidget(
            intro_label(
                tr(
                    "A CSV or Excel (.xlsx) file with one row per referral. Use the template, "
                    "or any layout: you match its columns in the next step. Nothing is "
                    "imported until you have seen the preview."
                )
            )
        )
        form = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName(tr("Register file"))
        self.path.setPlaceholderText(tr("No file chosen"))
        browse = QPushButton(tr("&Choose file…"))
        browse.clicked.connect(self._choose_file)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow(tr("File"), row)
        self.encoding = QComboBox()
        self.encoding.setAccessibleName(tr("Encoding of a CSV file"))
        for code, label in ENCODINGS.items():
            self.encoding.addItem(label, code)
        form.addRow(tr("Encoding (CSV only)"), self.encoding)
        column.addLayout(form)
        template = QPushButton(tr("&Save the template…"))
        template.clicked.connect(self._save_template)
        template_row = QHBoxLayout()
        template_row.addWidget(template)
        template_hint = hint_label(tr("An empty CSV with the columns marac-desk reads, in order."))
        template_hint.setWordWrap(False)
        template_row.addWidget(template_hint)
        template_row.addStretch(1)
        column.addLayout(template_row)
        column.addStretch(1)
        return page

    def _choose_file(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, tr("Choose the register"), str(Path.home()), FILE_FILTER
        )
        if chosen:
            self.path.setText(chosen)

    def _save_template(self) -> None:
        target, _ = QFileDialog.getSaveFileName(
            self,
            tr("Save the register template"),
            str(Path.home() / "marac-register-template.csv"),
            "CSV (*.csv)",
        )
        if target:
            try:
                atomic_write_bytes(Path(target), template_csv())
            except OSError as exc:
                self.error.setText(tr("The template could not be saved: {0}").format(exc))

    def read_file(self) -> bool:
        text = self.path.text().strip()
        if not text:
            self.error.setText(tr("Choose the register file first."))
            return False
        try:
            with busy():
                self.table = read_table(Path(text), encoding=self.encoding.currentData())
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return False
        self._fill_columns(self.table)
        return True

    # -- step 2: the columns -------------------------------------------------------

    def _columns_step(self) -> QWidget:
        page, column = _step_page(tr("2. Match the columns"))
        column.addWidget(
            intro_label(
                tr(
                    "For each thing marac-desk keeps, choose the file's column that holds it. "
                    "Columns in bold are needed. Usual headings are matched for you: check them."
                )
            )
        )
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        self.column_form = QFormLayout(inner)
        self.column_choices: dict[str, QComboBox] = {}
        for spec in COLUMNS:
            choice = QComboBox()
            choice.setAccessibleName(spec.header)
            choice.setToolTip(spec.help)
            choice.currentIndexChanged.connect(self._check_mapping)
            label = QLabel(f"<b>{spec.header}</b>" if spec.required else spec.header)
            label.setToolTip(spec.help)
            self.column_form.addRow(label, choice)
            self.column_choices[spec.key] = choice
        scroll.setWidget(inner)
        column.addWidget(scroll, 1)
        self.unused = hint_label()
        column.addWidget(self.unused)
        return page

    def _fill_columns(self, table: Table) -> None:
        guessed = guess_mapping(table.headers)
        first = table.rows[0][1] if table.rows else []
        for key, choice in self.column_choices.items():
            choice.blockSignals(True)
            choice.clear()
            choice.addItem(tr("(not in this file)"), _NOT_IN_FILE)
            for index, heading in enumerate(table.headers):
                sample = first[index] if index < len(first) else ""
                shown = heading or tr("(column {0} has no heading)").format(index + 1)
                if sample:
                    shown += f"  — {tr('e.g.')} {sample[:30]}"
                choice.addItem(shown, index)
            choice.setCurrentIndex(choice.findData(guessed.get(key, _NOT_IN_FILE)))
            choice.blockSignals(False)
        self._check_mapping()

    def mapping(self) -> Mapping:
        return {
            key: int(choice.currentData())
            for key, choice in self.column_choices.items()
            if choice.currentData() not in (None, _NOT_IN_FILE)
        }

    def _check_mapping(self) -> None:
        if self.table is None:
            return
        mapping = self.mapping()
        problems = mapping_problems(self.table.headers, mapping)
        self.error.setText("\n".join(problems))
        left = unused_headers(self.table.headers, mapping)
        self.unused.setText(
            tr("Not imported: {0}").format(", ".join(left)) if left else tr("Every column is used.")
        )
        if self.steps.currentIndex() == 1:
            self.next_button.setEnabled(not problems)

    # -- step 3: the preview -------------------------------------------------------

    def _preview_step(self) -> QWidget:
        page, column = _step_page(tr("3. Check and import"))
        self.summary = intro_label("")
        column.addWidget(self.summary)
        self.tabs = QTabWidget()
        self.views: list[QTableView] = []
        self.create_model: RowsModel[ImportedCase] = RowsModel(CREATE_COLUMNS, self)
        self.problem_model: RowsModel[RowProblem] = RowsModel(PROBLEM_COLUMNS, self)
        self.duplicate_model: RowsModel[Duplicate] = RowsModel(DUPLICATE_COLUMNS, self)
        for model, name in (
            (self.problem_model, tr("Problems and checks")),
            (self.duplicate_model, tr("Possible duplicates")),
            (self.create_model, tr("Cases to create")),
        ):
            view = make_table(name)
            view.setSortingEnabled(False)
            view.setModel(model)
            self.views.append(view)
            self.tabs.addTab(view, name)
        column.addWidget(self.tabs, 1)
        return page

    def make_preview(self) -> bool:
        if self.table is None:
            return False
        try:
            with busy():
                self.plan = register_import.preview(self.vault, self.table, self.mapping())
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return False
        plan = self.plan
        counts = plan.counts()
        self.create_model.set_rows(plan.create)
        self.problem_model.set_rows(sorted(plan.problems, key=lambda p: (p.row, p.severity)))
        self.duplicate_model.set_rows(plan.duplicates)
        for view in self.views:
            fit_columns(view)
        self.tabs.setTabText(0, tr("Problems and checks ({0})").format(len(plan.problems)))
        self.tabs.setTabText(1, tr("Possible duplicates ({0})").format(len(plan.duplicates)))
        self.tabs.setTabText(2, tr("Cases to create ({0})").format(len(plan.create)))
        parts = [
            _count(counts["to create"], tr("case to create"), tr("cases to create")),
            _count(
                counts["already imported"],
                tr("row already imported (skipped)"),
                tr("rows already imported (skipped)"),
            ),
            _count(counts["problem rows"], tr("row with a problem"), tr("rows with problems")),
            _count(counts["to check"], tr("row to check"), tr("rows to check")),
            _count(
                counts["possible duplicates"], tr("possible duplicate"), tr("possible duplicates")
            ),
        ]
        if counts["empty rows"]:
            parts.append(_count(counts["empty rows"], tr("empty row"), tr("empty rows")))
        text = "; ".join(parts) + "."
        if plan.without_incident_date:
            text += " " + plural(
                "%n case(s) (has/have) no incident date: (its/their) repeat window is "
                "counted to (its/their) referral date instead.",
                plan.without_incident_date,
            )
        if not plan.can_import:
            text += " " + tr(
                "Nothing can be imported while a row has a problem: correct those rows in "
                "the file, then choose Back and Next to read it again."
            )
            self.tabs.setCurrentIndex(0)
        elif plan.create:
            text += " " + tr("Rows to check and possible duplicates are imported as they are.")
            self.tabs.setCurrentIndex(0 if plan.problems else 1 if plan.duplicates else 2)
        self.summary.setText(text)
        self.error.clear()
        return True

    def run_import(self) -> None:
        if self.plan is None:
            return
        try:
            with busy():
                result = register_import.run(
                    self.vault, self.plan, source=Path(self.path.text()).name
                )
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        self.imported = result.created
        self.accept()

    # -- moving between steps ------------------------------------------------------

    def _show_step(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        self.back_button.setEnabled(step > 0)
        self.next_button.setVisible(step < 2)
        self.next_button.setEnabled(True)
        self.import_button.setVisible(step == 2)
        plan = self.plan
        self.import_button.setEnabled(
            step == 2 and plan is not None and plan.can_import and bool(plan.create)
        )
        if step == 1:
            self._check_mapping()
        if step == 0:
            self.error.clear()

    def next_step(self) -> None:
        step = self.steps.currentIndex()
        if step == 0 and self.read_file():
            self._show_step(1)
        elif (
            step == 1
            and not mapping_problems(self.table.headers if self.table else [], self.mapping())
            and self.make_preview()
        ):
            self._show_step(2)

    def back(self) -> None:
        self.plan = None
        self._show_step(max(0, self.steps.currentIndex() - 1))

    def clear(self) -> None:
        """Drop every row read from the file: the window is locking."""
        self.table = None
        self.plan = None
        for model in (self.create_model, self.problem_model, self.duplicate_model):
            model.clear()


def _count(number: int, one: str, many: str) -> str:
    return f"{number:,} {one if number == 1 else many}"


def _step_page(title: str) -> tuple[QWidget, QVBoxLayout]:
    page = QWidget()
    column = QVBoxLayout(page)
    column.addWidget(title_label(title))
    return page, column
