"""Conference benchmark: moving to the next case, and saving what is typed.

Builds a vault with a 25-case meeting where each case has 15 agency returns, behind it a
register of `--register` training cases (20,000 by default, a large MARAC's few years),
opens the conference screen offscreen, then times, each against a baseline in the same
run (median and tail, and the ratio):

  next case   Ctrl+PgDown: save the case left, open the next (audited), load and render
              its combined summary, notes and lists     vs  reading that case's research
              rows and putting the same text in a text box
              (as in a meeting: each case is on screen for a moment, untimed, before the
              move, which lets the view lay out the next summary ahead; and, for
              comparison, moving on at once, with nothing laid out ahead)
  summary     the combined summary of a case, audited   vs  reading that case's research
              as a view                                     rows
  save        one save of the case record as typed (checked, written, committed with
              fsync)                                    vs  a bare UPDATE committed with
              fsync on the same connection

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/conference.py [--register 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication, QTextBrowser

from benchmarks._meeting_vault import AGENCIES, meeting_vault
from benchmarks._stats import HEADER, Row, machine, timed
from marac_desk.domain.conference import CaseRecord
from marac_desk.domain.research import Source
from marac_desk.storage import case_summary, conference, research, training
from marac_desk.storage.vault import discard_data_dir
from marac_desk.ui.app import make_application
from marac_desk.ui.conference.view import PREPARE_NEXT_AFTER_MS, ConferenceView
from tests.storage.test_research import findings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--register", type=int, default=20_000, help="cases in the register")
    args = parser.parse_args()
    make_application()
    folder, vault, meeting, ids = meeting_vault("conference")
    started = time.perf_counter()
    if args.register:
        training.populate(vault, args.register, seed=5)
    generated = time.perf_counter() - started
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

    def discussed() -> None:
        # The case on screen while the room talks (untimed): the event loop runs, as it
        # does in a meeting, for a little longer than the view waits to lay out ahead.
        until = time.perf_counter() + PREPARE_NEXT_AFTER_MS / 1000 + 0.3
        while time.perf_counter() < until:
            QApplication.processEvents()
            time.sleep(0.01)

    moves = timed(next_case, len(ids) - 1, before=discussed)
    view.open_case(view.agenda.cases[0].case_id)
    QApplication.processEvents()
    rushed = timed(next_case, len(ids) - 1)
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

    def summary() -> None:
        case_summary.load(vault, meeting, last, audit_view=True)

    def baseline_rows() -> None:
        vault.conn.execute(
            "SELECT i.* FROM research_items i JOIN research_returns r ON r.id = i.return_id "
            "WHERE r.case_id = ? AND r.current = 1",
            (last,),
        ).fetchall()

    summaries, base_rows = timed(summary, 50), timed(baseline_rows, 50)

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

    print(machine())
    print(f"a 25-case meeting, 15 returns a case; {args.register:,} cases in the register "
          f"(generated in {generated:.1f} s)")  # fmt: skip
    print(HEADER)
    rows = [
        Row("next case (Ctrl+PgDown) after the case was discussed: save, open, summary and "
            "lists painted", moves, base_moves, "≤50 ms median, ≤100 ms slowest",
            moves.median_ms <= 50 and moves.max_ms <= 100),
        Row("next case at once, before anything is laid out ahead", rushed, base_moves,
            "(for comparison)", None),
        Row("combined summary of a case with 15 returns, audited", summaries, base_rows,
            "≤10 ms", summaries.median_ms <= 10),
        Row("save as typed (checked, written, committed with fsync)", saves, base_saves,
            "≤5 ms at p95", saves.percentile_ms(95) <= 5),
    ]  # fmt: skip
    for row in rows:
        print(row.line())


if __name__ == "__main__":
    main()
