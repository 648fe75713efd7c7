"""The combined case summary as a printable PDF: the same layout the screen shows, with
the marking on every page. Written only when the coordinator asks for it, and audited."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marac_desk.domain import settings as defs
from marac_desk.domain.case_summary import CaseSummary
from marac_desk.domain.summary_layout import Row, layout
from marac_desk.errors import MaracDeskError, disk_error_message
from marac_desk.exchange import pdf
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import case_summary
from marac_desk.storage.vault import Vault

_LABEL_MM = 46
_TEXT_MM = 132


def _cell(row: Row, styles: dict[str, Any]) -> list[Any]:
    body = styles["cell"]
    if row.placeholder:
        body = styles["small"]
    cell: list[Any] = [pdf.text(line, body) for line in row.lines]
    if row.note:
        cell.append(pdf.text(row.note, styles["small"]))
    return cell


def summary_pdf_bytes(summary: CaseSummary, *, marac_name: str, marking: str) -> bytes:
    styles = pdf.styles()
    laid = layout(summary)
    title = f"Combined case summary: {laid.title}"
    story: list[Any] = [
        pdf.text(title, styles["title"]),
        pdf.text(laid.subtitle, styles["small"]),
    ]
    for block in laid.blocks:
        heading = pdf.text(block.heading, styles["h1" if block.level == 1 else "h2"])
        parts: list[Any] = [heading]
        if block.note:
            parts.append(pdf.text(block.note, styles["small"]))
        if block.rows:
            rows = [[pdf.text(r.label, styles["cellbold"]), _cell(r, styles)] for r in block.rows]
            parts.append(
                pdf.grid(rows, [_LABEL_MM, _TEXT_MM], header=False, bold_first_column=True)
            )
        elif block.empty:
            parts.append(pdf.text(block.empty, styles["small"]))
        story.extend(parts)  # headings keep with what follows them (pdf.styles)
    return pdf.build(
        story,
        title=title,
        marking=marking,
        footer=f"{marac_name} · combined case summary {summary.referral.reference}",
    )


def export_summary(vault: Vault, meeting_id: int, case_id: int, path: Path) -> Path:
    """Write one case's summary as a PDF where the coordinator chose, and record it."""
    built = case_summary.load(vault, meeting_id, case_id, audit_view=False)
    content = summary_pdf_bytes(
        built,
        marac_name=str(vault.setting(defs.MARAC_NAME)),
        marking=str(vault.setting(defs.PROTECTIVE_MARKING)),
    )
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        atomic_write_bytes(path, content)
    except OSError as exc:
        raise MaracDeskError(disk_error_message("Saving the case summary", exc)) from exc
    with vault.transaction():
        vault.audit(
            "summary_exported",
            {"meeting_id": meeting_id, "case_id": case_id, "file": path.name},
        )
    return path
