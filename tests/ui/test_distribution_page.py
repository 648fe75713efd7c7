"""The Minutes page after the training meeting closes: each recipient listed with what it
will be sent, a preview that holds only its version, an export refused until every agency
without a current agreement has a reason, then done in one step off the window's thread,
logged, and traced back by document id."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QDialog, QInputDialog

from marac_desk.storage import audit, distribution
from marac_desk.storage import minutes as gathered
from marac_desk.ui import minutes_preview
from marac_desk.ui.pages import distribution as page_module
from marac_desk.ui.pages.distribution import DistributionPage, SentDialog


def _page(qtbot, vault) -> DistributionPage:
    page = DistributionPage(vault)
    qtbot.addWidget(page)
    page.resize(1180, 760)
    page.refresh()
    return page


def _row_of(page: DistributionPage, code: str) -> int:
    for row in range(page.model.rowCount()):
        if page.model.row_at(row).recipient.code == code:
            return row
    raise AssertionError(f"{code} is not listed")


def test_the_page_lists_every_recipient_and_previews_only_its_version(
    qtbot, held, monkeypatch
) -> None:
    vault, meeting_id = held
    page = _page(qtbot, vault)
    facts = gathered.gather(vault, meeting_id)
    assert page.model.row_at(0).recipient.name == "MARAC record"
    assert page.model.row_at(1).recipient.kind.label == "Action plan"
    assert page.model.row_at(0).cases == len(facts.cases)
    shown: list[str] = []

    def capture(dialog: QDialog) -> int:
        shown.append(dialog.browser.toPlainText())
        return 0

    monkeypatch.setattr(minutes_preview.PreviewDialog, "exec", capture)
    page.table.selectRow(_row_of(page, "HOUSING"))
    page.preview()
    for case in facts.cases:
        assert (case.reference in shown[0]) == ("HOUSING" in case.involved)
    assert facts.marking in shown[0]
    assert not any(a.name in shown[0] for a in facts.attendees)  # attendance is the record's
    last = audit.entries(vault.conn)[-1]
    assert last.action == "minutes_previewed" and last.detail["agency"] == "HOUSING"


def test_an_agency_without_an_agreement_can_be_left_out_of_the_export(
    qtbot, held, tmp_path, monkeypatch
) -> None:
    vault, _ = held
    lapsed = (date.today() - timedelta(days=3)).isoformat()
    with vault.transaction() as conn:
        conn.execute("UPDATE agencies SET isa_review_on = ? WHERE code = 'HOUSING'", (lapsed,))
    page = _page(qtbot, vault)
    page.docx.setChecked(False)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(page, "choose_folder", lambda: out)
    told: list[str] = []
    monkeypatch.setattr(page_module, "show_info", lambda _p, _t, message: told.append(message))
    lapsed_rows = [
        r for r in range(page.model.rowCount()) if page.model.row_at(r).recipient.needs_override
    ]
    names = {page.model.row_at(r).recipient.name for r in lapsed_rows}
    assert "Local authority housing" in names
    for row in lapsed_rows:
        page.table.selectRow(row)
        page.toggle_left_out()
    columns = range(page.model.columnCount())
    shown = [str(page.model.index(r, c).data()) for r in lapsed_rows for c in columns]
    assert sum("Left out of this export" in text for text in shown) == len(lapsed_rows)
    page.export_all()
    assert page.error.text() == ""
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    made = [p.name for p in out.iterdir()]
    assert len(made) == page.model.rowCount() - len(lapsed_rows)
    assert not any(name in file for name in names for file in made)  # theirs wait


def test_export_needs_reasons_then_writes_logs_and_traces(
    qtbot, held, tmp_path, monkeypatch
) -> None:
    vault, _ = held
    lapsed = (date.today() - timedelta(days=3)).isoformat()
    with vault.transaction() as conn:
        conn.execute("UPDATE agencies SET isa_review_on = ?", (lapsed,))
    page = _page(qtbot, vault)
    page.docx.setChecked(False)
    out = tmp_path / "out"
    out.mkdir()
    asked: list[int] = []
    monkeypatch.setattr(page, "choose_folder", lambda: asked.append(1) or out)
    told: list[str] = []
    monkeypatch.setattr(page_module, "show_info", lambda _p, _t, message: told.append(message))

    page.export_all()
    assert "information-sharing agreement" in page.error.text()
    assert "Leave out" in page.error.text()
    assert asked == [] and not any(out.iterdir())  # refused before a folder is asked for

    reason = "Chair agreed: renewals signed, directory not yet updated"
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kw: (reason, True))
    agencies = range(2, page.model.rowCount())  # after the record's minutes and action plan
    for row in agencies:
        page.table.selectRow(row)
        page.give_override()
    assert all(page.model.row_at(r).override == reason for r in agencies)

    page.export_all()
    qtbot.waitUntil(lambda: bool(told), timeout=60_000)
    produced = sorted(out.iterdir())
    assert len(produced) == page.model.rowCount() and page.files.rowCount() == len(produced)
    assert all(p.suffix == ".pdf" for p in produced)
    assert page.error.text() == ""

    page.file_table.selectAll()
    dialog = SentDialog(vault, [page.files.row_at(r) for r in range(page.files.rowCount())])
    qtbot.addWidget(dialog)
    dialog._save()
    assert "Say how" in dialog.error.text()  # refused: nothing recorded
    dialog.how.setText("Secure email to each SPOC")
    dialog._save()
    page._load()
    assert all(page.files.row_at(r).sent_at for r in range(page.files.rowCount()))

    wanted = page.files.row_at(2).produced.document_id
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kw: (wanted.lower(), True))
    page.find_document()
    assert wanted in told[-1] and "Secure email to each SPOC" in told[-1]


def test_locking_during_an_export_waits_and_logs_every_file(
    qtbot, held, tmp_path, monkeypatch
) -> None:
    vault, meeting_id = held
    page = _page(qtbot, vault)
    page.docx.setChecked(False)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(page, "choose_folder", lambda: out)
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_kw: ("Chair agreed", True))
    for row in range(2, page.model.rowCount()):
        page.table.selectRow(row)
        page.give_override()
    told: list[str] = []
    monkeypatch.setattr(page_module, "show_info", lambda _p, _t, message: told.append(message))
    page.export_all()
    assert page._job is not None
    page.commit_pending()  # what the window does before it locks
    files = {p.name for p in out.iterdir()}
    logged = {e.produced.file_name for e in distribution.entries(vault, meeting_id)}
    assert files and files == logged
    qtbot.wait(100)  # the job's own signal arrives later and changes nothing
    assert not told and len(distribution.entries(vault, meeting_id)) == len(files)
