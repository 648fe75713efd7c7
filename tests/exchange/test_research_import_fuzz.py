"""Mutations of a real filled-in pack: whatever happens to the file, the import either
reads it or refuses it with a clear message, and a refusal writes nothing."""

from __future__ import annotations

import io
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from marac_desk.domain.research import ALL_INVOLVED, RECORD_ONLY, named
from marac_desk.errors import MaracDeskError
from marac_desk.exchange import research_import
from tests.exchange.packs import Answers, fill, make_pack, person_ids

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TAGS = [f"{W}p", f"{W}tr", f"{W}tc", f"{W}tbl", f"{W}t"]

edits = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate", "retext", "swap"]),
        st.sampled_from(TAGS),
        st.integers(0, 10_000),
        st.integers(0, 10_000),
        # Anything a person could type: Word cannot hold control characters.
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    ),
    min_size=1,
    max_size=6,
)
damage = st.one_of(
    st.none(),
    st.tuples(st.just("truncate"), st.floats(0.05, 0.99)),
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
)


def _mutate_xml(xml: bytes, steps) -> bytes:
    root = etree.fromstring(xml)
    for op, tag, a, b, text in steps:
        found = list(root.iter(tag))
        if not found:
            continue
        target = found[a % len(found)]
        if op == "delete" and target.getparent() is not None:
            target.getparent().remove(target)
        elif op == "duplicate" and target.getparent() is not None:
            target.addnext(etree.fromstring(etree.tostring(target)))
        elif op == "retext":
            texts = list(target.iter(f"{W}t"))
            if texts:
                texts[b % len(texts)].text = text
        elif op == "swap":
            texts = list(root.iter(f"{W}t"))
            one, two = texts[a % len(texts)], texts[b % len(texts)]
            one.text, two.text = two.text, one.text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _rezip(data: bytes, document_xml: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = document_xml if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info.filename, content)
    return out.getvalue()


def test_a_mutated_pack_is_read_or_refused_never_half_imported(vault, tmp_path) -> None:
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, perpetrator, child = person_ids(vault, first)
    fill(
        pack,
        {
            victim: Answers(
                known="Yes",
                involvement="Open case",
                risks="Threats to kill",
                share=[("Bail conditions", "Fact", "Only Police, IDVA service")],
                held=[("Intelligence", "Source protection")],
            ),
            perpetrator: Answers(known="No"),
            child: Answers(known="Yes", share=[("Attends Hill School", "Fact", "")]),
        },
    )
    original = pack.read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(original)).read("word/document.xml")
    path = tmp_path / "mutated.docx"

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=edits, harm=damage)
    def check(steps, harm) -> None:
        data = _rezip(original, _mutate_xml(xml, steps))
        if harm and harm[0] == "truncate":
            data = data[: int(len(data) * harm[1])]
        elif harm:
            at = int((len(data) - 1) * harm[1])
            data = data[:at] + bytes([data[at] ^ harm[2]]) + data[at + 1 :]
        path.write_bytes(data)
        before = vault.conn.execute("SELECT count(*) FROM research_items").fetchone()[0]
        try:
            planned = research_import.plan(vault, path, meeting)
            research_import.run(vault, planned, replace=True)
        except MaracDeskError as refused:
            assert str(refused).startswith("mutated.docx: ")
            after = vault.conn.execute("SELECT count(*) FROM research_items").fetchone()[0]
            assert after == before

    check()


def _narrower_or_equal(audience, than) -> bool:
    """Whether `audience` lets no agency read what `than` would not."""
    if than == ALL_INVOLVED or audience == RECORD_ONLY:
        return True
    if than == RECORD_ONLY or audience == ALL_INVOLVED:
        return False
    return set(audience.agencies) <= set(than.agencies)


# Whole paragraphs between tables, rows and tables: taking a paragraph out of a cell is
# changing what the cell says, which is the agency's to do.
structure = st.lists(
    st.tuples(
        st.sampled_from(["delete", "duplicate"]),
        st.sampled_from([f"{W}body/{W}p", f"{W}tr", f"{W}tbl"]),
        st.integers(0, 10_000),
    ),
    min_size=1,
    max_size=6,
)


def _restructure(xml: bytes, steps) -> bytes:
    root = etree.fromstring(xml)
    for op, path, at in steps:
        found = list(root.iterfind(f".//{path}")) if "/" in path else list(root.iter(path))
        if not found:
            continue
        target = found[at % len(found)]
        if op == "delete":
            target.getparent().remove(target)
        else:
            target.addnext(etree.fromstring(etree.tostring(target)))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def test_whatever_is_taken_out_of_a_pack_nothing_lands_wider_or_on_another_person(
    vault, tmp_path
) -> None:
    """Paragraphs, rows and tables deleted or copied in any order: what is imported is
    still on the person it was written under, for no wider an audience."""
    meeting, (first, _), pack = make_pack(vault, tmp_path)
    victim, perpetrator, child = person_ids(vault, first)
    written = {
        "Threats to kill": (victim, ALL_INVOLVED),
        "Bail conditions": (victim, named("POLICE", "IDVA")),
        "Firearms licence": (victim, RECORD_ONLY),
        "Arrested in 2019": (perpetrator, ALL_INVOLVED),
        "Attends Hill School": (child, named("EDUCATION")),
    }
    fill(
        pack,
        {
            victim: Answers(
                known="Yes",
                risks="Threats to kill",
                share=[
                    ("Bail conditions", "Fact", "Only Police, IDVA service"),
                    ("Firearms licence", "Fact", "MARAC record only"),
                ],
            ),
            perpetrator: Answers(known="Yes", involvement="Arrested in 2019"),
            child: Answers(known="Yes", share=[("Attends Hill School", "Fact", "Only EDUCATION")]),
        },
    )
    untouched = research_import.plan(vault, pack, meeting)
    assert {
        (person.person_id, item.body, item.audience)
        for r in untouched.returns
        for person in r.content.people
        for item in person.items
    } == {(owner, body, audience) for body, (owner, audience) in written.items()}
    original = pack.read_bytes()
    xml = zipfile.ZipFile(io.BytesIO(original)).read("word/document.xml")
    path = tmp_path / "edited.docx"
    imported = 0

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(steps=structure)
    def check(steps) -> None:
        path.write_bytes(_rezip(original, _restructure(xml, steps)))
        nonlocal imported
        try:
            planned = research_import.plan(vault, path, meeting)
        except MaracDeskError:
            return
        imported += 1
        for planned_return in planned.returns:
            for person in planned_return.content.people:
                for item in person.items:
                    for line in item.body.splitlines():
                        if line in written:
                            owner, widest = written[line]
                            assert person.person_id == owner, (line, steps)
                            assert _narrower_or_equal(item.audience, widest), (line, steps)

    check()
    assert imported > 20  # most edits leave a pack that can still be read
