"""The actions tracker written out, as the user filtered it: XLSX or PDF, and logged.

A file of actions names victims and what agencies will do for them, so it is written
only where the user chose, with the protective marking, and the export is recorded in
the audit log (how many actions, for which agency, which file; never their text)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from marac_desk.domain import settings as defs
from marac_desk.domain.action_list import action_rows
from marac_desk.domain.dates import long_date
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError, disk_error_message
from marac_desk.exchange import pdf
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import research
from marac_desk.storage.actions import ActionRow
from marac_desk.storage.vault import Vault

_PDF_WIDTHS_MM = (24, 34, 34, 24, 62)  # 178 mm: A4 less the margins


class ActionsFormat(StrEnum):
    XLSX = "xlsx"
    PDF = "pdf"


def action_table(
    rows: Sequence[ActionRow], names: Mapping[str, str], today: date
) -> list[list[str]]:
    """The tracker's rows as the table files and printouts hold (headings first)."""
    return action_rows([(r.action, r.reference, r.victim, r.agreed_on) for r in rows], names, today)


def title_for(marac_name: str, agency_name: str | None, today: date) -> str:
    who = agency_name or "all agencies"
    return f"{marac_name}: actions for {who}, {long_date(today)}"


def export_actions(
    vault: Vault,
    rows: Sequence[ActionRow],
    path: Path,
    *,
    agency: str | None = None,
    today: date | None = None,
) -> Path:
    """Write the actions given (the tracker's rows as filtered) to `path`; the format is
    the file's ending (.xlsx or .pdf)."""
    if not vault.may(Permission.VIEW_ALL_CASES):
        vault.require(Permission.UPDATE_OWN_AGENCY_ACTIONS)
    try:
        fmt = ActionsFormat(path.suffix.lower().lstrip("."))
    except ValueError:
        raise ValidationError("Save the actions as .xlsx (Excel) or .pdf.") from None
    if not rows:
        raise ValidationError("No action is listed: change the filters, then export.")
    today = today or date.today()
    names = research.directory(vault.conn)
    table = action_table(rows, names, today)
    marking = str(vault.setting(defs.PROTECTIVE_MARKING))
    title = title_for(
        str(vault.setting(defs.MARAC_NAME)), names.get(agency, agency) if agency else None, today
    )
    content = (
        _xlsx(table, title, marking) if fmt is ActionsFormat.XLSX else _pdf(table, title, marking)
    )
    try:
        atomic_write_bytes(path, content)
    except OSError as exc:
        raise MaracDeskError(disk_error_message("Saving the actions", exc)) from exc
    with vault.transaction():
        vault.audit(
            "actions_exported",
            {"actions": len(rows), "agency": agency or "all", "file": path.name},
        )
    return path


def _xlsx(table: list[list[str]], title: str, marking: str) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Actions"
    sheet.append([marking])
    sheet.append([title])
    sheet.append([])
    for row in table:
        # Text cells only: a value starting "=" must never become a formula in Excel.
        sheet.append(row)
    header = 4
    for cell in sheet[header]:
        cell.font = Font(bold=True)
    for number, width in enumerate((16, 22, 18, 16, 22, 12, 14, 70), start=1):
        sheet.column_dimensions[chr(64 + number)].width = width
    for row in sheet.iter_rows(min_row=header + 1):
        for cell in row:
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{header + 1}"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.orientation = "landscape"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pdf(table: list[list[str]], title: str, marking: str) -> bytes:
    """Portrait A4, as the other documents: the case with its victim and the agency with
    its owner share a cell, leaving the action room to read."""
    styles = pdf.styles()
    _, *body = table
    cells: list[list[Any]] = [
        [
            pdf.text(heading, styles["cellbold"])
            for heading in ("Due", "Case, victim", "Agency, owner", "Status", "Action")
        ]
    ]
    for due, agency, owner, reference, victim, agreed, status, text in body:
        cells.append(
            [
                pdf.text(due, styles["cell"]),
                [pdf.text(reference, styles["cellbold"]), pdf.text(victim, styles["cell"])],
                [pdf.text(agency, styles["cell"]), pdf.text(owner, styles["small"])],
                [pdf.text(status, styles["cell"]), pdf.text(f"agreed {agreed}", styles["small"])],
                pdf.text(text, styles["cell"]),
            ]
        )
    story = [pdf.text(title, styles["title"]), pdf.grid(cells, _PDF_WIDTHS_MM)]
    return pdf.build(story, title=title, marking=marking, footer=title)
