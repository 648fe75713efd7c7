"""Research packs out and back in: a faithful round trip, what Word users do to a pack,
and every way a file can be refused without changing anything."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document

from marac_desk.domain.research import (
    ALL_INVOLVED,
    RECORD_ONLY,
    ItemKind,
    Known,
    Nature,
    Source,
    named,
)
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import research_import
from marac_desk.storage import audit, meetings, research
from tests.exchange.packs import Answers, fill, make_pack, person_ids
from tests.storage.test_meetings import NEXT_TUESDAY, representative

HOSTILE = Path(__file__).parent.parent / "fixtures" / "hostile"


def returns_count(vault) -> int:
    return vault.conn.execute("SELECT count(*) FROM research_returns").fetchone()[0]


def test_a_filled_pack_comes_back_faithfully(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, perpetrator, child = person_ids(vault, first)
    fill(
        pack,
        {
            victim: Answers(
                known="Yes",
                involvement="Open to the DA unit since March 2026.\nTwo call-outs in October.",
                risks="Escalating; threats to kill on 12/10.",
                share=[
                    ("Bail condition not to contact her", "Fact", "All agencies involved"),
                    ("She minimises the abuse", "Opinion", "Only Police, IDVA service"),
                    ("Firearms licence under review", "fact", "MARAC record only"),
                ],
                held=[("Intelligence report", "Source protection")],
            ),
            perpetrator: Answers(known="No"),
            child: Answers(known="No"),
        },
    )
    planned = research_import.plan(vault, pack, meeting)
    assert planned.agency_code == "POLICE" and planned.warnings == []
    assert [r.case_id for r in planned.returns] == [first]  # the second case is not filled in
    assert research_import.run(vault, planned) == 1
    stored = research.current_return(vault, meeting, first, "POLICE")
    assert stored is not None and stored.source is Source.PACK
    assert stored.source_note == pack.name
    victim_items = [s.item for s in stored.items if s.person_id == victim]
    assert [(i.kind, i.body, i.nature, i.audience) for i in victim_items] == [
        (
            ItemKind.INVOLVEMENT,
            "Open to the DA unit since March 2026.\nTwo call-outs in October.",
            Nature.FACT,
            ALL_INVOLVED,
        ),
        (ItemKind.RISK, "Escalating; threats to kill on 12/10.", Nature.UNSTATED, ALL_INVOLVED),
        (ItemKind.SHARE, "Bail condition not to contact her", Nature.FACT, ALL_INVOLVED),
        (ItemKind.SHARE, "She minimises the abuse", Nature.OPINION, named("POLICE", "IDVA")),
        (ItemKind.SHARE, "Firearms licence under review", Nature.FACT, RECORD_ONLY),
        (ItemKind.HELD, "Intelligence report\nSource protection", Nature.UNSTATED, ALL_INVOLVED),
    ]
    assert stored.people[perpetrator][2] is Known.NO
    assert "research_imported" in [e.action for e in audit.for_case(vault.conn, first)]


def test_a_pack_badly_edited_in_word_is_still_understood(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, perpetrator, _child = person_ids(vault, first)
    fill(
        pack,
        {
            victim: Answers(
                known="Yes - open case since 2023",
                share=[
                    ("", "Seen with facial bruising on 3 November", ""),  # wrong column
                    ("Fact: two 999 calls this month", "", ""),
                    ("Victim asked for a refuge space", "opinion", "Only IDVA service"),
                    ("Extra row added by hand", "Fact", "All agencies involved"),
                ],
            ),
            perpetrator: Answers(involvement="Known for violence in 2019", known=""),
        },
    )
    document = Document(str(pack))
    # Word users add paragraphs, reformat text and change the look of tables.
    for paragraph in document.paragraphs[:5]:
        for run in paragraph.runs:
            run.bold = True
    marker = next(p for p in document.paragraphs if "MARAC-CASE-" in p.text)
    marker.insert_paragraph_before("")
    document.tables[1].style = document.styles["Light Grid Accent 1"]
    person_table = next(
        t for t in document.tables if t.rows[0].cells[1].text.endswith(f"-{perpetrator}")
    )
    person_table._tbl.addnext(
        Document().add_paragraph("Also arrested for breach of bail in 2025.")._p
    )
    document.save(str(pack))
    planned = research_import.plan(vault, pack, meeting)
    research_import.run(vault, planned)
    stored = research.current_return(vault, meeting, first, "POLICE")
    assert stored is not None
    bodies = {(s.person_id, s.item.kind, s.item.body, s.item.nature) for s in stored.items}
    assert (victim, ItemKind.INVOLVEMENT, "open case since 2023", Nature.FACT) in bodies
    assert (
        victim,
        ItemKind.SHARE,
        "Seen with facial bruising on 3 November",
        Nature.UNSTATED,
    ) in bodies
    assert (victim, ItemKind.SHARE, "two 999 calls this month", Nature.FACT) in bodies
    assert (victim, ItemKind.SHARE, "Extra row added by hand", Nature.FACT) in bodies
    assert (
        perpetrator,
        ItemKind.SHARE,
        "Also arrested for breach of bail in 2025.",
        Nature.UNSTATED,
    ) in bodies
    assert stored.people[perpetrator][2] is Known.YES  # information given, so known
    assert len(planned.warnings) == 4


def test_an_audience_that_cannot_be_read_refuses_the_file(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim = person_ids(vault, first)[0]
    fill(
        pack, {victim: Answers(known="Yes", share=[("Has a new partner", "Fact", "police maybe")])}
    )
    with pytest.raises(MaracDeskError, match=r"police maybe.*Only and the agencies"):
        research_import.plan(vault, pack, meeting)
    fill(pack, {victim: Answers(known="Perhaps")})
    with pytest.raises(MaracDeskError, match="Write Yes or No"):
        research_import.plan(vault, pack, meeting)
    assert returns_count(vault) == 0


def test_a_second_return_is_refused_unless_replacing_and_history_is_kept(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim = person_ids(vault, first)[0]
    fill(pack, {victim: Answers(known="No")})
    research_import.run(vault, research_import.plan(vault, pack, meeting))
    fill(pack, {victim: Answers(known="Yes", involvement="Found on a second search")})
    planned = research_import.plan(vault, pack, meeting)
    assert [r.case_id for r in planned.conflicts] == [first]
    with pytest.raises(MaracDeskError, match="already returned research"):
        research_import.run(vault, planned)
    research_import.run(vault, planned, replace=True)
    kept = research.history(vault, meeting, first, "POLICE")
    assert [(r.current, r.content.is_nil) for r in kept] == [(False, True), (True, False)]


def test_a_pack_for_another_meeting_or_agency_is_refused(vault, data_dir, tmp_path) -> None:
    _, (first, _), pack = make_pack(vault, tmp_path)
    fill(pack, {person_ids(vault, first)[0]: Answers(known="No")})
    other = meetings.create(vault, NEXT_TUESDAY)
    with pytest.raises(MaracDeskError, match="not the one you are importing into"):
        research_import.plan(vault, pack, other)
    rep = representative(vault, data_dir, "HOUSING")
    try:
        with pytest.raises(MaracDeskError, match="own agency"):
            research_import.plan(rep, pack)
    finally:
        rep.close(action=None)
    assert returns_count(vault) == 0


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda d: _replace_text(d, "MARAC-PERSON-", "MARAC-PERSON-9"), "identifiers were changed"),
        (lambda d: _set_cell(d, 0, 2, 1, "HOUSING (Housing)"), "identifiers were changed"),
        (lambda d: d.tables[0]._tbl.getparent().remove(d.tables[0]._tbl), "not a research pack"),
        (lambda d: _replace_text(d, "MARAC-CASE-", "MARAC-CASE-7"), "identifiers were changed"),
        (
            lambda d: [
                p._p.getparent().remove(p._p) for p in d.paragraphs if "MARAC-CASE-" in p.text
            ],
            "not under any case",
        ),
    ],
)
def test_a_pack_whose_identifiers_were_lost_or_changed_is_refused(
    vault, tmp_path, edit, message
) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    fill(pack, {person_ids(vault, first)[0]: Answers(known="No")})
    document = Document(str(pack))
    edit(document)
    document.save(str(pack))
    with pytest.raises(MaracDeskError, match=message) as refused:
        research_import.plan(vault, pack, meeting)
    assert pack.name in str(refused.value)
    assert returns_count(vault) == 0


def _replace_text(document, old: str, new: str) -> None:
    for table in document.tables:
        # python-docx lists a merged cell once per column it spans: change it once.
        cells = {id(c._tc): c for row in table.rows for c in row.cells}
        for cell in cells.values():
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.text = run.text.replace(old, new)
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            run.text = run.text.replace(old, new)


def _set_cell(document, table: int, row: int, column: int, text: str) -> None:
    document.tables[table].rows[row].cells[column].text = text


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.iterdir()))
def test_hostile_files_are_refused_by_name_and_change_nothing(vault, tmp_path, name) -> None:
    make_pack(vault, tmp_path)
    head = audit.entries(vault.conn)[-1].seq
    with pytest.raises(MaracDeskError) as refused:
        research_import.plan(vault, HOSTILE / name)
    assert str(refused.value).startswith(f"{name}: ")
    assert returns_count(vault) == 0 and audit.entries(vault.conn)[-1].seq == head


def test_a_fifty_megabyte_file_is_refused_before_it_is_read(vault, tmp_path) -> None:
    big = tmp_path / "huge.docx"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(MaracDeskError, match=r"huge.docx: the file is 50 MB"):
        research_import.plan(vault, big)


def test_a_truncated_copy_of_a_real_pack_is_refused(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    fill(pack, {person_ids(vault, first)[0]: Answers(known="No")})
    cut = tmp_path / "cut.docx"
    cut.write_bytes(pack.read_bytes()[: pack.stat().st_size // 2])
    with pytest.raises(MaracDeskError, match=r"cut\.docx: the file is damaged or incomplete"):
        research_import.plan(vault, cut, meeting)
    shutil.copy(pack, tmp_path / "fine.docx")
    assert research_import.plan(vault, tmp_path / "fine.docx", meeting).returns
