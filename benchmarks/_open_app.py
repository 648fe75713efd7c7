"""The app as `marac-desk --training` starts it, reporting once the main window is shown."""

from __future__ import annotations

import os
import resource
import sys
from pathlib import Path

from marac_desk.ui.app import run_app


def main() -> None:
    def ready(window) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import QApplication

        assert window.vault is not None and window.workspace is not None
        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"ready {rss_kib}", flush=True)
        window.close()
        QApplication.quit()

    run_app(Path(sys.argv[1]), training=True, on_shown=ready)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    main()
