"""The combined case summary on screen: the same `CaseSummary` the printed page renders,
as HTML in a read-only browser. All user text is escaped."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from marac_desk.domain.case_summary import CaseSummary
from marac_desk.domain.research import ItemKind, Nature
from marac_desk.ui.widgets import tr


def _text(value: str) -> str:
    return escape(value).replace("\n", "<br>")


def _list(items: tuple[str, ...] | list[str], empty: str) -> str:
    return ", ".join(escape(i) for i in items) if items else f"<i>{escape(empty)}</i>"


def summary_html(summary: CaseSummary) -> str:
    r = summary.referral
    dash = (
        "not recorded" if r.dash_score is None else f"{r.dash_score} (threshold {r.dash_threshold})"
    )
    flags = []
    if r.is_repeat:
        flags.append("Repeat referral")
    if r.transfer_from:
        flags.append(f"Transfer in from {r.transfer_from}")
    parts = [
        f"<h2>{escape(r.reference)}: {escape(r.victim)}</h2>",
        f"<p class='meta'>Meeting: {escape(summary.meeting)}"
        + (f" · <b>{escape('; '.join(flags))}</b>" if flags else "")
        + "</p>",
        "<h3>Referral</h3><table>",
        f"<tr><th>Referred</th><td>{escape(r.referral_date)} by "
        f"{escape(r.referring_agency)}</td></tr>",
        f"<tr><th>Dash score</th><td>{escape(dash)}</td></tr>",
        f"<tr><th>Criteria met</th><td>{_list(r.criteria, 'None recorded')}</td></tr>",
        f"<tr><th>Consent</th><td>{_text(r.consent) or '<i>Not recorded</i>'}</td></tr>",
        f"<tr><th>Reason</th><td>{_text(r.reason) or '<i>Not recorded</i>'}</td></tr></table>",
        "<h3>Who knows the family</h3><table>",
        f"<tr><th>Known to</th><td>{_list(summary.know_family, 'No agency yet')}</td></tr>",
        f"<tr><th>Not known to</th><td>{_list(summary.do_not_know, 'None')}</td></tr>",
        f"<tr><th>Still to return</th><td>{_list(summary.missing, 'None outstanding')}</td></tr>",
        "</table>",
    ]
    if summary.risks:
        parts.append("<h3>Risks named by each agency</h3><table>")
        for agency, risks in summary.risks:
            parts.append(
                f"<tr><th>{escape(agency)}</th><td>{'<br>'.join(_text(x) for x in risks)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("<h3>What agencies share, by person</h3>")
    for person in summary.people:
        off = "" if person.on_referral else " <i>(no longer on the referral)</i>"
        born = f" · born {escape(person.born)}" if person.born else ""
        parts.append(f"<h4>{escape(person.title)}{born}{off}</h4>")
        if person.known_to or person.not_known_to:
            parts.append(
                f"<p class='meta'>Known to: {_list(person.known_to, 'no agency')} · "
                f"not known to: {_list(person.not_known_to, 'none')}</p>"
            )
        shared = [s for s in person.shared if s.kind is not ItemKind.RISK]
        if not shared:
            parts.append("<p><i>Nothing shared about this person yet.</i></p>")
            continue
        parts.append("<table>")
        for item in shared:
            nature = "" if item.nature is Nature.UNSTATED else f" · {item.nature.label}"
            label = "Involvement" if item.kind is ItemKind.INVOLVEMENT else "Shares"
            parts.append(
                f"<tr><th>{escape(item.agency)}</th><td>{_text(item.body)}"
                f"<div class='meta'>{label}{escape(nature)} · {escape(item.audience)}</div>"
                "</td></tr>"
            )
        parts.append("</table>")
    if summary.held_back:
        parts.append("<h3>Held back (counted only; never shared)</h3><table>")
        for held in summary.held_back:
            reasons = "<br>".join(_text(x) for x in held.reasons)
            parts.append(f"<tr><th>{escape(held.agency)}: {held.count}</th><td>{reasons}</td></tr>")
        parts.append("</table>")
    parts.append("<h3>History</h3>")
    if summary.history:
        parts.append("<table>")
        for line in summary.history:
            parts.append(
                f"<tr><th>{escape(line.date)} {escape(line.reference)}</th>"
                f"<td>{escape(line.text)}</td></tr>"
            )
        parts.append("</table>")
    else:
        parts.append("<p><i>No earlier referral of this victim.</i></p>")
    parts.append(
        "<p class='meta'>Earlier actions and their outcomes appear here once meetings are "
        "recorded in marac-desk.</p>"
    )
    style = (
        "<style>body{font-size:10.5pt} "
        "th{text-align:left;vertical-align:top;padding:3px 10px 3px 0;white-space:nowrap} "
        "td{padding:3px 0} .meta{color:#55606b;font-size:9pt} "
        "h3{margin-top:14px}</style>"
    )
    return style + "".join(parts)


class SummaryDialog(QDialog):
    """One case's combined summary, to read before and during the discussion."""

    def __init__(self, summary: CaseSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Combined case summary: {0}").format(summary.referral.reference))
        self.resize(820, 760)
        self.browser = QTextBrowser()
        self.browser.setAccessibleName(tr("Combined case summary"))
        self.browser.setOpenLinks(False)
        self.browser.setHtml(summary_html(summary))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
