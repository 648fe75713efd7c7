"""The core never imports Qt: checked in a fresh interpreter, module by module."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import marac_desk


def core_modules() -> list[str]:
    found = []
    for info in pkgutil.walk_packages(marac_desk.__path__, "marac_desk."):
        if not info.name.startswith("marac_desk.ui"):
            found.append(info.name)
    return found


def test_no_core_module_loads_pyside6() -> None:
    modules = core_modules()
    assert "marac_desk.storage.vault" in modules and "marac_desk.cli" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
