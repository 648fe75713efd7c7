"""The sign-in screen is painted before the vault's modules and their cryptography are
loaded, which then load while the user types: a fresh process, as a user starts it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROBE = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    import marac_desk.ui.app as app_module
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from marac_desk.ui.signin import SignInPanel

    HEAVY = ("marac_desk.storage.vault", "marac_desk.security.keyslots", "cryptography",
             "sqlcipher3", "marac_desk.ui.wizard")
    seen = {}

    def loaded():
        return {name: name in sys.modules for name in HEAVY}

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and "painted" not in seen:
                seen["painted"] = loaded()
                QTimer.singleShot(3000, finish)
            return False

    def finish():
        seen["later"] = loaded()
        print(json.dumps(seen), flush=True)
        QApplication.quit()

    opened = app_module.open_window

    def watched(*args, **kwargs):
        window = opened(*args, **kwargs)
        panel = window.stack.currentWidget()
        assert isinstance(panel, SignInPanel)
        panel.installEventFilter(probe)
        return window

    probe = FirstPaint()
    app_module.open_window = watched
    app_module.run_app(Path(sys.argv[1]))
    """
)


def test_the_sign_in_screen_is_painted_before_the_vault_loads(data_dir: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert not any(seen["painted"].values()), seen["painted"]
    # Loaded while the user types, except the set-up wizard, which a vault never needs.
    later = seen["later"]
    assert later.pop("marac_desk.ui.wizard") is False
    assert all(later.values()), later
