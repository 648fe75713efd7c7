"""Making a research pack in a test vault and filling it in as an agency would in Word."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from docx import Document

from marac_desk.exchange import research_pack
from marac_desk.storage import case_file
from tests.storage.test_research import planned_meeting


@dataclass
class Answers:
    known: str = ""
    involvement: str = ""
    risks: str = ""
    involvement_audience: str | None = None
    share: list[tuple[str, str, str]] = field(default_factory=list)
    held: list[tuple[str, str]] = field(default_factory=list)


def make_pack(vault, folder: Path, agency: str = "POLICE") -> tuple[int, list[int], Path]:
    meeting, case_ids = planned_meeting(vault)
    [made] = research_pack.make_packs(vault, meeting, [agency], folder)
    return meeting, case_ids, made.path


def person_ids(vault, case_id: int) -> list[int]:
    return [p.person_id for p in case_file.people(vault.conn, case_id)]


def fill(path: Path, answers: dict[int, Answers], out: Path | None = None) -> Path:
    """Type answers into the person tables (by person id) and the tables after them."""
    document = Document(str(path))
    tables = document.tables
    for index, table in enumerate(tables):
        marker = table.rows[0].cells[1].text
        if not marker.startswith(research_pack.PERSON_PREFIX):
            continue
        given = answers.get(int(marker.removeprefix(research_pack.PERSON_PREFIX)))
        if given is None:
            continue
        about = table.rows
        about[2].cells[1].text = given.known
        about[3].cells[1].text = given.involvement
        if given.involvement_audience is not None:
            about[3].cells[2].text = given.involvement_audience
        about[4].cells[1].text = given.risks
        share, held = tables[index + 1], tables[index + 2]
        for number, values in enumerate(given.share, start=1):
            if number >= len(share.rows):
                share.add_row()
            for cell, value in zip(share.rows[number].cells, values, strict=False):
                cell.text = value
        for number, values in enumerate(given.held, start=1):
            for cell, value in zip(held.rows[number].cells, values, strict=False):
                cell.text = value
    target = out or path
    document.save(str(target))
    return target
