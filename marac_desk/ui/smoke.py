"""The Qt part of the smoke test: a real widget drawn offscreen."""

from __future__ import annotations

import os


def qt_check() -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication(["marac-desk-smoke"])
    label = QLabel("marac-desk")
    label.resize(200, 40)
    image = label.grab().toImage()
    label.deleteLater()
    app.processEvents()
    if image.isNull() or image.width() != 200:
        raise RuntimeError("Qt could not draw a widget")
    return f"PySide6 {pyside_version}, platform {QGuiApplication.platformName()}"
