"""The Qt part of the smoke test: a real widget drawn offscreen."""

from __future__ import annotations

import os
from pathlib import Path


def qt_check(data_dir: Path) -> str:
    """The app's own window on `data_dir`'s vault, locked, drawn with its style sheet: the
    style sheet and the window come from the installed package, not a source tree."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QGuiApplication

    from marac_desk.ui.app import make_application
    from marac_desk.ui.main_window import MainWindow

    app = make_application(["marac-desk-smoke"])
    if not app.styleSheet():
        raise RuntimeError("the style sheet was not found among the installed resources")
    window = MainWindow(data_dir, None)
    window.resize(1366, 768)
    image = window.grab().toImage()
    # Not close(): closing saves the window's geometry in the user's settings.
    window.deleteLater()
    app.processEvents()
    if image.isNull() or image.width() != 1366:
        raise RuntimeError("Qt could not draw the main window")
    _chart_check()
    return (
        f"PySide6 {pyside_version}, platform {QGuiApplication.platformName()}, main window "
        "and a dashboard chart drawn"
    )


def _chart_check() -> None:
    """A dashboard chart as the Dashboard page draws it: reportlab's SVG, painted by QtSvg
    (neither is imported until that page is opened, so a bundle missing one would
    otherwise start and fail later)."""
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer

    from marac_desk.domain.dashboard import Chart, Series
    from marac_desk.exchange.charts import svg

    chart = Chart("smoke", "Smoke", "", ("One", "Two"), (Series("Cases", (3.0, None)),), "")
    if not QSvgRenderer(QByteArray(svg(chart))).isValid():
        raise RuntimeError("the dashboard's charts could not be drawn")
