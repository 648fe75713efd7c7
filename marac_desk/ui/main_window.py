"""The main window: locked (sign-in panel) or unlocked (navigation and pages)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from marac_desk import __version__
from marac_desk.domain import settings as defs
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.ui.idle import IdleWatcher

if TYPE_CHECKING:
    from marac_desk.storage.vault import Vault
    from marac_desk.ui.conference.view import ConferenceView
    from marac_desk.ui.help_window import GuideWindow
from marac_desk.ui.plurals import plural
from marac_desk.ui.signin import SignInPanel
from marac_desk.ui.unsaved import UnsavedEdit, UnsavedEditsDialog, failed_edit
from marac_desk.ui.widgets import busy, fit_to_screen, show_error, tr
from marac_desk.ui.workspace import Workspace, nothing_to_save

# How long a save may wait for a busy database while the window locks: the lock must not
# hang on another program, and what cannot be saved is kept in memory instead.
LOCK_BUSY_TIMEOUT_MS = 300

SHORTCUTS = (
    ("Alt+Home", tr("Go to Home")),
    ("Ctrl+1 … Ctrl+9, Ctrl+0", tr("Go to the pages listed on the left after Home, in order")),
    ("Ctrl+N", tr("Case register: new referral")),
    ("Ctrl+F", tr("Case register: search")),
    ("Enter", tr("Open the chosen line (a case, a meeting's case, an agency)")),
    ("Ctrl+E", tr("Case: edit the referral")),
    ("Esc", tr("Case: back to the register")),
    ("Ctrl+S", tr("Referral: save now (it also saves as you type)")),
    ("Ctrl+Return", tr("Referral: complete it")),
    ("Ctrl+Shift+Return", tr("Meetings: start the meeting (conference mode)")),
    ("Ctrl+P", tr("Print: the agenda, a case summary, a minutes preview, the actions")),
    ("Ctrl+L", tr("Lock the window now")),
    ("Ctrl+Shift+L", tr("Sign out")),
    ("F1", tr("The user guide, at the page about what is on screen")),
    ("Shift+F1", tr("This list of shortcuts")),
    ("Ctrl+Q", tr("Quit (saves first)")),
)
# The keys for the pages after Home, in the order the list on the left shows them.
PAGE_KEYS = tuple(f"Ctrl+{n % 10}" for n in range(1, 11))


class MainWindow(QMainWindow):
    """Owns the open vault; everything that shows case data lives inside its workspace."""

    vault_locked = Signal()
    vault_unlocked = Signal()

    def __init__(self, data_dir: Path, vault: Vault | None, *, training: bool = False) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.training = training
        self.vault: Vault | None = None
        self.workspace: Workspace | None = None
        self.conference_view: ConferenceView | None = None
        self.meeting_menu: QMenu | None = None
        self.guide: GuideWindow | None = None  # the user guide, once opened (kept open)
        # The meeting the window was in when it locked, and for whom: signing back in
        # returns to it.
        self._resume: tuple[str, int] | None = None
        # Edits that could not be saved when the window locked, by account (memory only).
        self._unsaved: dict[str, list[UnsavedEdit]] = {}
        self.setMinimumSize(900, 600)
        fit_to_screen(self, 1440, 860)  # a laptop's whole screen

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        if training:
            column.addWidget(self._training_banner())
        self.stack = QStackedWidget()
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.who = QLabel()
        self.statusBar().addPermanentWidget(self.who)
        self._build_actions()

        idle_minutes = defs.DEFINITIONS[defs.IDLE_LOCK_MINUTES].default
        self.idle = IdleWatcher(idle_minutes, self)
        self.idle.went_idle.connect(self._on_went_idle)

        geometry = QSettings().value("main_window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
            # Saved on a larger screen: brought back inside this one.
            fit_to_screen(self, self.width(), self.height())
        if vault is None:
            self.show_locked()
        else:
            self.show_unlocked(vault)

    # -- building ---------------------------------------------------------------

    def _training_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("trainingBanner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(8, 0, 8, 0)
        label = QLabel(
            tr(
                "TRAINING — every name and case here is fictional. Nothing you do here touches "
                "the real vault."
            )
        )
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setAccessibleName(tr("Training mode"))
        row.addWidget(label, 1)
        return banner

    def _build_actions(self) -> None:
        self.lock_action = QAction(tr("&Lock"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.setToolTip(tr("Lock the window now (Ctrl+L)"))
        self.lock_action.triggered.connect(self.lock)
        self.sign_out_action = QAction(tr("Sign &out"), self)
        self.sign_out_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        self.sign_out_action.triggered.connect(self.sign_out)
        quit_action = QAction(tr("&Quit"), self)
        # Spelled out: the platform's standard Quit key is empty on some desktops, and
        # the shortcut list promises Ctrl+Q (Cmd+Q on a Mac) everywhere.
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        guide_action = QAction(tr("&User guide"), self)
        guide_action.setShortcut(QKeySequence("F1"))
        guide_action.triggered.connect(self._on_help)
        shortcuts_action = QAction(tr("&Keyboard shortcuts"), self)
        shortcuts_action.setShortcut(QKeySequence("Shift+F1"))
        shortcuts_action.triggered.connect(self._on_shortcuts)
        about_action = QAction(tr("&About marac-desk"), self)
        about_action.triggered.connect(self._on_about)

        file_menu = self.menuBar().addMenu(tr("&File"))
        file_menu.addAction(self.lock_action)
        file_menu.addAction(self.sign_out_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        # Filled with the pages' own names once signed in (each role has its own pages).
        self.go_menu = self.menuBar().addMenu(tr("&Go"))
        help_menu = self.menuBar().addMenu(tr("&Help"))
        help_menu.addAction(guide_action)
        help_menu.addAction(shortcuts_action)
        help_menu.addAction(about_action)

        toolbar = self.addToolBar(tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.addAction(self.lock_action)
        toolbar.addAction(self.sign_out_action)

    # -- locked and unlocked ------------------------------------------------------

    def show_locked(self, username: str = "") -> None:
        if self.training:
            username = username or TRAINING_USER
        panel = SignInPanel(self.data_dir, username, allow_remember=not self.training)
        if self.training:
            panel.set_note(tr("Training vault: the password is {0}").format(TRAINING_PASSWORD))
        panel.signed_in.connect(self.show_unlocked)
        self._replace_stack(panel)
        self.stack.show()
        self.lock_action.setEnabled(False)
        self.sign_out_action.setEnabled(False)
        self.who.setText(tr("Locked"))
        self.setWindowTitle(self._title(tr("locked")))
        self.idle.stop()
        panel.focus_first_empty()

    def show_unlocked(self, vault: Vault) -> None:
        self.vault = vault
        self.workspace = Workspace(self, vault)
        self._replace_stack(self.workspace)
        self._enter_unlocked(vault)
        # Before the meeting resumes: it then opens on what was saved again.
        self.offer_unsaved(vault)
        if vault.audit_warnings:
            self._warn_about_the_audit_log(vault)
        while vault.notices:
            show_error(self, tr("Open on another computer?"), vault.notices.pop(0))
        resume, self._resume = self._resume, None
        if resume is not None and resume[0] == vault.user.username:
            self.start_conference(resume[1])
        else:
            from marac_desk.storage import conference_resume

            crashed = conference_resume.interrupted(vault)
            if crashed is not None:
                self.start_conference(crashed, interrupted=True)
            else:
                # The sign-in box had the keyboard: give it to the list of pages, so the
                # arrow keys (or Ctrl+1 to Ctrl+9) go on from here.
                self.workspace.navigation.setFocus()

    def _enter_unlocked(self, vault: Vault) -> None:
        self.lock_action.setEnabled(True)
        self.sign_out_action.setEnabled(True)
        self.who.setText(
            tr("Signed in as {0} ({1})").format(vault.user.full_name, vault.user.roles_label)
        )
        self.apply_settings()
        self.idle.start()
        self.vault_unlocked.emit()
        # Once the unlocked window is painted: the name index is read back from the vault
        # then, not when the first name is typed into a referral or the search.
        QTimer.singleShot(100, self, lambda: self._warm_name_index(vault))

    def _warm_name_index(self, vault: Vault) -> None:
        if self.vault is not vault or not vault.is_open or not vault.may(Permission.VIEW_ALL_CASES):
            return
        from marac_desk.storage import name_index

        try:
            with busy():  # seconds only the first time, when it is made from every name
                name_index.warm(vault)
        except MaracDeskError:
            pass  # a search that needs it says what is wrong

    def rebuild_workspace(self) -> None:
        if self.vault is not None and self.vault.is_open:
            self.vault.reload_user()
            self.show_unlocked(self.vault)

    def apply_settings(self) -> None:
        if self.vault is None or not self.vault.is_open:
            return
        self.idle.set_minutes(int(self.vault.setting(defs.IDLE_LOCK_MINUTES)))
        self.setWindowTitle(self._title(str(self.vault.setting(defs.MARAC_NAME))))

    def _title(self, detail: str) -> str:
        title = f"marac-desk — {detail}"
        return f"{title} — TRAINING" if self.training else title

    def _replace_stack(self, widget: QWidget) -> None:
        """Swap the central content, destroying the old widget and every model in it."""
        while self.stack.count():
            old = self.stack.widget(0)
            if old is None:
                break
            self.stack.removeWidget(old)
            old.deleteLater()
        if widget is not self.workspace:
            self.workspace = None
        if widget is not self.conference_view:
            self.conference_view = None
            self._drop_meeting_menu()
        self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        self._fill_go_menu()  # emptied while locked or in a meeting

    def _close_dialogs(self) -> None:
        """Close open dialogs (an account form, a message): they may show vault data
        and must not stay on top of the lock screen."""
        for _ in range(20):
            modal = QApplication.activeModalWidget()
            if modal is None or modal is self:
                return
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()

    def _save_and_close_vault(self, action: str) -> str:
        """Save edits in progress, drop every view of case data, close the vault.

        Whatever the disk does, the vault ends closed and the views gone: case data leaves
        the screen first, saving waits on a busy database for a moment only, and an edit
        that could not be saved is kept in memory (for the same account's next sign-in).
        """
        self._close_dialogs()
        self.stack.hide()
        username = ""
        unsaved: list[UnsavedEdit] = []
        try:
            if self.vault is not None and self.vault.is_open:
                self.vault.set_busy_timeout_ms(LOCK_BUSY_TIMEOUT_MS)
            if self.workspace is not None:
                unsaved += self.workspace.commit_pending()
            if self.conference_view is not None and self.vault is not None:
                self._resume = (self.vault.user.username, self.conference_view.meeting_id)
                unsaved += self.conference_view.stop()
        except Exception as exc:
            unsaved.append(failed_edit(tr("The screen you were on"), exc, "", nothing_to_save))
        finally:
            if self.vault is not None:
                username = self.vault.user.username
                self.vault.close(action)
                self.vault = None
            self.stack.show()
        if unsaved:
            self._unsaved.setdefault(username, []).extend(unsaved)
        return username

    def _warn_about_the_audit_log(self, vault: Vault) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("The audit log may have been tampered with"),
            tr(
                "The vault's audit log does not match the record of it kept beside the vault:"
                "\n\n{0}\n\nTell an administrator. Vault tools > Verify shows this until it "
                "is looked into; the latest good backup may be needed."
            ).format("\n".join(vault.audit_warnings)),
            parent=self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    def offer_unsaved(self, vault: Vault) -> None:
        """After signing in: the edits this account could not save when the window locked."""
        pending = self._unsaved.pop(vault.user.username, [])
        if not pending:
            return
        dialog = UnsavedEditsDialog(vault, pending, self)
        dialog.exec()
        if dialog.edits:
            self._unsaved[vault.user.username] = dialog.edits

    def lock(self) -> None:
        if self.vault is None:
            return
        username = self._save_and_close_vault("lock")
        self.show_locked(username)
        self.vault_locked.emit()

    def sign_out(self) -> None:
        if self.vault is None:
            return
        self._save_and_close_vault("sign_out")
        self.show_locked()
        self.vault_locked.emit()

    def close_vault_for_restore(self) -> None:
        self._save_and_close_vault("lock")
        # The restore goes on behind its own messages: nothing of the vault it replaces
        # stays on screen meanwhile (show_locked puts the sign-in screen up after).
        self.stack.hide()

    def after_restore(self) -> None:
        self.show_locked()
        self.vault_locked.emit()

    def _on_went_idle(self) -> None:
        self.lock()

    def _go_to(self, row: int) -> None:
        if self.workspace is not None:
            self.workspace.go_to(row)

    def _fill_go_menu(self) -> None:
        """A Go menu item per page, named as in the list on the left: Home on Alt+Home,
        the next ten on Ctrl+1 to Ctrl+9 and Ctrl+0."""
        for action in self.go_menu.actions():
            self.go_menu.removeAction(action)
            action.deleteLater()
        if self.workspace is None:
            return
        navigation = self.workspace.navigation
        keys = (
            ("Alt+Home", *PAGE_KEYS)
            if navigation.count() and self.workspace.has_home
            else PAGE_KEYS
        )
        for row in range(navigation.count()):
            item = navigation.item(row)
            action = QAction(item.text() if item else "", self)
            if row < len(keys):
                action.setShortcut(QKeySequence(keys[row]))
            action.triggered.connect(lambda _=False, n=row: self._go_to(n))
            self.go_menu.addAction(action)

    # -- conference mode --------------------------------------------------------------

    def start_conference(self, meeting_id: int, interrupted: bool = False) -> None:
        """Run one meeting live in this window: the pages make way until it is left."""
        from marac_desk.ui.conference.view import ConferenceView

        if self.vault is None or not self.vault.is_open:
            return
        if self.workspace is not None:
            unsaved = self.workspace.commit_pending()
            if unsaved:
                # The pages would go with what was typed in them: stay until it is saved.
                show_error(
                    self,
                    tr("Conference"),
                    tr("Save your work first. {0}: {1}").format(
                        unsaved[0].where, unsaved[0].reason
                    ),
                )
                return
        try:
            view = ConferenceView(self.vault, meeting_id, self.leave_conference, interrupted)
        except MaracDeskError as exc:
            show_error(self, tr("Conference"), str(exc))
            return
        self.conference_view = view
        self._replace_stack(view)
        self.meeting_menu = self.menuBar().addMenu(tr("&Meeting"))
        for action in view.menu_actions:
            self.meeting_menu.addAction(action)
        view.presenting_changed.connect(self._on_presenting_changed)

    def leave_conference(self) -> None:
        if self.vault is None:
            return
        if self.isFullScreen():
            self.showNormal()
        self.statusBar().show()
        self.show_unlocked(self.vault)
        if self.workspace is not None:
            self.workspace.go_to_title(tr("Meetings"))

    def _drop_meeting_menu(self) -> None:
        if self.meeting_menu is not None:
            self.menuBar().removeAction(self.meeting_menu.menuAction())
            self.meeting_menu.deleteLater()
            self.meeting_menu = None
        self.statusBar().show()

    def _on_presenting_changed(self, presenting: bool) -> None:
        # The status bar names who is signed in: not for a shared screen.
        self.statusBar().setVisible(not presenting)

    def _on_help(self) -> None:
        """F1: the conference's own keys in a meeting; otherwise the guide, open at the
        page about what is on screen."""
        if self.conference_view is not None:
            self.conference_view.show_help()
            return
        from marac_desk.ui import help_window

        if self.guide is None:
            self.guide = help_window.GuideWindow(self)
        self.guide.open_at(self._guide_page())
        self.guide.show()
        self.guide.raise_()
        self.guide.activateWindow()

    def _guide_page(self) -> str:
        from marac_desk.ui import help_window

        workspace = self.workspace
        if workspace is None:
            return "01-getting-started"
        item = workspace.navigation.currentItem()
        title = item.text() if item is not None else ""
        page = workspace.pages.currentWidget()
        if getattr(page, "case_view", None) is not None:
            return help_window.CASE_PAGE
        tabs = getattr(page, "tabs", None)
        if title == tr("Meetings") and tabs is not None and tabs.currentIndex() == 1:
            return help_window.RESEARCH_PAGE
        return help_window.PAGE_FOR.get(title, "01-getting-started")

    def _on_shortcuts(self) -> None:
        if self.conference_view is not None:
            self.conference_view.show_help()
            return
        from marac_desk.ui.conference.help import ShortcutsDialog

        dialog = ShortcutsDialog(list(SHORTCUTS), self, tr("Keyboard shortcuts"))
        dialog.exec()
        dialog.deleteLater()

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            tr("About marac-desk"),
            tr(
                "marac-desk {0}\n\nRuns MARACs from an encrypted vault on this computer. "
                "It never connects to the internet."
            ).format(__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        QSettings().setValue("main_window/geometry", self.saveGeometry())
        was_open = self.vault is not None
        self._save_and_close_vault("sign_out")
        if self._unsaved and not self._quit_losing_edits():
            # Stay, locked: the edits wait in memory for their account to sign in again.
            event.ignore()
            if was_open:
                self.show_locked()
                self.vault_locked.emit()
            return
        self._unsaved.clear()
        self.idle.stop()
        event.accept()

    def _quit_losing_edits(self) -> bool:
        count = sum(len(edits) for edits in self._unsaved.values())
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            tr("Edits not saved"),
            plural(
                "%n edit(s) could not be saved to the vault (the reason is shown after "
                "signing in). Quitting now loses (it/them). Stay, sign in and save "
                "(it/them) again?",
                count,
            ),
            parent=self,
        )
        stay = box.addButton(tr("&Stay"), QMessageBox.ButtonRole.RejectRole)
        box.addButton(tr("&Quit and lose them"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(stay)
        box.exec()
        return box.clickedButton() is not stay
