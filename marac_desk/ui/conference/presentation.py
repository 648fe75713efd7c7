"""The view for a shared screen or projector: the current case only, from a
`PresentedCase` that holds nothing else. No agenda, no search, no other names."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from marac_desk.domain.conference import RISK_FIELDS
from marac_desk.storage.presentation import PresentedCase
from marac_desk.ui.plurals import plural
from marac_desk.ui.summary_view import heading, summary_html
from marac_desk.ui.widgets import tr

POINTS = 14.0  # read from the back of a room, or a small video-call window


def _para(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def meeting_html(case: PresentedCase) -> str:
    """What the meeting has agreed so far about this case."""
    names = case.names
    parts = [heading(tr("Agreed at this meeting so far"), 3)]
    if case.shared or case.not_shown:
        parts.append(heading(tr("Information shared"), 4))
    if case.not_shown:
        parts.append(
            "<p class='meta'>"
            + escape(
                plural(
                    "%n item(s) (is/are) for named agencies or the MARAC record only, so "
                    "(it is/they are) not shown here.",
                    case.not_shown,
                )
            )
            + "</p>"
        )
    if case.shared:
        parts.append("<ul>")
        parts += [
            f"<li><b>{escape(names.get(s.agency_code, s.agency_code))}</b>: {_para(s.body)}</li>"
            for s in case.shared
        ]
        parts.append("</ul>")
    risks = [(label, getattr(case.record, name)) for name, label in RISK_FIELDS]
    if any(text for _, text in risks):
        parts.append(heading(tr("Risks"), 4) + "<table>")
        parts += [
            f"<tr><th>{escape(tr(label))}</th><td>{_para(text)}</td></tr>"
            for label, text in risks
            if text
        ]
        parts.append("</table>")
    record = case.record
    informs = names.get(record.informs_agency, record.informs_agency)
    if record.informs_person:
        informs = f"{informs} ({record.informs_person})" if informs else record.informs_person
    parts.append(
        "<table>"
        f"<tr><th>{escape(tr('Risk level agreed'))}</th>"
        f"<td>{escape(record.risk_level.label)}</td></tr>"
        f"<tr><th>{escape(tr('Who informs the victim'))}</th>"
        f"<td>{escape(informs or tr('Not agreed yet'))}</td></tr></table>"
    )
    if case.actions:
        parts.append(heading(tr("Actions"), 4) + "<ol>")
        for a in case.actions:
            owner = names.get(a.owner_agency, a.owner_agency) or tr("no owner yet")
            if a.owner_name:
                owner += f", {a.owner_name}"
            due = a.due_on.strftime("%a %d %b %Y") if a.due_on else tr("no deadline yet")
            parts.append(f"<li>{_para(a.text)} <i>({escape(owner)}; {escape(due)})</i></li>")
        parts.append("</ol>")
    return "".join(parts)


class PresentationView(QWidget):
    """Rebuilt from scratch for each case: it keeps no reference to anything else."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presentationView")
        self.banner = QLabel(
            tr(
                "SHARED SCREEN — only this case is shown. Press F5 to go back to the "
                "coordinator's view."
            )
        )
        self.banner.setObjectName("presentingBanner")
        self.banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(tr("Shared screen"))
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(tr("The case under discussion"))
        self.browser.setOpenLinks(False)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.banner)
        column.addWidget(self.browser, 1)

    def show_case(self, case: PresentedCase | None) -> None:
        if case is None:
            self.browser.setHtml(
                f"<p style='font-size:{POINTS}pt'>"
                + escape(tr("No case is open. The next case appears here when it is opened."))
                + "</p>"
            )
            return
        self.browser.setHtml(summary_html(case.summary, POINTS) + meeting_html(case))

    def clear(self) -> None:
        self.browser.clear()
