"""The built wheel in a fresh virtual environment, with no source tree beside it.

Building the wheel and installing its dependencies takes a minute or more, so this runs
only when WHEEL_CHECK=1 (`make wheel-check`, which CI runs after `make test`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("WHEEL_CHECK") != "1", reason="set WHEEL_CHECK=1 (make wheel-check)"
    ),
]


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def test_the_built_wheel_installs_and_works(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    # Built from a copy: setuptools reuses a build/ folder it finds, which in a working
    # tree can hold modules since deleted, and would hide one missing from the wheel.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"
        ),
    )
    _run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), "."],
        source,
        env,
    )
    (wheel,) = wheels.glob("marac_desk-*.whl")

    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    python = target / "bin" / "python"
    app = target / "bin" / "marac-desk"
    _run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], tmp_path, env)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env |= {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    found = _run(
        [str(python), "-c", "import marac_desk, sys; print(marac_desk.__file__)"], elsewhere, env
    )
    assert Path(found.stdout.strip()).is_relative_to(target), "imported from the source tree"

    smoke = _run([str(app), "--smoke-test"], elsewhere, env)
    assert "smoke test passed" in smoke.stdout and "dashboard chart drawn" in smoke.stdout

    data = tmp_path / "vault"
    env["MARAC_DESK_PASSWORD"] = "a long and careful passphrase"
    made = _run(
        [
            str(app),
            "init",
            "--data-dir",
            str(data),
            "--user",
            "admin",
            "--marac-name",
            "Wheel MARAC",
        ],
        elsewhere,
        env,
    )
    assert "RECOVERY KEY" in made.stdout
    checked = _run([str(app), "verify", "--data-dir", str(data)], elsewhere, env)
    assert "audit" in checked.stdout.lower()
