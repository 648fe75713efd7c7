"""One agency's research about one case, typed on screen: by the agency's own
representative, or by the coordinator for research an agency phoned or emailed in.

The form follows the research pack: for each person, known to the agency or not, then
items of involvement, risks, information to share (fact or professional opinion, each
with who may read it) and information held back with the reason. The core checks the
whole return when it is saved; this widget gathers it and checks each item as it is
written, so a mistake is shown beside the item rather than at the end.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.research import (
    ALL_INVOLVED,
    RECORD_ONLY,
    Audience,
    AudienceKind,
    Item,
    ItemKind,
    Known,
    Nature,
    PersonResearch,
    ReturnContent,
    item_problems,
)
from marac_desk.storage import research_drafts
from marac_desk.storage.case_file import CasePerson
from marac_desk.storage.faults import as_user_error
from marac_desk.storage.vault import Vault
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import QtAsker, fit_to_screen, form_dialog, hint_label, tr

# Drafts are kept this long after typing stops, as the referral form does.
AUTOSAVE_MS = 1500

AUDIENCE_CHOICES = (
    (AudienceKind.INVOLVED, tr("All agencies involved in the case")),
    (AudienceKind.NAMED, tr("Only the agencies ticked below")),
    (AudienceKind.RECORD, tr("MARAC record only (no agency's minutes)")),
)


def person_title(person: CasePerson) -> str:
    return f"{person.role.label}: {person.name}"


def search_details(person: CasePerson) -> str:
    """What an agency searches its records with, as one line per detail."""
    lines = [tr("Born {0}").format(person.born) if person.born else tr("Date of birth not known")]
    if person.aliases:
        lines.append(tr("Also known as {0}").format(", ".join(person.aliases)))
    if person.address:
        lines.append(person.address)
    if person.note:
        lines.append(person.note)
    return "\n".join(lines)


def audience_text(item: Item, names: Mapping[str, str]) -> str:
    return "" if item.kind is ItemKind.HELD else item.audience.label(names)


def fill_items_table(table: QTableWidget, items: Sequence[Item], names: Mapping[str, str]) -> None:
    """What / fact or opinion / who may read / text, one row per item."""
    table.setRowCount(len(items))
    for row, item in enumerate(items):
        nature = "" if item.kind is ItemKind.HELD else item.nature.label
        cells = (item.kind.label, nature, audience_text(item, names), item.body)
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            cell.setToolTip(text)
            table.setItem(row, column, cell)
    table.resizeRowsToContents()


def items_table(accessible_name: str) -> QTableWidget:
    table = QTableWidget(0, 4)
    table.setAccessibleName(accessible_name)
    table.setHorizontalHeaderLabels(
        [tr("What"), tr("Fact or opinion"), tr("Who may read it"), tr("Text")]
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    for column in range(3):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
    return table


class ItemDialog(QDialog):
    """One item of research: what kind, fact or opinion, who may read it, and the text."""

    def __init__(
        self,
        names: Mapping[str, str],
        item: Item | None,
        parent: QWidget | None = None,
        *,
        kind: ItemKind = ItemKind.SHARE,
        audience_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.names = dict(names)
        self.setWindowTitle(tr("Research item"))
        fit_to_screen(self, 620, 520)
        self.result_item: Item | None = None
        form = QFormLayout()
        self.kind = QComboBox()
        for choice in ItemKind:
            self.kind.addItem(choice.label, choice)
        self.nature = QComboBox()
        for nature in (Nature.FACT, Nature.OPINION, Nature.UNSTATED):
            self.nature.addItem(nature.label, nature)
        self.audience = QComboBox()
        for kind_, label in AUDIENCE_CHOICES:
            self.audience.addItem(label, kind_)
        self.agencies = QListWidget()
        self.agencies.setAccessibleName(tr("Agencies that may read it"))
        self.agencies.setMaximumHeight(130)
        for code, name in sorted(self.names.items(), key=lambda kv: kv[1].lower()):
            entry = QListWidgetItem(name)
            entry.setData(Qt.ItemDataRole.UserRole, code)
            entry.setFlags(entry.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.agencies.addItem(entry)
        self.body = QPlainTextEdit()
        self.body.setAccessibleName(tr("Text"))
        self.body.setTabChangesFocus(True)
        self.held_hint = hint_label(
            tr(
                "Say what kind of information is held and why it is not shared: only the "
                "coordinator sees this, and no agency's minutes carry it."
            )
        )
        form.addRow(tr("&What"), self.kind)
        form.addRow(tr("&Fact or opinion"), self.nature)
        form.addRow(tr("Who may &read it"), self.audience)
        form.addRow("", self.agencies)
        form.addRow(tr("&Text"), self.body)
        form.addRow("", self.held_hint)
        self.error = form_dialog(self, form, self._accept, stretch=1)
        self.kind.currentIndexChanged.connect(self._update)
        self.audience.currentIndexChanged.connect(self._update)
        start = item or Item(kind, "")
        self.kind.setCurrentIndex(self.kind.findData(start.kind))
        self.nature.setCurrentIndex(self.nature.findData(start.nature))
        self.audience.setCurrentIndex(self.audience.findData(start.audience.kind))
        for row in range(self.agencies.count()):
            entry = self.agencies.item(row)
            if entry.data(Qt.ItemDataRole.UserRole) in start.audience.agencies:
                entry.setCheckState(Qt.CheckState.Checked)
        self.body.setPlainText(start.body)
        self._update()
        if audience_only:
            # The coordinator narrows who may read what an agency said, never its words.
            self.kind.setEnabled(False)
            self.nature.setEnabled(False)
            self.body.setReadOnly(True)
            self.audience.setFocus()
        else:
            self.body.setFocus()

    def _update(self) -> None:
        held = ItemKind(self.kind.currentData()) is ItemKind.HELD
        self.nature.setEnabled(not held)
        self.audience.setEnabled(not held)
        named = AudienceKind(self.audience.currentData()) is AudienceKind.NAMED
        self.agencies.setEnabled(not held and named)
        self.held_hint.setVisible(held)

    def item(self) -> Item:
        # Qt hands string enums back as plain strings.
        kind = ItemKind(self.kind.currentData())
        if kind is ItemKind.HELD:
            return Item(kind, self.body.toPlainText().strip())
        audience_kind = AudienceKind(self.audience.currentData())
        if audience_kind is AudienceKind.NAMED:
            ticked = tuple(
                sorted(
                    str(self.agencies.item(r).data(Qt.ItemDataRole.UserRole))
                    for r in range(self.agencies.count())
                    if self.agencies.item(r).checkState() == Qt.CheckState.Checked
                )
            )
            audience = Audience(AudienceKind.NAMED, ticked)
        else:
            audience = RECORD_ONLY if audience_kind is AudienceKind.RECORD else ALL_INVOLVED
        nature = Nature(self.nature.currentData())
        return Item(kind, self.body.toPlainText().strip(), nature, audience)

    def _accept(self) -> None:
        item = self.item()
        problems = item_problems(item, self.names)
        if problems:
            self.error.setText(" ".join(p[0].upper() + p[1:] for p in problems))
            return
        self.result_item = item
        self.accept()


class ResearchEditor(QWidget):
    """The people of one case on the left; what the agency says about each on the right.

    Given a vault and a target (meeting, case, agency), what is typed is kept as the
    typist's draft a moment after typing stops; `save_draft()` keeps it at once."""

    changed = Signal()
    draft_saved = Signal(str)  # "" when kept; otherwise why it was not

    def __init__(
        self,
        names: Mapping[str, str],
        vault: Vault | None = None,
        parent: QWidget | None = None,
        *,
        store: Callable[[tuple[int, int, str], ReturnContent], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.names = dict(names)
        self.vault = vault
        # Where a draft is kept: the MARAC vault's research drafts unless told otherwise
        # (an agency workspace keeps what is entered against its research request).
        self._store = store
        self.target: tuple[int, int, str] | None = None  # meeting id, case id, agency code
        self.dirty = False
        self.last_error = ""  # why the last draft save was refused, if it was
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_draft)
        self.people: list[CasePerson] = []
        self._known: dict[int, Known] = {}
        self._items: dict[int, list[Item]] = {}
        self.person_list = QListWidget()
        self.person_list.setAccessibleName(tr("People to search for"))
        self.person_list.setMaximumWidth(300)
        self.person_list.setWordWrap(True)
        self.person_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nil_button = QPushButton(tr("&Nil return: nobody known"))
        self.nil_button.setToolTip(
            tr("None of these people is known to the agency: mark every one as not known.")
        )
        self.nil_button.clicked.connect(self.mark_nil)
        left = QVBoxLayout()
        left.addWidget(QLabel(tr("People to search for")))
        left.addWidget(self.person_list, 1)
        left.addWidget(self.nil_button)

        self.details = QLabel()
        self.details.setObjectName("hintText")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.known = QComboBox()
        self.known.setAccessibleName(tr("Known to the agency"))
        for known in (Known.UNANSWERED, Known.YES, Known.NO):
            self.known.addItem(known.label, known)
        self.known.activated.connect(self._known_chosen)
        self.table = items_table(tr("What the agency says about this person"))
        self.table.doubleClicked.connect(lambda _i: self.edit_item())
        buttons = QHBoxLayout()
        self.add_button = QPushButton(tr("&Add item…"))
        self.add_button.clicked.connect(lambda: self.add_item())
        self.edit_button = QPushButton(tr("&Edit item…"))
        self.edit_button.clicked.connect(self.edit_item)
        self.remove_button = QPushButton(tr("&Remove item"))
        self.remove_button.clicked.connect(self.remove_item)
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table, self.remove_item)
        right = QVBoxLayout()
        self.person_heading = QLabel()
        self.person_heading.setObjectName("sectionTitle")
        right.addWidget(self.person_heading)
        right.addWidget(self.details)
        known_row = QFormLayout()
        known_row.addRow(tr("&Known to the agency?"), self.known)
        right.addLayout(known_row)
        right.addWidget(self.table, 1)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left)
        layout.addLayout(right, 1)
        self.person_list.currentRowChanged.connect(self._show_person)

    # -- loading and reading back ------------------------------------------------

    def load(
        self,
        people: Sequence[CasePerson],
        content: ReturnContent | None,
        target: tuple[int, int, str] | None = None,
    ) -> None:
        self.forget_changes()
        self.target = target
        self.people = list(people)
        given = {p.person_id: p for p in (content.people if content else ())}
        self._known = {
            p.person_id: given[p.person_id].known if p.person_id in given else Known.UNANSWERED
            for p in self.people
        }
        self._items = {
            p.person_id: list(given[p.person_id].items) if p.person_id in given else []
            for p in self.people
        }
        self.person_list.blockSignals(True)
        self.person_list.clear()
        for person in self.people:
            self.person_list.addItem(person_title(person))
        self.person_list.blockSignals(False)
        self._relabel()
        self.person_list.setCurrentRow(0 if self.people else -1)
        self._show_person(self.person_list.currentRow())

    def content(self) -> ReturnContent:
        return ReturnContent(
            tuple(
                PersonResearch(
                    p.person_id, self._known[p.person_id], tuple(self._items[p.person_id])
                )
                for p in self.people
            )
        )

    @property
    def current_person(self) -> CasePerson | None:
        row = self.person_list.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None

    # -- showing ------------------------------------------------------------------

    def _relabel(self) -> None:
        for row, person in enumerate(self.people):
            items = self._items[person.person_id]
            note = self._known[person.person_id].label
            if items:
                note += plural(", %n item(s)", len(items))
            self.person_list.item(row).setText(f"{person_title(person)}\n    {note}")

    def _show_person(self, row: int) -> None:
        person = self.current_person
        for widget in (self.known, self.table, self.add_button, self.edit_button):
            widget.setEnabled(person is not None)
        self.remove_button.setEnabled(person is not None)
        if person is None:
            self.person_heading.setText("")
            self.details.setText("")
            self.table.setRowCount(0)
            return
        self.person_heading.setText(person_title(person))
        self.details.setText(search_details(person))
        self.known.setCurrentIndex(self.known.findData(self._known[person.person_id]))
        fill_items_table(self.table, self._items[person.person_id], self.names)

    def _changed(self) -> None:
        self._relabel()
        self._show_person(self.person_list.currentRow())
        self.dirty = True
        if self.target is not None:
            self._timer.start()
        self.changed.emit()

    # -- the draft ----------------------------------------------------------------

    def save_draft(self) -> None:
        """Keep what is typed as this user's draft now, if anything changed."""
        self._timer.stop()
        if not self.dirty or self.target is None or self.vault is None:
            return
        meeting_id, case_id, agency = self.target
        try:
            if self._store is not None:
                self._store(self.target, self.content())
            else:
                research_drafts.save_draft(self.vault, meeting_id, case_id, agency, self.content())
        except Exception as exc:
            known = as_user_error(exc, tr("Saving the draft"))
            if known is None:
                raise
            self.last_error = str(known)
            self.draft_saved.emit(self.last_error)
            return
        self.dirty = False
        self.last_error = ""
        self.draft_saved.emit("")

    def forget_changes(self) -> None:
        """The changes were saved as a return, or thrown away: nothing left to keep."""
        self._timer.stop()
        self.dirty = False

    # -- editing ------------------------------------------------------------------

    def _known_chosen(self, _index: int) -> None:
        person = self.current_person
        if person is not None:
            self._known[person.person_id] = Known(self.known.currentData())
            self._changed()

    def set_known(self, known: Known) -> None:
        self.known.setCurrentIndex(self.known.findData(known))
        self._known_chosen(self.known.currentIndex())

    def add_item(self, kind: ItemKind = ItemKind.SHARE) -> None:
        person = self.current_person
        if person is None:
            return
        dialog = ItemDialog(self.names, None, self, kind=kind)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_item:
            self._items[person.person_id].append(dialog.result_item)
            if self._known[person.person_id] is Known.UNANSWERED:
                # Saying something about a person means the agency knows them.
                self._known[person.person_id] = Known.YES
            self._changed()
            self.table.selectRow(len(self._items[person.person_id]) - 1)

    def edit_item(self) -> None:
        person, row = self.current_person, self.table.currentRow()
        if person is None or not 0 <= row < len(self._items[person.person_id]):
            return
        dialog = ItemDialog(self.names, self._items[person.person_id][row], self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.result_item:
            self._items[person.person_id][row] = dialog.result_item
            self._changed()
            self.table.selectRow(row)

    def remove_item(self) -> None:
        person, row = self.current_person, self.table.currentRow()
        if person is None or not 0 <= row < len(self._items[person.person_id]):
            return
        item = self._items[person.person_id][row]
        if not QtAsker(self).confirm(
            tr("Remove item"), tr("Remove this item?\n\n{0}").format(item.body[:300])
        ):
            return
        del self._items[person.person_id][row]
        self._changed()

    def mark_nil(self) -> None:
        """Nobody known: a nil return. Items already typed stay, so nothing is lost; the
        save refuses a 'not known' person with information to share and says so."""
        for person in self.people:
            self._known[person.person_id] = Known.NO
        self._changed()
