"""Exporting a held meeting's minutes: one file per recipient and format, each holding
its recipient's version and the marking and document id on every page; all or nothing;
logged, audited and traceable by document id; protected when the agency has a password."""

from __future__ import annotations

import errno
import hashlib
import re
from datetime import date, timedelta
from pathlib import Path

import docx
import pikepdf
import pytest
from docx.shared import Pt
from pypdf import PdfReader

from marac_desk.domain.minutes import FULL_RECORD, minutes_for
from marac_desk.domain.minutes_files import DocumentKind, Format
from marac_desk.errors import MaracDeskError, ValidationError
from marac_desk.exchange import minutes_export
from marac_desk.storage import audit, distribution
from marac_desk.storage import minutes as gathered
from marac_desk.storage.training_account import TRAINING_USER
from marac_desk.storage.vault import Vault
from tests.exchange.minutes_checks import file_text, pdf_raw, pdf_text

_ID = re.compile(r"MD-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}")


def _everyone(vault: Vault, meeting_id: int) -> dict[str, str]:
    facts = gathered.gather(vault, meeting_id)
    plan = distribution.plan(vault, facts, date.today())
    return {r.code: "Chair agreed: agreement renewal in hand" for r in plan if r.needs_override}


def _export_pdfs(vault: Vault, meeting_id: int, out: Path) -> list[minutes_export.Produced]:
    """Every recipient's PDFs, each agency's agreement overridden, on this process."""
    return minutes_export.export_minutes(
        vault,
        meeting_id,
        out,
        overrides=_everyone(vault, meeting_id),
        formats=[Format.PDF],
        workers=1,
    )


def _outbox(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def test_each_file_holds_its_recipients_version_marked_and_numbered(held, tmp_path) -> None:
    vault, meeting_id = held
    out = _outbox(tmp_path)
    produced = minutes_export.export_minutes(
        vault, meeting_id, out, overrides=_everyone(vault, meeting_id), workers=2
    )
    facts = gathered.gather(vault, meeting_id)
    recipients = {p.agency_code for p in produced}
    assert FULL_RECORD in recipients and len(recipients) >= 5
    # Each agency's version, and the record's minutes and its action plan of every case.
    assert len(produced) == 2 * (len(recipients) + 1)
    record_plan = [p for p in produced if p.agency_code == FULL_RECORD]
    assert {p.kind for p in record_plan} == {DocumentKind.MINUTES, DocumentKind.ACTIONS}
    assert sorted(p.name for p in out.iterdir()) == sorted(p.file_name for p in produced)
    for item in produced:
        path = out / item.file_name
        assert hashlib.sha256(path.read_bytes()).hexdigest() == item.content_hash
        text = file_text(path)
        assert item.document_id in text and facts.marking in text
        for case in facts.cases:
            involved = item.agency_code == FULL_RECORD or item.agency_code in case.involved
            assert (case.reference in text) == involved, (item.file_name, case.reference)
        if item.format is Format.PDF:
            with pikepdf.open(path) as checked:  # what `qpdf --check` runs
                assert checked.check_pdf_syntax() == []
            reader = PdfReader(path)
            for page in reader.pages:
                page_text = page.extract_text()
                assert page_text.count(facts.marking) == 2  # top and bottom
                assert item.document_id in page_text and re.search(r"Page \d+ of \d+", page_text)
            titles = [entry.title for entry in reader.outline if not isinstance(entry, list)]
            assert titles[0].startswith(facts.marac_name)  # headings are bookmarks
        else:
            footer = docx.Document(str(path)).sections[0].footer.paragraphs[0]
            assert {run.font.size for run in footer.runs} == {Pt(8)}
            # Page x of y as Word writes fields, one part per run: LibreOffice drops the
            # size of a run holding a whole field and prints the numbers larger.
            parts = [len(r._r.xpath("w:fldChar | w:instrText | w:t")) for r in footer.runs]
            assert [t.strip() for t in footer._p.xpath(".//w:instrText/text()")] == [
                "PAGE",
                "NUMPAGES",
            ]
            assert all(n == 1 for n in parts)
    logged = distribution.entries(vault, meeting_id)
    assert {e.produced.document_id for e in logged} == {p.document_id for p in produced}
    exported = [e for e in audit.entries(vault.conn) if e.action == "minutes_exported"]
    assert {e.detail["document_id"] for e in exported} == {p.document_id for p in produced}


def test_an_agencys_minutes_leave_out_what_it_may_not_read(held, tmp_path) -> None:
    vault, meeting_id = held
    facts = gathered.gather(vault, meeting_id)
    code = "EDUCATION"
    out = _outbox(tmp_path)
    minutes_export.export_minutes(
        vault,
        meeting_id,
        out,
        agencies=[code],
        overrides=_everyone(vault, meeting_id),
        include_record=False,
        workers=1,
    )
    files = list(out.iterdir())
    assert len(files) == 2
    expected = minutes_for(facts, code).text
    for path in files:
        shown = file_text(path)
        text = re.sub(r"\s+", "", shown)
        for attendee in facts.attendees:
            assert attendee.name not in shown  # attendance is the record's
        for case in facts.cases:
            if code not in case.involved:
                assert re.sub(r"\s+", "", case.victim) not in text
        for line in expected.splitlines():
            for cell in line.split("\t"):
                assert re.sub(r"\s+", "", cell) in text, cell


def test_nothing_goes_before_the_meeting_is_closed(vault, tmp_path) -> None:
    from tests.storage.test_research import planned_meeting

    meeting_id, _ = planned_meeting(vault)
    with pytest.raises(ValidationError, match="Close the meeting first"):
        minutes_export.export_minutes(vault, meeting_id, _outbox(tmp_path))
    assert not any((tmp_path / "out").iterdir())


def test_an_agency_without_a_current_agreement_needs_a_reason(held, tmp_path) -> None:
    vault, meeting_id = held
    out = _outbox(tmp_path)
    lapsed = (date.today() - timedelta(days=3)).isoformat()
    with vault.transaction() as conn:
        conn.execute("UPDATE agencies SET isa_review_on = ? WHERE code = 'POLICE'", (lapsed,))
    reasons = _everyone(vault, meeting_id)
    assert "POLICE" in reasons
    del reasons["POLICE"]
    with pytest.raises(ValidationError, match=r"Police \(information-sharing agreement due"):
        minutes_export.export_minutes(vault, meeting_id, out, overrides=reasons, workers=1)
    assert not any(out.iterdir()) and not distribution.entries(vault, meeting_id)
    reasons["POLICE"] = "   "  # blank is no reason
    with pytest.raises(ValidationError):
        minutes_export.export_minutes(vault, meeting_id, out, overrides=reasons, workers=1)
    reasons["POLICE"] = "Renewal signed on paper; directory not yet updated"
    produced = minutes_export.export_minutes(
        vault, meeting_id, out, overrides=reasons, formats=[Format.PDF], workers=1
    )
    police = [p for p in produced if p.agency_code == "POLICE"]
    assert police and police[0].override.startswith("Renewal signed")


def test_a_failure_half_way_leaves_no_file_and_no_log(held, tmp_path, monkeypatch) -> None:
    vault, meeting_id = held
    out = _outbox(tmp_path)
    real_replace = Path.replace
    calls = {"n": 0}

    def failing(self: Path, target):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", failing)
    with pytest.raises(MaracDeskError, match="No minutes file was left behind"):
        _export_pdfs(vault, meeting_id, out)
    assert list(out.iterdir()) == []
    assert distribution.entries(vault, meeting_id) == []


def test_files_the_log_cannot_record_are_removed(held, tmp_path, monkeypatch) -> None:
    vault, meeting_id = held
    out = _outbox(tmp_path)

    def broken(*_args, **_kwargs):
        raise MaracDeskError("The vault could not be written.")

    monkeypatch.setattr(distribution, "log", broken)
    with pytest.raises(MaracDeskError):
        _export_pdfs(vault, meeting_id, out)
    assert list(out.iterdir()) == []


def test_regenerated_minutes_say_the_same_under_new_document_ids(held, tmp_path) -> None:
    vault, meeting_id = held
    reasons = _everyone(vault, meeting_id)
    runs = []
    for name in ("first", "second"):
        folder = tmp_path / name
        folder.mkdir()
        runs.append(
            minutes_export.export_minutes(
                vault,
                meeting_id,
                folder,
                agencies=["HOUSING", "POLICE"],
                overrides=reasons,
                formats=[Format.PDF],
                workers=1,
            )
        )
    first, second = runs
    assert not {p.document_id for p in first} & {p.document_id for p in second}
    for a, b in zip(first, second, strict=True):
        assert a.file_name == b.file_name
        text_a = _ID.sub("ID", file_text(tmp_path / "first" / a.file_name))
        text_b = _ID.sub("ID", file_text(tmp_path / "second" / b.file_name))
        assert text_a == text_b


def test_existing_files_are_not_overwritten_unless_asked(held, tmp_path) -> None:
    vault, meeting_id = held
    out = _outbox(tmp_path)
    reasons = _everyone(vault, meeting_id)
    minutes_export.export_minutes(
        vault, meeting_id, out, overrides=reasons, formats=[Format.DOCX], workers=1
    )
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ValidationError, match="already holds"):
        minutes_export.export_minutes(
            vault, meeting_id, out, overrides=reasons, formats=[Format.DOCX], workers=1
        )
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    minutes_export.export_minutes(
        vault, meeting_id, out, overrides=reasons, formats=[Format.DOCX], replace=True, workers=1
    )
    assert {p.name for p in out.iterdir()} == set(before)


def test_a_pattern_that_gives_two_files_one_name_is_refused(held, tmp_path) -> None:
    vault, meeting_id = held
    from marac_desk.domain import settings as defs
    from marac_desk.storage import settings as settings_store

    settings_store.change(vault, defs.MINUTES_FILE_PATTERN, "MARAC {kind} {agency}")
    with vault.transaction() as conn:
        conn.execute("UPDATE agencies SET name = 'Health' WHERE code IN ('GP', 'HEALTH-ACUTE')")
    with pytest.raises(ValidationError, match=r"Add \{code\}"):
        minutes_export.export_minutes(
            vault, meeting_id, _outbox(tmp_path), overrides=_everyone(vault, meeting_id)
        )


def test_an_agencys_password_protects_both_files(held, tmp_path) -> None:
    vault, meeting_id = held
    with vault.transaction() as conn:
        conn.execute("UPDATE agencies SET export_password = 'Idva-Only-2026' WHERE code = 'IDVA'")
    out = _outbox(tmp_path)
    produced = minutes_export.export_minutes(
        vault,
        meeting_id,
        out,
        agencies=["IDVA"],
        overrides=_everyone(vault, meeting_id),
        include_record=False,
        workers=1,
    )
    facts = gathered.gather(vault, meeting_id)
    victim = next(c.victim for c in facts.cases if "IDVA" in c.involved)
    assert all(p.protected for p in produced)
    for item in produced:
        content = (out / item.file_name).read_bytes()
        assert victim.encode() not in content and b"IDVA service" not in pdf_raw(content)
        with pytest.raises(Exception):  # noqa: B017 - any refusal will do
            file_text(out / item.file_name, "wrong password")
        assert victim in file_text(out / item.file_name, "Idva-Only-2026")
    pdf = next(p for p in produced if p.format is Format.PDF)
    with pikepdf.open(out / pdf.file_name, password="Idva-Only-2026") as checked:
        assert checked.check_pdf_syntax() == []
    encryption = PdfReader(out / pdf.file_name).trailer["/Encrypt"]
    assert encryption["/V"] == 5 and encryption["/CF"]["/StdCF"]["/CFM"] == "/AESV3"


def test_a_document_id_read_off_a_leaked_file_finds_its_record(held, tmp_path) -> None:
    vault, meeting_id = held
    out = _outbox(tmp_path)
    produced = _export_pdfs(vault, meeting_id, out)
    leaked = next(p for p in produced if p.agency_code == "HOUSING")
    read_off = _ID.search(pdf_text((out / leaked.file_name).read_bytes())).group()
    typed = read_off.lower().replace("-", " ").replace("0", "o")
    found = distribution.find(vault, typed)
    assert found is not None and found.produced == leaked
    assert found.produced_by == TRAINING_USER and found.sent_at is None
    assert distribution.find(vault, "MD-00000-00000-00000") is None
    distribution.record_sent(vault, [found.entry_id], date.today(), "Secure email to the SPOC")
    sent = distribution.find(vault, read_off)
    assert sent.sent_how == "Secure email to the SPOC" and sent.sent_at == date.today().isoformat()
    actions = [e.action for e in audit.entries(vault.conn)]
    assert actions.count("document_looked_up") == 3 and "minutes_sent" in actions


@pytest.mark.parametrize(
    ("how", "day", "message"),
    [
        ("", date.today(), "Say how"),
        ("Secure email", date.today() + timedelta(days=1), "future"),
    ],
)
def test_a_sending_note_must_say_how_and_when(held, tmp_path, how, day, message) -> None:
    vault, meeting_id = held
    produced = minutes_export.export_minutes(
        vault,
        meeting_id,
        _outbox(tmp_path),
        overrides=_everyone(vault, meeting_id),
        formats=[Format.PDF],
        workers=1,
    )
    entry = distribution.find(vault, produced[0].document_id)
    with pytest.raises(ValidationError, match=message):
        distribution.record_sent(vault, [entry.entry_id], day, how)
    assert distribution.find(vault, produced[0].document_id).sent_at is None


def test_an_action_plan_carries_only_the_agencys_own_tasks(held, tmp_path) -> None:
    vault, meeting_id = held
    distribution.set_receives(vault, "HOUSING", DocumentKind.ACTIONS)
    out = _outbox(tmp_path)
    produced = minutes_export.export_minutes(
        vault,
        meeting_id,
        out,
        agencies=["HOUSING"],
        overrides=_everyone(vault, meeting_id),
        include_record=False,
        formats=[Format.PDF],
        workers=1,
    )
    text = file_text(out / produced[0].file_name)
    facts = gathered.gather(vault, meeting_id)
    assert "action plan" in text and produced[0].kind is DocumentKind.ACTIONS
    for case in facts.cases:
        for action in case.actions:
            squashed = re.sub(r"\s+", "", text)
            mine = action.owner_agency == "HOUSING"
            assert (re.sub(r"\s+", "", action.owner_name) in squashed) == mine or not mine
    assert "Information shared" not in text and "Training IDVA officer" not in text


def test_a_preview_is_audited(held) -> None:
    vault, meeting_id = held
    document = minutes_export.preview(vault, meeting_id, "POLICE", DocumentKind.MINUTES)
    assert document.recipient == "POLICE"
    last = audit.entries(vault.conn)[-1]
    assert last.action == "minutes_previewed" and last.detail["agency"] == "POLICE"
