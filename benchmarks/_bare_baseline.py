"""Baseline for the start-up benchmark: a bare PySide6 window and a bare keyed SQLCipher open."""

from __future__ import annotations

import os
import resource
import sys
import tempfile
from pathlib import Path

import sqlcipher3
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def open_keyed(folder: Path, key: bytes) -> sqlcipher3.Connection:
    """The bare keyed SQLCipher open: what opening the vault costs at the very least.
    The caller keeps the connection open, as the app keeps its vault's."""
    conn = sqlcipher3.connect(str(folder / "bare.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def report_ready(app: QApplication) -> None:
    rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"ready {rss_kib}", flush=True)
    app.quit()


def main() -> None:
    app = QApplication(["baseline"])
    conn = open_keyed(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
    window = QMainWindow()
    window.resize(1180, 760)
    window.show()
    QTimer.singleShot(0, lambda: report_ready(app))
    app.exec()
    conn.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tempfile.tempdir = None
    main()
