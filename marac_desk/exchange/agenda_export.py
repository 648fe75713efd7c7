"""The agenda for circulation, as PDF and DOCX. It carries only what agencies need to
search their records before the meeting: for each case the people's names, aliases,
dates of birth and addresses, and the children; plus the flags the agenda must show
(repeat, transfer in). Nothing from the referral itself (no reason, no Dash, no referrer).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer

from marac_desk.domain import settings as defs
from marac_desk.domain.dates import long_date, uk_from_iso
from marac_desk.domain.meetings import Agenda, LineKind
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, disk_error_message
from marac_desk.exchange import pdf, word
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import case_file, meetings
from marac_desk.storage.case_file import CasePerson
from marac_desk.storage.vault import Vault


@dataclass(frozen=True)
class AgendaDocument:
    marac_name: str
    marking: str
    agenda: Agenda
    people: dict[int, list[CasePerson]]  # case id -> the people to search for

    @property
    def title(self) -> str:
        return f"{self.marac_name}: agenda for {long_date(self.agenda.details.meeting_date)}"


def gather(vault: Vault, meeting_id: int) -> AgendaDocument:
    vault.require(Permission.VIEW_ALL_CASES)
    agenda = meetings.agenda(vault, meeting_id)
    return AgendaDocument(
        marac_name=str(vault.setting(defs.MARAC_NAME)),
        marking=str(vault.setting(defs.PROTECTIVE_MARKING)),
        agenda=agenda,
        people={c.case_id: case_file.people(vault.conn, c.case_id) for c in agenda.cases},
    )


def _header_lines(doc: AgendaDocument) -> list[tuple[str, str]]:
    details = doc.agenda.details
    lines = [
        ("Date", f"{details.title} (planned end {doc.agenda.ends:%H:%M})"),
        ("Where", details.where or "Not set"),
        ("Chair", details.chair or "Not set"),
        ("Minutes", details.minute_taker or "Not set"),
    ]
    if details.research_deadline:
        lines.append(("Research by", long_date(details.research_deadline)))
    return lines


def person_line(person: CasePerson) -> str:
    parts = [f"{person.role.label}: {person.name}"]
    if person.born:
        parts.append(f"born {person.born}")
    if person.aliases:
        parts.append("also known as " + ", ".join(person.aliases))
    if person.address:
        parts.append(person.address)
    return "; ".join(parts)


def _item_title(doc: AgendaDocument, index: int) -> str:
    line = doc.agenda.lines[index]
    if line.case is None:
        return line.title
    flags = f" ({line.case.flags})" if line.case.flags else ""
    return f"{line.case.reference}{flags}"


def agenda_pdf_bytes(doc: AgendaDocument) -> bytes:
    styles = pdf.styles()
    story: list[Any] = [pdf.text(doc.title, styles["title"])]
    story.append(
        pdf.grid(
            [
                [pdf.text(k, styles["cellbold"]), pdf.text(v, styles["cell"])]
                for k, v in _header_lines(doc)
            ],
            [32, 146],
            header=False,
        )
    )
    story.append(Spacer(1, 5 * mm))
    rows: list[list[Any]] = [[pdf.text(h, styles["cellbold"]) for h in ("Time", "Item", "Minutes")]]
    section = ""
    for index, line in enumerate(doc.agenda.lines):
        if line.kind is LineKind.CASE and line.section != section:
            section = line.section
            rows.append(["", pdf.text(section, styles["cellbold"]), ""])
        title = pdf.text(_item_title(doc, index), styles["cellbold" if line.case else "cell"])
        cell: Any = title
        if line.case is not None:
            people = [
                pdf.text(person_line(p), styles["cell"])
                for p in doc.people.get(line.case.case_id, [])
            ]
            cell = [title, *people]
        rows.append(
            [
                pdf.text(f"{line.starts:%H:%M}", styles["cell"]),
                cell,
                pdf.text(str(line.minutes), styles["cell"]),
            ]
        )
    story.append(pdf.grid(rows, [18, 142, 18]))
    if doc.agenda.notices:
        story.append(pdf.text("Cases whose 12 months since referral have passed", styles["h1"]))
        notices = [
            [pdf.text(h, styles["cellbold"]) for h in ("Reference", "Victim", "Last referral")]
        ]
        notices += [
            [
                pdf.text(n.reference, styles["cell"]),
                pdf.text(n.victim, styles["cell"]),
                pdf.text(uk_from_iso(n.last_referral_on), styles["cell"]),
            ]
            for n in doc.agenda.notices
        ]
        story.append(KeepTogether(pdf.grid(notices, [40, 98, 40])))
    return pdf.build(story, title=doc.title, marking=doc.marking, footer=f"{doc.marac_name} agenda")


def agenda_docx_bytes(doc: AgendaDocument) -> bytes:
    document = word.marked_document(doc.title, doc.marking, f"{doc.marac_name} agenda")
    word.styled(document, doc.title, "Title")
    header = word.table(document, [[k, v] for k, v in _header_lines(doc)], [32, 142], False)
    for row in header.rows:
        word.shade(row.cells[0])
    document.add_paragraph()
    rows = [["Time", "Item", "Minutes"]]
    section = ""
    for index, line in enumerate(doc.agenda.lines):
        if line.kind is LineKind.CASE and line.section != section:
            section = line.section
            rows.append(["", section, ""])
        text = _item_title(doc, index)
        if line.case is not None:
            text += "\n" + "\n".join(person_line(p) for p in doc.people.get(line.case.case_id, []))
        rows.append([f"{line.starts:%H:%M}", text, str(line.minutes)])
    word.table(document, rows, [16, 142, 16], header=True)
    if doc.agenda.notices:
        word.styled(document, "Cases whose 12 months since referral have passed", "Heading1")
        word.table(
            document,
            [["Reference", "Victim", "Last referral"]]
            + [
                [n.reference, n.victim, uk_from_iso(n.last_referral_on)] for n in doc.agenda.notices
            ],
            [40, 94, 40],
            header=True,
        )
    return word.to_bytes(document)


def export_agenda(vault: Vault, meeting_id: int, folder: Path) -> list[Path]:
    """Write the agenda as PDF and DOCX into `folder` and record the export."""
    doc = gather(vault, meeting_id)
    stem = f"MARAC agenda {doc.agenda.details.meeting_date.isoformat()}".replace(" ", "-")
    made = [
        (folder / f"{stem}.pdf", agenda_pdf_bytes(doc)),
        (folder / f"{stem}.docx", agenda_docx_bytes(doc)),
    ]
    written: list[Path] = []
    try:
        for path, content in made:
            atomic_write_bytes(path, content)
            written.append(path)
    except OSError as exc:
        for path in written:  # both files or neither
            path.unlink(missing_ok=True)
        raise MaracDeskError(disk_error_message("Exporting the agenda", exc)) from exc
    with vault.transaction():
        vault.audit(
            "agenda_exported",
            {
                "meeting_id": meeting_id,
                "files": [p.name for p, _ in made],
                "cases": len(doc.agenda.cases),
            },
        )
    return [p for p, _ in made]


def agenda_html(doc: AgendaDocument) -> str:
    """The agenda as a page to print: the same items, times and people as the export."""
    from html import escape

    details = doc.agenda.details
    rows = ["<tr><th align='left'>Time</th><th align='left'>Item</th><th>Minutes</th></tr>"]
    section = ""
    for index, line in enumerate(doc.agenda.lines):
        if line.kind is LineKind.CASE and line.section != section:
            section = line.section
            rows.append(f"<tr><td></td><td colspan='2'><b>{escape(section)}</b></td></tr>")
        item = f"<b>{escape(_item_title(doc, index))}</b>" if line.case else escape(line.title)
        if line.case is not None:
            people = doc.people.get(line.case.case_id, [])
            item += "".join(f"<br>{escape(person_line(p))}" for p in people)
        rows.append(
            f"<tr><td valign='top'>{line.starts:%H:%M}</td><td>{item}</td>"
            f"<td align='center' valign='top'>{line.minutes}</td></tr>"
        )
    marking = f"<p align='center'><b>{escape(doc.marking)}</b></p>"
    where = f"{escape(details.where)}<br>" if details.where else ""
    return (
        f"<html><body>{marking}<h2>{escape(doc.title)}</h2><p>{where}"
        f"Chair: {escape(details.chair or 'not set')}</p>"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        + "".join(rows)
        + f"</table>{marking}</body></html>"
    )
