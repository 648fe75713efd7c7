"""`marac-desk --smoke-test`: proves a built app can do its basic work, then exits 0."""

from __future__ import annotations

import io
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from marac_desk.domain import settings
from marac_desk.security import kdf
from marac_desk.storage import integrity
from marac_desk.storage.connection import schema_version
from marac_desk.storage.migrations import head_version
from marac_desk.storage.vault import Vault, sign_in
from marac_desk.storage.vault_setup import create_vault


def smoke_test(say: Callable[[str], None]) -> int:
    with tempfile.TemporaryDirectory(prefix="marac-desk-smoke-") as tmp:
        folder = Path(tmp)
        password = secrets.token_urlsafe(18)
        vault, _ = create_vault(
            folder / "vault",
            marac_name="Smoke test MARAC",
            username="smoke",
            full_name="Smoke Test",
            password=password,
            kdf_n=kdf.MIN_N,
        )
        vault.close()
        vault = sign_in(folder / "vault", "smoke", password)
        from marac_desk import paths

        head = head_version(paths.migrations_dir())
        if schema_version(vault.conn) != head or head < 1:
            raise RuntimeError("vault did not migrate to the newest schema")
        report = integrity.verify(vault)
        if not report.ok:
            raise RuntimeError("; ".join(report.lines()))
        _check_referrals(vault)
        _check_register_import(vault, folder)
        _check_meeting_documents(vault, folder)
        _check_minutes_rendering()
        marking = vault.setting(settings.PROTECTIVE_MARKING)
        vault.close()
        say(f"vault: created, migrated to schema {head}, verified")

        from marac_desk.exchange.notice import write_notice

        pdf, docx = write_notice(
            folder, "smoke", "marac-desk smoke test", ["One page, marked."], marking
        )
        _check_pdf(pdf, marking)
        _check_docx(docx, marking)
        say(f"documents: {pdf.name} and {docx.name} written and read back")

        from marac_desk.ui.smoke import qt_check

        say(f"qt: {qt_check(folder / 'vault')}")
    say("smoke test passed")
    return 0


def _check_minutes_rendering() -> None:
    """Minutes with an Arabic name rendered on two spawned processes, one PDF and one DOCX
    under a password, and read back: the bundle starts its own workers and carries the
    Arabic font, the shaping and bidi tables and the encryption."""
    import msoffcrypto
    from pypdf import PdfReader

    from marac_desk.domain.minutes import Minutes, heading, paragraph
    from marac_desk.domain.minutes_files import DocumentKind, Format
    from marac_desk.exchange.minutes_export import render_all
    from marac_desk.exchange.minutes_render import Job

    name = "حسين، فاطمة"
    secret = secrets.token_urlsafe(12)
    minutes = Minutes(
        "SMOKE",
        "Smoke agency",
        "OFFICIAL-SENSITIVE",
        "Smoke minutes",
        (heading("Smoke minutes", 1), paragraph(f"Victim: {name}")),
    )
    jobs = [
        Job(minutes, f"MD-SMOKE-{n}", fmt, secret, Path(f"smoke{n}"), DocumentKind.MINUTES, "")
        for n, fmt in enumerate((Format.PDF, Format.DOCX) * 3)
    ]
    rendered = render_all(jobs, lambda _message, _fraction: None, workers=2)
    reader = PdfReader(io.BytesIO(rendered[0]))
    if not reader.decrypt(secret) or "Victim" not in reader.pages[0].extract_text():
        raise RuntimeError("the protected minutes PDF did not read back")
    office = msoffcrypto.OfficeFile(io.BytesIO(rendered[1]))
    office.load_key(password=secret)
    office.decrypt(io.BytesIO())


def _check_pdf(path: Path, marking: str) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(path.read_bytes()))
    text = reader.pages[0].extract_text()
    if len(reader.pages) != 1 or marking not in text:
        raise RuntimeError("the smoke-test PDF did not read back")


def _check_docx(path: Path, marking: str) -> None:
    from docx import Document

    document = Document(str(path))
    header = document.sections[0].header.paragraphs[0].text
    if header != marking:
        raise RuntimeError("the smoke-test DOCX did not read back")


def _check_referrals(vault: Vault) -> None:
    """A referral saved, found by full-text and fuzzy search, and matched across scripts:
    proves the checklist files, FTS5, rapidfuzz and anyascii's tables made it into the build."""
    from marac_desk.storage import case_search, referrals, repeats

    saved = referrals.save_draft(vault, {"victim": {"surname": "Шевченко", "forenames": "Олена"}})
    if case_search.search(vault, "Shevchenko") != [saved.case_id]:
        raise RuntimeError("the register search did not find a saved referral")
    doc = {"victim": {"surname": "Shevchenko", "forenames": "Olena"}}
    if [e.case_id for e in repeats.find_earlier(vault, doc)] != [saved.case_id]:
        raise RuntimeError("the repeat check did not match a transliterated name")


def _check_register_import(vault: Vault, folder: Path) -> None:
    """An Excel register written, read back with openpyxl and imported: the bundle
    carries everything the register import needs."""
    from datetime import date

    from openpyxl import Workbook

    from marac_desk.domain.register_columns import guess_mapping
    from marac_desk.exchange.table_files import read_table
    from marac_desk.storage import register_import

    book = Workbook()
    sheet = book.active
    sheet.append(["Reference", "Referral date", "Victim surname"])
    sheet.append(["SMOKE/1", date(2026, 1, 5), "Smoketest"])
    path = folder / "register.xlsx"
    book.save(path)
    table = read_table(path)
    planned = register_import.preview(vault, table, guess_mapping(table.headers))
    if register_import.run(vault, planned, source=path.name).created != 1:
        raise RuntimeError("the register import did not create the case in the workbook")


def _check_meeting_documents(vault: Vault, folder: Path) -> None:
    """An agenda (PDF with the embedded font, and DOCX) and a research pack written, and
    the pack read back: the bundle carries the fonts, lxml and the Word templates."""
    from datetime import date, time, timedelta

    from marac_desk.domain.meetings import MeetingDetails
    from marac_desk.errors import MaracDeskError
    from marac_desk.exchange import agenda_export, research_import, research_pack
    from marac_desk.storage import meetings, referrals

    today = date.today()
    doc = {
        "referral": {
            "referral_date": today.isoformat(),
            "referring_agency": "POLICE",
            "referrer_name": "Smoke Test",
            "reason": "Smoke test",
        },
        "victim": {
            "surname": "Wiśniewska",
            "forenames": "Łucja",
            "date_of_birth": "1990-01-01",
            "address": "1 Smoke Street",
            "relationship": "Ex-partner",
        },
        "consent": {"aware": "Yes", "consent": "Consent given"},
        "contact": {"safe_to_call": "Yes"},
        "dash": {"answers": {str(n): {"answer": "yes"} for n in range(1, 15)}},
    }
    case_id = referrals.complete(vault, doc, today=today).case_id
    details = MeetingDetails(
        today + timedelta(days=7),
        time(9, 30),
        venue="Smoke room",
        research_deadline=today + timedelta(days=3),
    )
    meeting = meetings.create(vault, details)
    meetings.add_cases(vault, meeting, [case_id])
    pdf_path, _ = agenda_export.export_agenda(vault, meeting, folder)
    if b"DejaVuSans" not in pdf_path.read_bytes():
        raise RuntimeError("the agenda PDF did not embed its font")
    [made] = research_pack.make_packs(vault, meeting, ["POLICE"], folder)
    try:
        research_import.plan(vault, made.path, meeting)
    except MaracDeskError as exc:
        if "nothing has been filled in" not in str(exc):
            raise RuntimeError(f"the research pack did not read back: {exc}") from exc
    else:
        raise RuntimeError("an empty research pack was accepted")
