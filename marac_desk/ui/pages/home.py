"""Home: the first page after signing in, with what needs doing today. Each line opens the
page where it is dealt with."""

from __future__ import annotations

from datetime import UTC, date, datetime
from html import escape

from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from marac_desk.domain.dates import long_date, uk_date
from marac_desk.domain.follow_ups import overdue
from marac_desk.domain.roles import Permission
from marac_desk.storage import home
from marac_desk.storage.vault import Vault
from marac_desk.ui.pages.base import Page
from marac_desk.ui.plurals import plural
from marac_desk.ui.widgets import hint_label, tr

# A card shows this many lines; the rest are one line that opens the page with all of them.
SHOWN = 5

CASE, MEETING, RESEARCH, ACTIONS, BACKUP, REGISTER, INCIDENT, FOLLOW_UP, CHASE = (
    "case",
    "meeting",
    "research",
    "actions",
    "backup",
    "register",
    "incident",  # a case, open at its incidents
    "follow_up",  # a case, open at its follow-ups
    "chase",  # the actions tracker's chasers, at one agency
)


class Card(QFrame):
    """A titled box of lines; each line is a button that opens where it is dealt with."""

    def __init__(self, title: str, opened: SignalInstance) -> None:
        super().__init__()
        self.setObjectName("homeCard")
        self._opened = opened
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(14, 10, 14, 12)
        self.column.setSpacing(2)
        heading = QLabel(title)
        heading.setObjectName("sectionTitle")
        self.column.addWidget(heading)
        self.title = title
        self.lines: list[QLabel] = []

    def line(
        self, text: str, where: str, ident: int | str | None = None, *, urgent: bool = False
    ) -> None:
        """A line that opens `where`: a link, so it wraps to the card's width, takes the
        keyboard focus with Tab and opens with Enter as well as a click."""
        # Overdue lines are red and say "Overdue" (never colour alone); the rest ink blue.
        colour = "#a4161a" if urgent else "#1d3557"
        label = QLabel(
            f"<a style='color:{colour}' href='{where}:{'' if ident is None else ident}'>"
            f"{escape(text)}</a>"
        )
        label.setObjectName("homeUrgent" if urgent else "homeLink")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        label.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        label.setAccessibleName(text)
        label.setAccessibleDescription(tr("Link: opens where this is dealt with"))
        label.linkActivated.connect(lambda _link: self._opened.emit(where, ident))
        self.lines.append(label)
        self.column.addWidget(label)

    def note(self, text: str) -> None:
        self.column.addWidget(hint_label(text))

    def finish(self) -> None:
        self.column.addStretch(1)


class HomePage(Page):
    title = tr("Home")
    intro = tr("What needs doing today. Choose a line to open it where it is dealt with.")

    opened = Signal(str, object)  # where ("case", "meeting", ...), and its id or None

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(vault, parent)
        self.today_line = hint_label()
        self.page_layout.addWidget(self.today_line)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.page_layout.addWidget(self.area, 1)
        self.cards: list[Card] = []

    def refresh(self) -> None:
        today = date.today()
        facts = home.read(self.vault, today)
        self.today_line.setText(
            tr("{0}, signed in as {1}.").format(long_date(today), self.vault.user.full_name)
        )
        self.cards = [
            card
            for card in (
                self._meeting_card(facts, today),
                self._urgent_card(facts),
                self._incidents_card(facts),
                self._actions_card(facts),
                self._waiting_card(facts),
                self._chase_card(facts),
                self._follow_ups_card(facts, today),
                self._reaching_card(facts),
                self._backup_card(facts),
            )
            if card is not None
        ]
        body = QWidget()
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 8, 0)
        columns.setSpacing(12)
        # The meeting, repeat incidents and the referrals on the left; urgent cases at the
        # top right (seen first beside the meeting), then actions, windows and backup: the
        # short cards share a column, so at 1366×768 most of it fits one screen.
        left, right = QVBoxLayout(), QVBoxLayout()
        for column in (left, right):
            column.setSpacing(12)
            columns.addLayout(column, 1)
        for card in self.cards:
            (
                left
                if card.title
                in (tr("Next meeting"), tr("Repeat incidents"), tr("Referrals waiting"))
                else right
            ).addWidget(card)
        left.addStretch(1)
        right.addStretch(1)
        old = self.area.takeWidget()
        if old is not None:
            # Later, not at once: a refresh can come while one of its links is handling
            # its own click.
            old.deleteLater()
        self.area.setWidget(body)

    # -- the cards --------------------------------------------------------------------------

    def _meeting_card(self, facts: home.Home, today: date) -> Card | None:
        if not self.vault.may(Permission.VIEW_ALL_CASES):
            return None
        card = Card(tr("Next meeting"), self.opened)
        upcoming = facts.next_meeting
        if upcoming is None:
            card.note(tr("No meeting is planned."))
            card.line(tr("Plan the next meeting…"), MEETING)
            card.finish()
            return card
        meeting = upcoming.meeting
        days = (meeting.details.meeting_date - today).days
        when = (
            tr("today")
            if days == 0
            else tr("tomorrow")
            if days == 1
            else plural("in %n day(s)", days)
        )
        card.line(
            tr("{0} ({1})").format(meeting.details.title, when)
            + " · "
            + plural("%n case(s)", meeting.cases),
            MEETING,
            meeting.meeting_id,
        )
        deadline = meeting.details.research_deadline
        if deadline is None:
            card.note(tr("Research is not collected in writing for this meeting."))
        else:
            done = sum(1 for a in upcoming.agencies if a.returned >= a.asked)
            card.note(
                tr("Research by {0}: ").format(uk_date(deadline))
                + plural("%n agenc(y/ies) asked, ", len(upcoming.agencies))
                + tr("{0} returned everything.").format(done)
            )
            for agency in upcoming.overdue[:SHOWN]:
                card.line(
                    plural("Overdue: {0}, %n case(s) not returned", agency.overdue).format(
                        agency.name
                    ),
                    RESEARCH,
                    meeting.meeting_id,
                    urgent=True,
                )
            if len(upcoming.overdue) > SHOWN:
                card.line(
                    plural("… and %n more agenc(y/ies) overdue", len(upcoming.overdue) - SHOWN),
                    RESEARCH,
                    meeting.meeting_id,
                )
            if upcoming.not_sent:
                card.line(
                    plural("%n agenc(y/ies): pack made, not recorded as sent", upcoming.not_sent),
                    RESEARCH,
                    meeting.meeting_id,
                )
        card.finish()
        return card

    def _actions_card(self, facts: home.Home) -> Card:
        card = Card(tr("Actions"), self.opened)
        if not facts.actions_overdue and not facts.actions_this_week:
            card.note(tr("No action is overdue or due in the next 7 days."))
        for row in facts.actions_overdue[:SHOWN]:
            card.line(
                tr("Overdue since {0}: {1}, {2}").format(
                    uk_date(row.action.due_on), row.reference, _short(row.action.text)
                ),
                ACTIONS,
                urgent=True,
            )
        if len(facts.actions_overdue) > SHOWN:
            card.line(plural("… and %n more overdue", len(facts.actions_overdue) - SHOWN), ACTIONS)
        if facts.actions_this_week:
            card.line(
                plural("%n action(s) due in the next 7 days", len(facts.actions_this_week)),
                ACTIONS,
            )
        card.finish()
        return card

    def _waiting_card(self, facts: home.Home) -> Card | None:
        waiting = facts.waiting
        if waiting is None:
            return None
        card = Card(tr("Referrals waiting"), self.opened)
        groups = (
            (waiting.drafts, tr("Not completed: {0}, {1}")),
            (waiting.returned, tr("Returned for more information: {0}, {1}")),
            (waiting.not_listed, tr("Accepted, on no meeting yet: {0}, {1}")),
        )
        if not any(lines for lines, _ in groups):
            card.note(tr("No referral is waiting for a decision."))
        for lines, text in groups:
            for line in lines[:SHOWN]:
                card.line(text.format(line.reference, line.victim), CASE, line.case_id)
            if len(lines) > SHOWN:
                card.line(plural("… and %n more", len(lines) - SHOWN), REGISTER)
        card.finish()
        return card

    def _urgent_card(self, facts: home.Home) -> Card | None:
        """Shown only while a referral marked urgent waits to be heard."""
        urgent = facts.urgent
        if not urgent:
            return None
        card = Card(tr("Urgent cases"), self.opened)
        card.note(tr("Marked urgent on the referral and not yet heard."))
        for line in urgent[:SHOWN]:
            card.line(
                tr("Urgent: {0}, {1}, referred {2}").format(
                    line.reference, line.victim, uk_date(line.on)
                ),
                CASE,
                line.case_id,
                urgent=True,
            )
        if len(urgent) > SHOWN:
            card.line(plural("… and %n more", len(urgent) - SHOWN), REGISTER)
        card.finish()
        return card

    def _incidents_card(self, facts: home.Home) -> Card | None:
        """Shown only while an incident that is a repeat waits: it should come back to the
        MARAC, and domestic homicide reviews keep finding ones that never did."""
        waiting = facts.repeat_incidents
        if not waiting:
            return None
        card = Card(tr("Repeat incidents"), self.opened)
        card.note(
            tr(
                "Incidents inside the repeat window of a heard case: start a repeat referral, "
                "or record why not."
            )
        )
        for prompt in waiting[:SHOWN]:
            card.line(
                tr("Repeat: {0}, {1}: incident {2}").format(
                    prompt.reference, prompt.victim, uk_date(prompt.incident.day)
                ),
                INCIDENT,
                prompt.incident.case_id,
                urgent=True,
            )
        if len(waiting) > SHOWN:
            card.line(plural("… and %n more", len(waiting) - SHOWN), REGISTER)
        card.finish()
        return card

    def _chase_card(self, facts: home.Home) -> Card | None:
        """Shown only while an agency has actions overdue by more than the setting."""
        late = facts.to_chase
        if not late:
            return None
        card = Card(tr("Actions to chase"), self.opened)
        for found in late[:SHOWN]:
            card.line(
                plural("Chase {0}: %n action(s) overdue; contact: {1}", len(found.actions)).format(
                    found.agency_name, found.contact_line
                ),
                CHASE,
                found.agency_code,
                urgent=True,
            )
        if len(late) > SHOWN:
            card.line(plural("… and %n more agenc(y/ies)", len(late) - SHOWN), ACTIONS)
        card.finish()
        return card

    def _follow_ups_card(self, facts: home.Home, today: date) -> Card | None:
        """Shown only while a heard case's follow-up is due within a week."""
        due = facts.follow_ups
        if not due:
            return None
        card = Card(tr("Follow-ups due"), self.opened)
        for line in due[:SHOWN]:
            late = overdue(line.follow_up, today)
            text = tr("Overdue since {0}: {1}, {2}") if late else tr("Due {0}: {1}, {2}")
            card.line(
                text.format(uk_date(line.follow_up.due_on), line.reference, line.victim),
                FOLLOW_UP,
                line.follow_up.case_id,
                urgent=late,
            )
        if len(due) > SHOWN:
            card.line(plural("… and %n more", len(due) - SHOWN), REGISTER)
        card.finish()
        return card

    def _reaching_card(self, facts: home.Home) -> Card | None:
        reaching = facts.reaching_12_months
        if reaching is None:
            return None
        card = Card(tr("Cases reaching 12 months"), self.opened)
        card.note(
            tr(
                "Their repeat window ends by {0}: a referral after that is a new case, not "
                "a repeat."
            ).format(uk_date(facts.reaching_until))
        )
        if not reaching:
            card.note(tr("None."))
        for line in reaching[:SHOWN]:
            card.line(
                tr("{0}, {1}: ends {2}").format(line.reference, line.victim, uk_date(line.on)),
                CASE,
                line.case_id,
            )
        if len(reaching) > SHOWN:
            card.line(plural("… and %n more", len(reaching) - SHOWN), REGISTER)
        card.finish()
        return card

    def _backup_card(self, facts: home.Home) -> Card | None:
        backup = facts.backup
        if backup is None:
            return None
        card = Card(tr("Backup"), self.opened)
        now = datetime.now(UTC)
        if backup.last is None:
            card.line(
                tr("No backup has been made of this vault. Back up now…"), BACKUP, urgent=True
            )
        else:
            age = (now - backup.last).days
            said = tr("Last backup {0} ({1}).").format(
                uk_date(backup.last.date()),
                tr("today") if age == 0 else plural("%n day(s) ago", age),
            )
            if backup.due(now):
                card.line(said + " " + tr("Back up now…"), BACKUP, urgent=True)
            else:
                card.line(said, BACKUP)
        card.note(
            plural(
                "A reminder shows here when the last backup is over %n day(s) old.",
                backup.reminder_days,
            )
        )
        card.finish()
        return card


def _short(text: str, limit: int = 70) -> str:
    """An action's text on one line of a card (the tracker has it whole)."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"
