"""The unlocked window's body: the list of pages on the left, the page shown on the right."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError
from marac_desk.ui.pages.base import Page
from marac_desk.ui.unsaved import UnsavedEdit, failed_edit
from marac_desk.ui.widgets import hint_label, show_error, tr

if TYPE_CHECKING:
    from marac_desk.storage.vault import Vault
    from marac_desk.ui.main_window import MainWindow


def _home_page(vault: Vault, workspace: Workspace) -> Page:
    from marac_desk.ui.pages.home import HomePage

    page = HomePage(vault)
    page.opened.connect(workspace.open_where)
    return page


def _register_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.register import RegisterPage

    return RegisterPage(vault)


def _meetings_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.meetings import MeetingsPage

    return MeetingsPage(vault)


def _actions_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.action_tracker import ActionTrackerPage

    return ActionTrackerPage(vault)


def _distribution_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.distribution import DistributionPage

    return DistributionPage(vault)


def _data_return_page(vault: Vault, workspace: Workspace) -> Page:
    from marac_desk.ui.pages.data_return import DataReturnPage

    page = DataReturnPage(vault)
    page.opened.connect(workspace.open_where)
    return page


def _dashboard_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.dashboard import DashboardPage

    return DashboardPage(vault)


def _accounts_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.accounts import AccountsPage

    return AccountsPage(vault)


def _agencies_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.agencies import AgenciesPage

    return AgenciesPage(vault)


def _audit_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.audit_log import AuditLogPage

    return AuditLogPage(vault)


def _tools_page(vault: Vault, window: MainWindow) -> Page:
    from marac_desk.ui.pages.vault_tools import VaultToolsPage

    return VaultToolsPage(vault, window.close_vault_for_restore, window.after_restore)


def _requests_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.workspace_requests import WorkspaceRequestsPage

    return WorkspaceRequestsPage(vault)


def _workspace_actions_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.workspace_actions import WorkspaceActionsPage

    return WorkspaceActionsPage(vault)


def _keys_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.workspace_keys import WorkspaceKeysPage

    return WorkspaceKeysPage(vault)


def _settings_page(vault: Vault) -> Page:
    from marac_desk.ui.pages.settings_page import SettingsPage

    return SettingsPage(vault)


class Workspace(QWidget):
    """Navigation on the left, pages on the right: everything built from one vault."""

    def __init__(self, window: MainWindow, vault: Vault) -> None:
        super().__init__(window)
        self.vault = vault
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName(tr("Pages"))
        self.navigation.setFixedWidth(200)
        self.pages = QStackedWidget()
        # Pages are built when first shown: start-up builds only the first one.
        self._builders: list[Callable[[], Page]] = []
        self._built: dict[int, Page] = {}
        must_change = vault.user.must_change_password
        # Page modules are imported when the page is first shown, which keeps
        # start-up quick: most sessions never open most pages.
        candidates: list[tuple[Permission | None, str, Callable[[], Page]]] = [
            (None, tr("Home"), lambda: _home_page(vault, self)),
            (Permission.VIEW_ALL_CASES, tr("Case register"), lambda: _register_page(vault)),
            (Permission.EDIT_CASES, tr("Meetings"), lambda: _meetings_page(vault)),
            # Coordinators track every action; a representative their own agency's.
            (
                Permission.VIEW_ALL_CASES
                if vault.may(Permission.VIEW_ALL_CASES)
                else Permission.UPDATE_OWN_AGENCY_ACTIONS,
                tr("Actions"),
                lambda: _actions_page(vault),
            ),
            (Permission.EXPORT_MINUTES, tr("Minutes"), lambda: _distribution_page(vault)),
            (
                Permission.MAKE_DATA_RETURN,
                tr("Data return"),
                lambda: _data_return_page(vault, self),
            ),
            (Permission.MAKE_DATA_RETURN, tr("Dashboard"), lambda: _dashboard_page(vault)),
            (Permission.MANAGE_ACCOUNTS, tr("Accounts"), lambda: _accounts_page(vault)),
            (Permission.MANAGE_AGENCIES, tr("Agency directory"), lambda: _agencies_page(vault)),
            (Permission.VIEW_AUDIT_LOG, tr("Audit log"), lambda: _audit_page(vault)),
            (Permission.BACKUP_RESTORE, tr("Vault tools"), lambda: _tools_page(vault, window)),
            (Permission.CHANGE_SETTINGS, tr("Settings"), lambda: _settings_page(vault)),
            (None, tr("My account"), lambda: self._my_account(window)),
        ]
        from marac_desk.storage.exchange_identity import is_workspace

        if is_workspace(vault):
            # An agency workspace holds one agency's research and nothing of the MARAC's.
            candidates = [
                (
                    Permission.ENTER_OWN_AGENCY_RESEARCH,
                    tr("Research requests"),
                    lambda: _requests_page(vault),
                ),
                (
                    Permission.UPDATE_OWN_AGENCY_ACTIONS,
                    tr("My agency's actions"),
                    lambda: _workspace_actions_page(vault),
                ),
                (
                    Permission.ENTER_OWN_AGENCY_RESEARCH,
                    tr("Exchange keys"),
                    lambda: _keys_page(vault),
                ),
                (Permission.MANAGE_ACCOUNTS, tr("Accounts"), lambda: _accounts_page(vault)),
                (Permission.VIEW_AUDIT_LOG, tr("Audit log"), lambda: _audit_page(vault)),
                (Permission.BACKUP_RESTORE, tr("Vault tools"), lambda: _tools_page(vault, window)),
                (None, tr("My account"), lambda: self._my_account(window)),
            ]
        for permission, title, build in candidates:
            if must_change and title != tr("My account"):
                continue
            if permission is None or vault.may(permission):
                self._builders.append(build)
                self.navigation.addItem(title)
        self.has_home = self.navigation.count() > 0 and self.navigation.item(0).text() == tr("Home")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.navigation)
        right = QVBoxLayout()
        if must_change:
            note = hint_label(
                tr(
                    "Your password was set by an administrator. Choose your own password "
                    "to carry on."
                )
            )
            note.setObjectName("flagText")
            note.setContentsMargins(18, 12, 18, 0)  # in line with the page below
            right.addWidget(note)
        right.addWidget(self.pages)
        layout.addLayout(right, 1)
        self.navigation.currentRowChanged.connect(self._on_page_chosen)
        self.navigation.setCurrentRow(0)

    def _my_account(self, window: MainWindow) -> Page:
        from marac_desk.ui.pages.my_account import MyAccountPage

        page = MyAccountPage(self.vault)
        page.password_changed.connect(window.rebuild_workspace)
        return page

    @property
    def page_list(self) -> list[Page]:
        """Every page, building those not yet shown."""
        return [self.page(row) for row in range(len(self._builders))]

    def page(self, row: int) -> Page:
        # The stack holds the pages built so far, in the order they were first shown.
        if row not in self._built:
            page = self._builders[row]()
            self.pages.addWidget(page)
            self._built[row] = page
        return self._built[row]

    def _on_page_chosen(self, row: int) -> None:
        if row < 0:
            return
        page = self.page(row)
        self.pages.setCurrentWidget(page)
        try:
            page.refresh()
        except MaracDeskError as exc:
            show_error(self, tr("Cannot show this page"), str(exc))

    def open_where(self, where: str, ident: object = None) -> None:
        """Open what a Home line names: a case, a meeting (or its research), the actions
        tracker, the register or the vault tools."""
        from marac_desk.ui.pages import home

        title = {
            home.CASE: tr("Case register"),
            home.INCIDENT: tr("Case register"),
            home.FOLLOW_UP: tr("Case register"),
            home.REGISTER: tr("Case register"),
            home.MEETING: tr("Meetings"),
            home.RESEARCH: tr("Meetings"),
            home.ACTIONS: tr("Actions"),
            home.CHASE: tr("Actions"),
            home.BACKUP: tr("Vault tools"),
        }[where]
        row = self.row_of(title)
        if row is None:
            return
        self.go_to(row)
        page = self.page(row)
        if where in (home.CASE, home.INCIDENT, home.FOLLOW_UP) and isinstance(ident, int):
            page.open_case(ident)  # type: ignore[attr-defined]
            view = getattr(page, "case_view", None)
            if where == home.INCIDENT and view is not None:
                view.show_incidents()
            elif where == home.FOLLOW_UP and view is not None:
                view.show_follow_ups()
        elif where == home.CHASE:
            page.chase(ident if isinstance(ident, str) else "")  # type: ignore[attr-defined]
        elif where in (home.MEETING, home.RESEARCH):
            page.refresh(select=ident if isinstance(ident, int) else None)  # type: ignore[call-arg]
            if where == home.RESEARCH:
                page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]

    def page_titled(self, title: str) -> Page:
        """The page listed as `title` (built if not yet shown)."""
        row = self.row_of(title)
        if row is None:
            raise KeyError(title)
        return self.page(row)

    def row_of(self, title: str) -> int | None:
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            if item is not None and item.text() == title:
                return row
        return None

    def go_to_title(self, title: str) -> None:
        for row in range(self.navigation.count()):
            item = self.navigation.item(row)
            if item is not None and item.text() == title:
                self.go_to(row)
                return

    def go_to(self, row: int) -> None:
        if 0 <= row < self.navigation.count():
            self.navigation.setCurrentRow(row)

    def commit_pending(self) -> list[UnsavedEdit]:
        """Every page saves what is typed; what could not be saved is returned. A page that
        fails unexpectedly does not keep the others from saving, nor the window locking."""
        unsaved: list[UnsavedEdit] = []
        for page in self._built.values():
            try:
                unsaved += page.commit_pending()
            except Exception as exc:
                unsaved.append(
                    failed_edit(tr("The {0} page").format(page.title), exc, "", nothing_to_save)
                )
        return unsaved


def nothing_to_save(_vault: Vault) -> None:
    """Saving again an edit whose content could not be kept: there is nothing to save."""
