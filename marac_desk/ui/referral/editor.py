"""The referral form: sections on the left, the form in the middle, score and checks on the right.

Everything typed is saved as a draft a moment after typing stops, when the form is left
and before the window locks; nothing waits for a Save button. Problems are shown under
the field they concern as the user types: red for what is wrong, grey for what is still
needed before the referral can be completed.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain import referral_form as form
from marac_desk.domain.criteria import Severity, confirms_repeat
from marac_desk.domain.dash import Checklist
from marac_desk.domain.referral_form import FieldSpec
from marac_desk.errors import MaracDeskError
from marac_desk.storage import agencies, checklists, referrals, repeats
from marac_desk.storage import settings as settings_store
from marac_desk.storage.faults import as_user_error
from marac_desk.storage.vault import Vault
from marac_desk.ui.plurals import plural
from marac_desk.ui.referral.fields import FieldWidget
from marac_desk.ui.referral.matches import MatchDialog
from marac_desk.ui.referral.sections import DashSection, PersonList, PlainSection
from marac_desk.ui.unsaved import UnsavedEdit
from marac_desk.ui.widgets import QtAsker, error_label, hint_label, show_error, tr

AUTOSAVE_MS = 1500
CHECK_MS = 250

Section = PlainSection | PersonList | DashSection


class ReferralEditor(QWidget):
    closed = Signal()
    referral_saved = Signal(int)

    def __init__(
        self, vault: Vault, case_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.case_id = case_id
        self.reference = ""
        self.state = "draft"
        self._dirty = False
        self._loading = False
        self._earlier: list[repeats.EarlierCase] = []
        self.rules = settings_store.rules(vault)
        directory = agencies.list_agencies(vault, include_inactive=False)
        self._agency_codes = tuple(a.code for a in directory)
        self._agency_labels = {a.code: a.label for a in directory}

        self.title = QLabel(tr("New referral"))
        self.title.setObjectName("pageTitle")
        self.status = hint_label()
        self.back_button = QPushButton(tr("Back to the register"))
        self.check_button = QPushButton(tr("Check for earlier referrals"))
        self.save_button = QPushButton(tr("Save draft"))
        self.complete_button = QPushButton(tr("Complete referral"))
        self.complete_button.setObjectName("primary")
        self.back_button.clicked.connect(self.close_editor)
        self.check_button.clicked.connect(self._on_check_clicked)
        self.save_button.clicked.connect(self.save_now)
        self.complete_button.clicked.connect(self._on_complete_clicked)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_now)
        QShortcut(QKeySequence("Ctrl+Return"), self, self._on_complete_clicked)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        for button in (self.back_button, self.check_button, self.save_button, self.complete_button):
            top.addWidget(button)

        self.navigation = QListWidget()
        self.navigation.setFixedWidth(200)
        self.navigation.setWordWrap(True)
        self.navigation.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.navigation.setAccessibleName(tr("Form sections"))
        self.sections: dict[str, Section] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        for section in form.SECTIONS:
            widget: Section = (
                PersonList(section, self._on_edited, self._choices)
                if section.repeated
                else PlainSection(section, self._on_edited, self._choices)
            )
            self.sections[section.key] = widget
            column.addWidget(widget)
            self.navigation.addItem(tr(section.title))
            if section.key == "risks":
                self.dash = self._dash_section(checklists.for_new_referrals(vault.conn))
                self.sections["dash"] = self.dash
                column.addWidget(self.dash)
                self.navigation.addItem(tr("Dash risk checklist"))
        column.addStretch(1)
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(body)
        self.navigation.currentRowChanged.connect(self._on_section_chosen)

        self.score = QLabel()
        self.score.setObjectName("scoreText")
        self.score.setWordWrap(True)
        self.criteria = QLabel()
        self.criteria.setWordWrap(True)
        self.earlier = QLabel()
        self.earlier.setWordWrap(True)
        self.review_button = QPushButton(tr("Review earlier referrals"))
        self.review_button.clicked.connect(self.open_matches)
        self.review_button.setVisible(False)
        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.PlainText)
        self.error = error_label()
        side = QFrame()
        side.setObjectName("sidePanel")
        side.setFixedWidth(260)
        side_column = QVBoxLayout(side)
        for side_widget in (
            self.score,
            self.criteria,
            self.earlier,
            self.review_button,
            self.problems,
            self.error,
        ):
            side_column.addWidget(side_widget)
        side_column.addStretch(1)

        middle = QHBoxLayout()
        middle.addWidget(self.navigation)
        middle.addWidget(self.form_scroll, 1)
        middle.addWidget(side)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addLayout(middle, 1)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self.save_now)
        self._checker = QTimer(self)
        self._checker.setSingleShot(True)
        self._checker.setInterval(CHECK_MS)
        self._checker.timeout.connect(self.validate_now)
        self._checked_identity: str | None = None

        if case_id is not None:
            self._load(case_id)
        else:
            self.sections["referral"].set_value({"referral_date": date.today().isoformat()})
            self._dirty = False
        self.validate_now()
        self._show_status()

    # -- choices ----------------------------------------------------------------

    def _choices(self, spec: FieldSpec) -> tuple[str, ...]:
        if spec.key == "referring_agency":
            return self._agency_codes
        if spec.key == "local_criterion":
            return referrals.local_criteria(self.vault)
        return ()

    # -- reading and writing the form ----------------------------------------------

    def document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        for key, section in self.sections.items():
            value = section.value()
            if key == "dash" or value:
                doc[key] = value
        return doc

    def _load(self, case_id: int) -> None:
        doc, self.state, self.reference = referrals.load(self.vault, case_id)
        self._loading = True
        try:
            chosen = checklists.for_referral(doc, self.vault.conn)
            if chosen.key != self.dash.checklist.key:
                self._replace_dash(chosen)
            if checklists.is_missing(doc, self.vault.conn):
                self.error.setText(
                    tr(
                        "This referral was scored on the checklist {0}, which this vault does "
                        "not hold; the score shown counts its answers on {1}. Ask an "
                        "administrator to add the checklist file in Settings."
                    ).format(checklists.recorded_key(doc), chosen.key)
                )
            for key, section in self.sections.items():
                section.set_value(doc.get(key))
        finally:
            self._loading = False
        self._dirty = False
        self.title.setText(tr("Referral {0}").format(self.reference))

    def _dash_section(self, checklist: Checklist) -> DashSection:
        return DashSection(
            checklist,
            self._on_edited,
            checklists.available(self.vault.conn),
            self.choose_checklist,
        )

    def choose_checklist(self, key: str) -> None:
        """Score this referral on another checklist. Answers belong to the questions of
        the checklist they were given on, so they are not carried across."""
        chosen = checklists.available(self.vault.conn).get(key)
        if chosen is None or chosen.key == self.dash.checklist.key:
            return
        if self.dash.has_answers() and not QtAsker(self).confirm(
            tr("Change the risk checklist"),
            tr(
                "The answers given on {0} do not carry over to {1}: the questions differ. "
                "Clear them and use {1}?"
            ).format(self.dash.checklist.title, chosen.title),
        ):
            self.dash.chooser.setCurrentIndex(self.dash.chooser.findData(self.dash.checklist.key))
            return
        kept = {k: v for k, v in self.dash.value().items() if k not in ("answers", "checklist")}
        self._replace_dash(chosen)
        self._loading = True
        try:
            self.dash.set_value(kept)
        finally:
            self._loading = False
        self._on_edited()
        self.validate_now()

    def _replace_dash(self, checklist: Checklist) -> None:
        old = self.dash
        self.dash = self._dash_section(checklist)
        self.sections["dash"] = self.dash
        holder = old.parentWidget()
        parent_layout = holder.layout() if holder is not None else None
        if parent_layout is not None:
            parent_layout.replaceWidget(old, self.dash)
        old.deleteLater()

    def field_widgets(self) -> dict[str, FieldWidget]:
        found: dict[str, FieldWidget] = {}
        for section in self.sections.values():
            found.update(section.all_fields())
        return found

    # -- events -----------------------------------------------------------------

    def _on_edited(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self._checker.start()
        self._autosave.start()
        self._show_status()

    def _on_section_chosen(self, row: int) -> None:
        if row < 0:
            return
        widget = list(self.sections.values())[self._section_order()[row]]
        self.form_scroll.verticalScrollBar().setValue(widget.y())

    def _section_order(self) -> list[int]:
        keys = list(self.sections.keys())
        order = [s.key for s in form.SECTIONS]
        order.insert(order.index("risks") + 1, "dash")
        return [keys.index(k) for k in order]

    def _on_check_clicked(self) -> None:
        self.run_repeat_check(record=True)
        self.open_matches()

    def _on_complete_clicked(self) -> None:
        self._autosave.stop()
        try:
            saved = referrals.complete(self.vault, self.document(), self.case_id)
        except MaracDeskError as exc:
            self.validate_now()
            self.error.setText(str(exc))
            return
        self.case_id, self.reference, self.state = saved.case_id, saved.reference, "complete"
        self._dirty = False
        self.error.clear()
        self.title.setText(tr("Referral {0}").format(self.reference))
        self._show_status()
        self.referral_saved.emit(saved.case_id)

    # -- saving -----------------------------------------------------------------

    def save_now(self) -> bool:
        """Save what is typed as a draft. True when nothing is left unsaved."""
        self._autosave.stop()
        if not self.vault.is_open:
            return False  # locked: commit_pending already saved before the vault closed
        if not self._dirty and self.case_id is not None:
            return True
        if not self._dirty and self.case_id is None:
            return True  # an untouched new form is not worth a case number
        try:
            saved = referrals.save_draft(self.vault, self.document(), self.case_id)
        except Exception as exc:
            # Said at once, under the form; the form keeps every word until a save works.
            known = as_user_error(exc, tr("Saving the draft"))
            if known is None:
                raise
            self.error.setText(str(known))
            return False
        first = self.case_id is None
        self.case_id, self.reference, self.state = saved.case_id, saved.reference, "draft"
        self._dirty = False
        self.error.clear()
        if first:
            self.title.setText(tr("Referral {0}").format(self.reference))
        self._show_status()
        self.referral_saved.emit(saved.case_id)
        return True

    def commit_pending(self) -> list[UnsavedEdit]:
        """Called before the window locks: save now and let no timer touch the vault later.
        What the vault would not take is handed back, to be offered after signing in."""
        unsaved: list[UnsavedEdit] = []
        try:
            if self.vault.is_open and not self.save_now():
                doc, case_id = self.document(), self.case_id
                where = (
                    tr("Referral {0} (draft)").format(self.reference)
                    if self.reference
                    else tr("A new referral (draft)")
                )
                unsaved.append(
                    UnsavedEdit(
                        where,
                        self.error.text(),
                        typed_text(doc),
                        lambda vault: referrals.save_draft(vault, doc, case_id),
                    )
                )
        finally:
            self._autosave.stop()
            self._checker.stop()
        return unsaved

    def close_editor(self) -> None:
        if self.save_now():
            self.closed.emit()

    # -- checking ---------------------------------------------------------------

    def validate_now(self) -> None:
        if not self.vault.is_open:
            return
        doc = self.document()
        today = date.today()
        # One pass in completion mode: a finding marked `missing` is only about what is
        # not typed yet; every other one is wrong whatever the draft's state.
        findings = referrals.check(self.vault, doc, complete=True, today=today)
        widgets = self.field_widgets()
        for widget in widgets.values():
            widget.show_message("", blocking=False)
        listed: list[str] = []
        for finding in findings:
            shown_in = widgets.get(finding.field)
            if shown_in is not None and not shown_in.message.text():
                shown = tr("Needed before completing.") if finding.missing else finding.message
                if finding.severity is Severity.CHECK:
                    shown = tr("Check: ") + finding.message
                shown_in.show_message(
                    shown, blocking=not finding.missing and finding.severity is Severity.ERROR
                )
            if not finding.missing or finding.severity is Severity.CHECK:
                listed.append(("◦ " if finding.missing else "• ") + finding.message)
        missing = sum(1 for f in findings if f.missing and f.severity is Severity.ERROR)
        summary = []
        if listed:
            summary.append(tr("To look at:") + "\n" + "\n".join(listed[:12]))
        summary.append(
            tr("{0} more fields needed before completing.").format(missing)
            if missing
            else tr("Nothing is missing: the referral can be completed.")
        )
        self.problems.setText("\n\n".join(summary))
        self._show_score(doc)
        # The search for earlier referrals runs only when what it searches by has changed.
        if self._identity(doc) != self._checked_identity:
            self.run_repeat_check()

    @staticmethod
    def _identity(doc: dict[str, Any]) -> str:
        return json.dumps(
            [
                doc.get("victim"),
                doc.get("perpetrators"),
                form.text(doc, "referral", "referral_date"),
            ],
            sort_keys=True,
        )

    def _show_score(self, doc: dict[str, Any]) -> None:
        checklist = self.dash.checklist
        score = referrals.dash_score(doc, checklist)
        threshold = self.rules.dash_threshold
        shown = "–" if score is None else str(score)
        self.score.setText(
            tr("Dash score {0} of {1}. Threshold {2}.").format(
                shown, len(checklist.questions), threshold
            )
        )
        met = referrals.criteria_met(self.rules, doc, checklist, self._is_repeat())
        labels = {
            "visible_high_risk": tr("Visible high risk"),
            "professional_judgement": tr("Professional judgement"),
            "potential_escalation": tr("Potential escalation"),
            "repeat": tr("Repeat"),
        }
        if met:
            # A local criterion is stored as the area named it.
            shown = ", ".join(labels.get(m, m) for m in met)
            self.criteria.setText(tr("Criteria met: ") + shown)
        else:
            self.criteria.setText(
                tr(
                    "No criterion met yet. A referral below the threshold can still go to MARAC "
                    "on professional judgement, with a reason."
                )
            )

    def _is_repeat(self) -> bool:
        return confirms_repeat((e.decision, e.within_window) for e in self._earlier if e.decision)

    def run_repeat_check(self, *, record: bool = False) -> None:
        doc = self.document()
        self._checked_identity = self._identity(doc)
        try:
            self._earlier = repeats.find_earlier(self.vault, doc, self.case_id, record=record)
        except MaracDeskError as exc:
            self.error.setText(str(exc))
            return
        undecided = [e for e in self._earlier if e.decision is None]
        if not self._earlier:
            self.earlier.setText(tr("No earlier referral of this victim found."))
        else:
            inside = sum(1 for e in self._earlier if e.within_window)
            self.earlier.setText(
                plural("%n possible earlier referral(s), ", len(self._earlier))
                + tr("{0} inside the repeat window; {1} to decide.").format(inside, len(undecided))
            )
        self.earlier.setObjectName("errorText" if undecided else "")
        self.earlier.style().unpolish(self.earlier)
        self.earlier.style().polish(self.earlier)
        self.review_button.setVisible(bool(self._earlier))

    def open_matches(self) -> None:
        if not self._earlier:
            return
        if not self.save_now() or self.case_id is None:
            show_error(
                self, tr("Save first"), tr("Type at least the victim's name, then try again.")
            )
            return
        dialog = MatchDialog(self.vault, self.case_id, self._earlier, self)
        dialog.exec()
        self.run_repeat_check()
        self._show_score(self.document())

    def _show_status(self) -> None:
        if self.case_id is None:
            text = tr("Not saved yet: the draft is saved as soon as you type.")
        elif self._dirty:
            text = tr("Saving…")
        elif self.state == "complete":
            text = tr("Complete. Changes reopen it as a draft until it is completed again.")
        else:
            text = tr("Draft saved.")
        self.status.setText(text)


def typed_text(doc: dict[str, Any]) -> str:
    """What was typed in the form, one labelled line per answer, to copy from if it cannot
    be saved: 'Victim, surname: Kowalska'."""
    lines: list[str] = []

    def walk(value: Any, path: list[str]) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                walk(inner, [*path, str(key)])
        elif isinstance(value, list):
            for n, inner in enumerate(value, start=1):
                walk(inner, [*path[:-1], f"{path[-1] if path else 'item'} {n}"])
        elif value not in ("", None, False):
            label = ", ".join(p.replace("_", " ") for p in path)
            lines.append(f"{label[:1].upper()}{label[1:]}: {value}")

    walk(doc, [])
    return "\n".join(lines)
