"""Every screen at 1366×768, the council laptop: nothing larger than the screen, nothing cut.

The walk is benchmarks/screenshots.py (which `make screenshots` runs at both sizes); here it
runs with --check in a process of its own, because the screen's size is fixed when Qt
starts. Text is measured in the DejaVu fonts marac-desk ships, so the result is the same on
every machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from tests.fixtures import fit

ROOT = Path(__file__).resolve().parents[2]


def test_every_screen_fits_a_1366_by_768_laptop(tmp_path: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "screenshots.py"),
            str(tmp_path),
            "--size",
            "1366x768",
            "--check",
            "--no-documents",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    clipped = [line for line in run.stdout.splitlines() if line.startswith("CLIPPED")]
    assert run.returncode == 0 and not clipped, "\n".join(clipped) or run.stderr[-3000:]
    assert len(list(tmp_path.glob("*.png"))) >= 30  # the walk reached every screen


def test_the_check_sees_cut_text_a_window_too_big_and_columns_off_the_edge(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    label = QLabel("Referrals waiting for a decision from the coordinator")
    label.setFixedWidth(80)
    column.addWidget(label)
    table = QTableView()
    model = QStandardItemModel(2, 6)
    model.setHorizontalHeaderLabels(["Reference", "Victim", "Date", "Agency", "Status", "Done"])
    table.setModel(model)
    for c in range(6):
        table.setColumnWidth(c, 150)
    table.setFixedWidth(400)
    column.addWidget(table)
    window.resize(1500, 500)
    window.show()
    found = fit.problems(window, "test", QRect(0, 0, 1366, 768))
    assert any("larger than the screen" in p for p in found)
    assert any("Referrals waiting" in p and "needs" in p for p in found)
    assert any("columns past its edge" in p and "Done" in p for p in found)
