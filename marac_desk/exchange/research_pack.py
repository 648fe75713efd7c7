"""Research request packs: one Word file per agency, listing the people to search for in
each case on the agenda, with a research form to fill in and send back.

The pack carries identifiers (pack, meeting, agency, each case and person) so that a
filled-in pack can be read back into the right places; `research_import` reads them.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from marac_desk.domain.dates import long_date, uk_date
from marac_desk.errors import MaracDeskError, disk_error_message
from marac_desk.exchange import word
from marac_desk.fileio import atomic_write_bytes
from marac_desk.storage import research_packs
from marac_desk.storage.case_file import CasePerson
from marac_desk.storage.research_packs import PackData
from marac_desk.storage.vault import Vault

PACK_PREFIX = "MARAC-PACK-"
MEETING_PREFIX = "MARAC-MEETING-"
CASE_PREFIX = "MARAC-CASE-"
PERSON_PREFIX = "MARAC-PERSON-"
DETAILS_TITLE = "Pack details (do not change)"
PERSON_ID_LABEL = "Person ID (do not change)"
KNOWN_LABEL = "Known to your agency? Yes or No"
INVOLVEMENT_LABEL = "Current involvement and history"
RISK_LABEL = "Risks identified"
SHARE_HEADER = ("Information to share at the meeting", "Fact or opinion", "Who may read it")
HELD_HEADER = ("Information held but not shared (say what kind, not the detail)", "Why not")
DEFAULT_AUDIENCE = "All agencies involved"
INSTRUCTIONS = (
    "Search your agency's records for every person below, including aliases and other "
    "spellings, and fill in the tables for each.",
    "Known to your agency: write Yes or No. If nobody in a case is known to you, write No "
    "for each person: that is a nil return, and it matters too.",
    "For each item you will share, say whether it is fact or professional opinion, and who "
    "may read it: All agencies involved (the default), MARAC record only, or Only followed "
    "by the agencies' names (for example: Only Police, IDVA service).",
    "Information you hold but will not share: say what kind of information it is and why "
    "it is not shared. It is never shown to other agencies.",
    "Add rows to any table if you need them. Do not change the identifiers (lines and cells "
    "starting MARAC-): they tie your answers to the right case and person.",
    "Send the completed file back by secure email before the research deadline.",
)


def _search_details(person: CasePerson) -> str:
    parts = [f"Born {person.born}" if person.born else "Date of birth not known"]
    if person.aliases:
        parts.append("Also known as " + ", ".join(person.aliases))
    if person.address:
        parts.append(f"Address: {person.address}")
    if person.note:
        parts.append(person.note)
    return "\n".join(parts)


def case_sections(data: PackData) -> list[Any]:
    """The cases and their research forms, the same in every agency's pack: built once
    per meeting and copied into each pack, which keeps 15 packs of 25 cases quick."""
    scratch: Any = Document()  # the same built-in styles as every marked document
    total = len(data.cases)
    for number, case in enumerate(data.cases, start=1):
        scratch.add_page_break()
        word.styled(scratch, f"Case {number} of {total}: {case.reference}", "Heading1")
        word.note(scratch, f"Case ID: {CASE_PREFIX}{case.case_id}")
        for person in case.people:
            _person(scratch, person)
    return [child for child in scratch.element.body if child.tag != qn("w:sectPr")]


def pack_docx_bytes(data: PackData, sections: list[Any] | None = None) -> bytes:
    meeting = data.meeting.details
    title = f"MARAC research request: {data.agency_name}"
    document = word.marked_document(
        title, data.marking, f"Research pack {PACK_PREFIX}{data.token} for {data.agency_code}"
    )
    document.core_properties.identifier = f"{PACK_PREFIX}{data.token}"
    document.core_properties.subject = f"{MEETING_PREFIX}{data.meeting.uid}"
    word.styled(document, title, "Title")
    deadline = meeting.research_deadline
    by = f" Please return this form by {long_date(deadline)}." if deadline else ""
    document.add_paragraph(f"{data.marac_name}, meeting on {meeting.title}.{by}")
    for line in INSTRUCTIONS:
        word.styled(document, line, "ListBullet")
    word.note(document, DETAILS_TITLE, 10)
    details = word.table(
        document,
        [
            ["Pack", f"{PACK_PREFIX}{data.token}"],
            ["Meeting", f"{MEETING_PREFIX}{data.meeting.uid} ({uk_date(meeting.meeting_date)})"],
            ["Agency", f"{data.agency_code} ({data.agency_name})"],
            ["Cases", str(len(data.cases))],
        ],
        [40, 134],
        header=False,
    )
    for row in details.rows:
        word.shade(row.cells[0])
    end = document.element.body.sectPr
    for element in sections if sections is not None else case_sections(data):
        end.addprevious(copy.deepcopy(element))
    return word.to_bytes(document)


def _person(document: Any, person: CasePerson) -> None:
    heading = word.styled(document, f"{person.role.label}: {person.name}", "Heading2")
    heading.paragraph_format.keep_with_next = True
    about = word.table(
        document,
        [
            [PERSON_ID_LABEL, f"{PERSON_PREFIX}{person.person_id}", ""],
            ["Search details", _search_details(person), ""],
            [KNOWN_LABEL, "", "Who may read it"],
            [INVOLVEMENT_LABEL, "", DEFAULT_AUDIENCE],
            [RISK_LABEL, "", DEFAULT_AUDIENCE],
        ],
        [46, 92, 36],
        header=False,
        min_heights_mm=[0, 0, 8, 22, 22],
    )
    for row in about.rows[:2]:
        merged = row.cells[1].merge(row.cells[2])
        for extra in merged.paragraphs[1:]:  # the merged cell's own empty paragraph
            if not extra.text:
                extra._p.getparent().remove(extra._p)
    for row in about.rows:
        word.shade(row.cells[0])
    document.add_paragraph()
    share = word.table(
        document,
        [list(SHARE_HEADER)] + [["", "", DEFAULT_AUDIENCE] for _ in range(3)],
        [102, 30, 42],
        header=True,
        min_heights_mm=[0, 14, 14, 14],
    )
    _mark_owner(share, person)
    document.add_paragraph()
    held = word.table(
        document,
        [list(HELD_HEADER)] + [["", ""] for _ in range(2)],
        [102, 72],
        header=True,
        min_heights_mm=[0, 10, 10],
    )
    _mark_owner(held, person)
    spacer = document.add_paragraph()
    spacer.paragraph_format.space_after = Pt(6)


def _mark_owner(table: Any, person: CasePerson) -> None:
    """Each of a person's tables names the person, in small print under its heading, so a
    table that ends up under someone else (a Person ID table deleted above it) is caught
    when the pack comes back instead of being read onto the wrong person."""
    line = table.rows[0].cells[0].add_paragraph()
    run = line.add_run(f"{PERSON_PREFIX}{person.person_id}")
    run.font.size = Pt(7)
    run.font.color.rgb = RGBColor(0x60, 0x66, 0x70)


@dataclass(frozen=True)
class MadePack:
    agency_code: str
    path: Path


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def pack_filename(data: PackData) -> str:
    day = data.meeting.details.meeting_date.isoformat()
    return _UNSAFE.sub("-", f"MARAC research {day} {data.agency_code}.docx")


def make_packs(
    vault: Vault, meeting_id: int, agency_codes: list[str], folder: Path
) -> list[MadePack]:
    """Write one pack per agency into `folder` and record each. A pack is recorded only
    once its file is safely written; a failure part way says which agencies are done."""
    made: list[MadePack] = []
    datas = [research_packs.pack_data(vault, meeting_id, code) for code in agency_codes]
    sections = case_sections(datas[0]) if datas else []
    for data in datas:
        path = folder / pack_filename(data)
        content = pack_docx_bytes(data, sections)
        try:
            atomic_write_bytes(path, content)
        except OSError as exc:
            done = ", ".join(m.agency_code for m in made)
            message = disk_error_message(f"Writing the pack for {data.agency_code}", exc)
            if done:
                message = message.replace(
                    "Nothing was changed.", f"The packs for {done} were written and recorded."
                )
            raise MaracDeskError(message) from exc
        research_packs.record_pack(vault, data, path.name)
        made.append(MadePack(data.agency_code, path))
    return made
