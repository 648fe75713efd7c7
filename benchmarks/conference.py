"""Conference benchmark: moving to the next case, and saving what is typed.

Builds a vault with a 25-case meeting where each case has 15 agency returns, opens the
conference screen offscreen, then times, each against a baseline in the same run
(reported as a ratio, and as time for the issue's targets):

  next case   Ctrl+PgDown: save the case left, open the next (audited), load and render
              its combined summary, notes and lists     vs  reading that case's research
              rows and putting the same text in a text box
  save        one save of the case record as typed (checked, written, committed with
              fsync)                                    vs  a bare UPDATE committed with
              fsync on the same connection

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/conference.py
"""

from __future__ import annotations

import os
import platform
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QTextBrowser

from benchmarks._meeting_vault import AGENCIES, meeting_vault
from benchmarks._stats import timed
from marac_desk.domain.conference import CaseRecord
from marac_desk.domain.research import Source
from marac_desk.storage import conference, research
from marac_desk.storage.vault import discard_data_dir
from marac_desk.ui.app import make_application
from marac_desk.ui.conference.view import ConferenceView
from tests.storage.test_research import findings


def main() -> None:
    make_application()
    folder, vault, meeting, ids = meeting_vault("conference")
    for case_id in ids:
        for code in AGENCIES:
            research.save_return(
                vault, meeting, case_id, code, findings(vault, case_id, code),
                source=Source.PHONE, source_note="bench", replace=True,
            )  # fmt: skip
    conference.start(vault, meeting)
    conference.mark_statement_read(vault, meeting)
    view = ConferenceView(vault, meeting, lambda: None)
    view.resize(1280, 800)
    view.show()
    view.open_case(view.agenda.cases[0].case_id)
    QApplication.processEvents()

    def next_case() -> None:
        view.step(1)
        QApplication.processEvents()

    moves = timed(next_case, len(ids) - 1)
    text = view.case.summary.toPlainText()
    box = QTextBrowser()
    last = view.agenda.cases[-1].case_id

    def baseline_case() -> None:
        vault.conn.execute(
            "SELECT i.* FROM research_items i JOIN research_returns r ON r.id = i.return_id "
            "WHERE r.case_id = ? AND r.current = 1",
            (last,),
        ).fetchall()
        box.setPlainText(text)
        QApplication.processEvents()

    base_moves = timed(baseline_case, len(ids) - 1)

    record = CaseRecord(notes="")
    typed: list[str] = []

    def save() -> None:
        typed.append("word")
        conference.save_record(
            vault, meeting, last, CaseRecord(notes=" ".join(typed), seconds=record.seconds)
        )

    def baseline_save() -> None:
        # A value that really changes each time: an unchanged one lets SQLite commit nothing.
        typed.append("base")
        conn = vault.conn
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "UPDATE case_records SET notes = ? WHERE meeting_id = ? AND case_id = ?",
            (" ".join(typed), meeting, last),
        )
        conn.execute("COMMIT")

    saves = timed(save, 200)
    base_saves = timed(baseline_save, 200)
    view.clock.stop()
    view.close()
    vault.close(action=None)
    discard_data_dir(folder / "vault")

    ms = 1000
    rows = [
        ("next case, 15 returns (median)", moves.median_ms, base_moves.median_ms, 0.1),
        ("next case, 15 returns (slowest)", moves.max_ms, base_moves.max_ms, 0.1),
        ("save as typed (median)", saves.median_ms, base_saves.median_ms, 0.005),
        ("save as typed (p95)", saves.percentile_ms(95), base_saves.percentile_ms(95), 0.005),
    ]
    rows = [(name, took / ms, base / ms, target) for name, took, base, target in rows]
    print(
        f"{date.today()} · {platform.node()} · {platform.processor() or platform.machine()} · "
        f"Python {platform.python_version()}"
    )
    print(f"{'operation':34} {'time':>9} {'baseline':>9} {'ratio':>7} {'target':>8}")
    for name, took, base, target in rows:
        verdict = "ok" if took <= target else "OVER"
        print(
            f"{name:34} {took * 1000:7.1f}ms {base * 1000:7.1f}ms {took / base:7.1f} "
            f"{target * 1000:6.0f}ms {verdict}"
        )


if __name__ == "__main__":
    main()
