"""Start-up benchmark: process start to an unlocked main window, against a bare baseline.

Makes a training vault once (the fictional cases of `marac-desk --training`, kept in a
temporary folder), then runs, alternating, each in a fresh process:
(a) a bare PySide6 window plus a bare keyed SQLCipher open;
(b) marac-desk as a user starts it on that vault: the sign-in screen, the user name and
    password, the unlocked main window with its case register.
It also times (c) the Qt widgets alone: the same kind of window, sign-in form and register,
built with no marac-desk code (`_qt_floor.py`), which shows how much of the gap to the
bare baseline is PySide6 building the Qt classes a real window uses.
It reports medians, their ratios, the peak memory of each, and the cost of one password key
derivation at the default cost. The training vault's key slot is derived at the lowest cost
marac-desk accepts (about a millisecond), so the measured sign-in stands for everything but
the key derivation; a real vault adds the derivation reported below. `--training` also
times `marac-desk --training`, which makes a new training vault at every start.

    .venv/bin/python benchmarks/startup.py [--runs 9] [--cases 60] [--training]
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def timed(args: list[str]) -> tuple[float, int]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if not line.startswith("ready"):
        raise SystemExit(f"{args[1]} did not report ready: {line!r}")
    return elapsed, int(line.split()[1])


def kdf_seconds() -> float:
    from marac_desk.security import kdf

    params = kdf.KdfParams.fresh()
    start = time.perf_counter()
    kdf.derive_key("a password of usual length", params)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cases", type=int, default=60, help="cases in the training vault")
    parser.add_argument("--training", action="store_true", help="also time marac-desk --training")
    args = parser.parse_args()
    # An installed app runs from bytecode (pip and PyInstaller compile it); make sure the
    # editable checkout does too, even where PYTHONDONTWRITEBYTECODE is set.
    import marac_desk

    compileall.compile_dir(Path(marac_desk.__file__).parent, quiet=1)
    from marac_desk.storage.training import make_training_vault

    with tempfile.TemporaryDirectory() as tmp:
        vault_dir = Path(tmp) / "vault"
        make_training_vault(vault_dir, args.cases).close(action=None)
        key = os.urandom(32).hex()
        baseline = [sys.executable, str(HERE / "_bare_baseline.py"), tmp, key]
        signing_in = [sys.executable, str(HERE / "_open_app.py"), str(vault_dir)]
        training = [*signing_in, "--training"]
        qt_floor = [sys.executable, str(HERE / "_qt_floor.py"), tmp, key]
        runs: dict[str, list[tuple[float, int]]] = {
            "base": [],
            "app": [],
            "floor": [],
            "training": [],
        }
        # One warm-up each so that the OS file cache treats both alike.
        timed(baseline)
        timed(signing_in)
        timed(qt_floor)
        for _ in range(args.runs):
            runs["base"].append(timed(baseline))
            runs["app"].append(timed(signing_in))
            runs["floor"].append(timed(qt_floor))
            if args.training:
                runs["training"].append(timed(training))
    base_times, base_rss = zip(*runs["base"], strict=True)
    app_times, app_rss = zip(*runs["app"], strict=True)
    base, app = statistics.median(base_times), statistics.median(app_times)
    floor = statistics.median(t for t, _ in runs["floor"])
    kdf_cost = statistics.median(kdf_seconds() for _ in range(3))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    rows = [
        f"machine: {machine}",
        f"bare baseline (PySide6 window + keyed SQLCipher open): median {base * 1000:.0f} ms, "
        f"peak RSS {max(base_rss) / 1024:.0f} MiB",
        f"marac-desk, signing in to a vault of {args.cases} training cases: "
        f"median {app * 1000:.0f} ms, peak RSS {max(app_rss) / 1024:.0f} MiB",
        f"ratio app / baseline: {app / base:.2f} (target <= 1.5)",
        f"the same Qt widgets with no marac-desk code: median {floor * 1000:.0f} ms, "
        f"ratio {floor / base:.2f} to the baseline",
        f"password key derivation (scrypt n=2^17, r=8, 128 MiB): {kdf_cost * 1000:.0f} ms, "
        "added to a real sign-in",
    ]
    if runs["training"]:
        training_times, _ = zip(*runs["training"], strict=True)
        rows.append(
            "marac-desk --training (makes its vault at each start): "
            f"median {statistics.median(training_times) * 1000:.0f} ms"
        )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
