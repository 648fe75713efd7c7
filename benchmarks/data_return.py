"""Data return benchmark: the quarter's return and the dashboard for the year to its end,
on a register of 20,000 cases (or --cases), against the same counts by plain SQL.

Builds a training vault of that many cases over three years and times, many times each
(median and tail, never best-of), against a baseline doing the same kind of work in the
same run on the same encrypted connection:

  return and dashboard counted   dashboard.make (the year,   vs  the same counts as plain
                                 with the quarter's return        SQL: GROUP BY over the
                                 on the way), the charts          same tables and indexes,
                                 made from them                   json_extract for fields
  local report suppressed        the counts above, then the  vs  the plain SQL counts
                                 joint suppression of the
                                 table and the charts
  Dashboard page shown           the page's refresh: counts, vs  the plain SQL counts put
                                 charts drawn as SVG and          in a bare Qt table,
                                 painted                          painted

The clock stops where the user stops waiting: the figures ready, or the page painted.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/data_return.py [--cases 20000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._stats import HEADER, Row, machine, timed
from marac_desk.domain import dashboard as db
from marac_desk.domain import data_return as dr
from marac_desk.exchange import data_return_export as out
from marac_desk.storage import dashboard
from marac_desk.storage.training import make_training_vault
from marac_desk.storage.vault import Vault

# The same counts by plain SQL on the same tables and indexes (the narrow referral_facts
# kept beside each form, schema 17): each case's first hearing (a meeting that listed it,
# else the earlier register's date), then the counts grouped by month, agency type, IDVA
# outcome, actions by agency and research by agency. An honest floor, not a straw man.
_PLAIN = [
    """
    WITH heard AS (
        SELECT f.case_id, f.fields,
               coalesce((SELECT min(m.meeting_date) FROM agenda_items a
                         JOIN meetings m ON m.id = a.meeting_id WHERE a.case_id = f.case_id),
                        f.heard_on) AS day
        FROM referral_facts f
        WHERE f.heard_on BETWEEN :first AND :last
           OR f.case_id IN (SELECT a.case_id FROM agenda_items a JOIN meetings m
                            ON m.id = a.meeting_id WHERE m.meeting_date BETWEEN :first AND :last)
    )
    SELECT substr(h.day, 1, 7), count(*), sum(c.is_repeat),
           sum(json_array_length(h.fields, '$[9]') > 0),
           sum(json_extract(h.fields, '$[5]') = 'Yes'),
           sum(json_extract(h.fields, '$[4]') = 'Yes'),
           sum(json_extract(h.fields, '$[6]') = 'Male'),
           sum(coalesce(json_extract(h.fields, '$[2]'), '') = '')
    FROM heard h JOIN cases c ON c.id = h.case_id
    WHERE h.day BETWEEN :first AND :last GROUP BY 1
    """,
    """
    SELECT coalesce(ag.type, ''), count(*) FROM referral_facts f
    LEFT JOIN agencies ag ON ag.code = f.referring_agency COLLATE NOCASE
    WHERE f.heard_on BETWEEN :first AND :last GROUP BY 1
    """,
    """
    SELECT coalesce(json_extract(f.fields, '$[11]'), ''), count(*) FROM referral_facts f
    WHERE f.heard_on BETWEEN :first AND :last GROUP BY 1
    """,
    """
    SELECT substr(referral_date, 1, 7), count(*) FROM referrals
    WHERE referral_date BETWEEN :first AND :last GROUP BY 1
    """,
    """
    SELECT a.owner_agency, a.status, count(*) FROM actions a
    JOIN meetings m ON m.id = a.meeting_id WHERE m.meeting_date BETWEEN :first AND :last
    GROUP BY 1, 2
    """,
    """
    SELECT agency_code, count(*) FROM research_returns WHERE current = 1 GROUP BY 1
    """,
]


def plain_counts(vault: Vault, year: db.Year) -> list[list[tuple[object, ...]]]:
    bounds = {"first": year.first_day.isoformat(), "last": year.last_day.isoformat()}
    return [vault.conn.execute(sql, bounds).fetchall() for sql in _PLAIN]


def counted(vault: Vault, quarter: dr.Quarter) -> tuple[dr.DataReturn, db.Counted]:
    year = dashboard.make(vault, quarter)
    result = dashboard.quarter_return(year)
    db.charts(year)
    return result, year


def count_rows(vault: Vault, quarter: dr.Quarter, runs: int) -> list[Row]:
    year = db.Year(quarter)
    plain = timed(lambda: plain_counts(vault, year), runs)
    ours = timed(lambda: counted(vault, quarter), runs)

    def suppressed() -> None:
        result, counts = counted(vault, quarter)
        db.charts(counts, out.hidden_cells(result, counts, 5))

    local = timed(suppressed, runs)
    return [
        Row("return and dashboard counted (a year)", ours, plain, "≤200 ms",
            ours.median_ms <= 200),
        Row("local report: the same, then table and charts suppressed", local, plain),
    ]  # fmt: skip


def page_rows(vault: Vault, runs: int) -> list[Row]:
    from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem

    from marac_desk.ui.app import make_application
    from marac_desk.ui.pages.dashboard import DashboardPage

    make_application()
    page = DashboardPage(vault)
    page.resize(1166, 640)
    page.show()
    year = db.Year(page.chosen_quarter())

    def shown() -> None:
        page.refresh()
        QApplication.processEvents()
        page.grab()

    def bare() -> None:
        counts = plain_counts(vault, year)
        table = QTableWidget(sum(len(c) for c in counts), 4)
        row = 0
        for found in counts:
            for values in found:
                for column, value in enumerate(values[:4]):
                    table.setItem(row, column, QTableWidgetItem(str(value)))
                row += 1
        table.resize(1166, 640)
        table.show()
        QApplication.processEvents()
        table.grab()
        table.deleteLater()

    base = timed(bare, runs)
    ours = timed(shown, runs)
    page.close()
    return [Row("Dashboard page shown (counts, 8 charts drawn, painted)", ours, base)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        vault = make_training_vault(Path(tmp) / "vault", args.cases)
        generated = time.perf_counter() - started
        quarter = dr.Quarter.containing(date.today()).previous()
        result, year = counted(vault, quarter)
        in_year = year.values[(db.YEAR, "cases")]
        rows = count_rows(vault, quarter, args.runs)
        rows += page_rows(vault, max(5, args.runs // 3))
        vault.close(action=None)
    print(machine())
    print(
        f"{args.cases:,} cases; training vault generated in {generated:.1f} s; "
        f"{quarter.code}: {result.value(None, 'cases'):,} cases discussed, "
        f"{in_year:,} in the year to its end"
    )
    print(HEADER)
    for row in rows:
        print(row.line())


if __name__ == "__main__":
    main()
