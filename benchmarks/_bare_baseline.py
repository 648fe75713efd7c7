"""Baseline for the start-up benchmark: a bare PySide6 window and a bare keyed SQLCipher open."""

from __future__ import annotations

import os
import resource
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import sqlcipher3
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


def open_keyed(folder: Path, key: bytes) -> sqlcipher3.Connection:
    """The bare keyed SQLCipher open: what opening the vault costs at the very least.
    The caller keeps the connection open, as the app keeps its vault's."""
    conn = sqlcipher3.connect(str(folder / "bare.db"))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def peak_rss_kib() -> int:
    """This process's own peak resident memory. Linux carries getrusage's peak over from
    the process that started this one (across exec), so the benchmark's own peak (it
    derives a 128 MiB key making the vault) would show in every child; /proc's VmHWM is
    this program's alone."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def report(milestone: str) -> None:
    """Tell the benchmark a milestone was reached: it stops its clock on the line."""
    print(f"{milestone} {peak_rss_kib()}", flush=True)


class _FirstPaint(QObject):
    """Calls back once `widget` has been painted for the first time: the moment the user
    sees it, which is where a start-up clock stops (not when the widget is made)."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget, self.callback = widget, callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802  (Qt's name)
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            # After this paint has been drawn, on the next turn of the event loop.
            QTimer.singleShot(0, self.callback)
        return False


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    _FirstPaint(widget, callback)


def main() -> None:
    app = QApplication(["baseline"])
    conn = open_keyed(Path(sys.argv[1]), bytes.fromhex(sys.argv[2]))
    window = QMainWindow()
    window.resize(1180, 760)
    # The bare baseline has no second screen: both its milestones are its first paint.
    after_first_paint(window, lambda: (report("signin"), report("ready"), app.quit()))
    window.show()
    app.exec()
    conn.close()


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    tempfile.tempdir = None
    main()
