"""Start-up benchmark: process start to an unlocked main window, against a bare baseline.

Runs, alternating, (a) a bare PySide6 window plus a bare keyed SQLCipher open and
(b) marac-desk opening its training vault, each in a fresh process, and reports
medians, their ratio, the peak memory of each, and the cost of one password
key derivation (scrypt at the default cost), which a real sign-in adds.

    .venv/bin/python benchmarks/startup.py [--runs 9] [--cases 60]
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
    args = parser.parse_args()
    # An installed app runs from bytecode (pip and PyInstaller compile it); make sure the
    # editable checkout does too, even where PYTHONDONTWRITEBYTECODE is set.
    import marac_desk

    compileall.compile_dir(Path(marac_desk.__file__).parent, quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        key = os.urandom(32).hex()
        base_times, base_rss, app_times, app_rss = [], [], [], []
        # One warm-up each so that the OS file cache treats both alike.
        timed([sys.executable, str(HERE / "_bare_baseline.py"), tmp, key])
        timed([sys.executable, str(HERE / "_open_app.py"), tmp])
        for _ in range(args.runs):
            t, r = timed([sys.executable, str(HERE / "_bare_baseline.py"), tmp, key])
            base_times.append(t)
            base_rss.append(r)
            t, r = timed([sys.executable, str(HERE / "_open_app.py"), tmp])
            app_times.append(t)
            app_rss.append(r)
    base, app = statistics.median(base_times), statistics.median(app_times)
    kdf_cost = statistics.median(kdf_seconds() for _ in range(3))
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    rows = [
        f"machine: {machine}",
        f"bare baseline (PySide6 window + keyed SQLCipher open): median {base * 1000:.0f} ms, "
        f"peak RSS {max(base_rss) / 1024:.0f} MiB",
        f"marac-desk, training vault to unlocked main window: median {app * 1000:.0f} ms, "
        f"peak RSS {max(app_rss) / 1024:.0f} MiB",
        f"ratio app / baseline: {app / base:.2f} (target <= 1.5)",
        f"password key derivation (scrypt n=2^17, r=8, 128 MiB): {kdf_cost * 1000:.0f} ms, "
        "added to a real sign-in",
    ]
    print("\n".join(rows))


if __name__ == "__main__":
    main()
