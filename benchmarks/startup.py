"""Start-up benchmark: process start to an unlocked main window, against a bare baseline.

Makes a training vault once (the fictional cases of `marac-desk --training`, kept in a
temporary folder), then runs, alternating, each in a fresh process:
(a) a bare PySide6 window plus a bare keyed SQLCipher open;
(b) marac-desk as a user starts it on that vault: the sign-in screen, the user name and
    password, the unlocked main window with its case register.
It also times (c) the Qt widgets alone: the same kind of window, sign-in form and register,
built with no marac-desk code (`_qt_floor.py`), which shows how much of the gap to the
bare baseline is PySide6 building the Qt classes a real window uses.
Each clock stops where the user stops waiting, at a first paint: of the sign-in screen, and
of the unlocked register (the bare window has one paint, which ends both). It reports
medians against the Qt floor (sign-in ≤1.15 times; the register ≤1.25 times plus the key
derivation), the peak memory of each, and the cost of one password key derivation at the
default cost, timed alone. The vault's key slot is derived at the cost a real vault's
is (scrypt n=2^17, r=8), so the register's clock includes a real derivation, which the
sign-in overlaps with getting the unlocked window ready. `--training` also times
`marac-desk --training`, which makes a new training vault at every start.

    .venv/bin/python benchmarks/startup.py [--runs 9] [--cases 60] [--training]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._stats import machine

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Start:
    signin: float  # seconds from process start to the sign-in screen painted
    ready: float  # to the unlocked register painted
    rss_kib: int


def timed(args: list[str]) -> Start:
    """One start in a fresh process, the clock stopped at each milestone's first paint."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    signin = time.perf_counter() - start
    second = proc.stdout.readline()
    ready = time.perf_counter() - start
    proc.wait(timeout=60)
    if not first.startswith("signin") or not second.startswith("ready"):
        raise SystemExit(f"{args[1]} did not report its milestones: {first!r} {second!r}")
    return Start(signin, ready, int(second.split()[1]))


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
        from marac_desk.security import kdf

        make_training_vault(vault_dir, args.cases, kdf_n=kdf.DEFAULT_N).close(action=None)
        key = os.urandom(32).hex()
        baseline = [sys.executable, str(HERE / "_bare_baseline.py"), tmp, key]
        signing_in = [sys.executable, str(HERE / "_open_app.py"), str(vault_dir)]
        training = [*signing_in, "--training"]
        qt_floor = [sys.executable, str(HERE / "_qt_floor.py"), tmp, key]
        runs: dict[str, list[Start]] = {"base": [], "app": [], "floor": [], "training": []}
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

    def median(name: str, milestone: str) -> float:
        return statistics.median(getattr(s, milestone) for s in runs[name])

    def peak(name: str) -> float:
        return max(s.rss_kib for s in runs[name]) / 1024

    kdf_cost = statistics.median(kdf_seconds() for _ in range(3))
    floor_in, app_in = median("floor", "signin"), median("app", "signin")
    floor_ready, app_ready = median("floor", "ready"), median("app", "ready")
    base_ready = median("base", "ready")
    allowed = 1.25 * floor_ready + kdf_cost
    rows = [
        f"machine: {machine()}",
        f"{args.runs} runs each, alternating, medians; each clock stops at a first paint",
        f"bare baseline (one PySide6 window + keyed SQLCipher open), painted: "
        f"{base_ready * 1000:.0f} ms, peak RSS {peak('base'):.0f} MiB",
        f"Qt floor (the same widgets with no marac-desk code): sign-in painted "
        f"{floor_in * 1000:.0f} ms, register painted {floor_ready * 1000:.0f} ms, "
        f"peak RSS {peak('floor'):.0f} MiB",
        f"marac-desk, a vault of {args.cases} training cases: sign-in painted "
        f"{app_in * 1000:.0f} ms, register painted {app_ready * 1000:.0f} ms, "
        f"peak RSS {peak('app'):.0f} MiB",
        f"sign-in painted, app / floor: {app_in / floor_in:.2f} "
        f"(target ≤1.15: {'met' if app_in <= 1.15 * floor_in else 'NOT met'})",
        f"register painted, with a real key derivation (alone: {kdf_cost * 1000:.0f} ms, "
        f"scrypt n=2^17, r=8, 128 MiB): {app_ready * 1000:.0f} ms against 1.25 × floor + "
        f"derivation = {allowed * 1000:.0f} ms, "
        f"{app_ready / allowed:.2f} of it ({'met' if app_ready <= allowed else 'NOT met'}); "
        f"app less the derivation / floor: {(app_ready - kdf_cost) / floor_ready:.2f}",
        f"app / bare baseline (the earlier measure): {app_ready / base_ready:.2f}",
    ]
    if runs["training"]:
        rows.append(
            "marac-desk --training (makes its vault at each start), register painted: "
            f"{median('training', 'ready') * 1000:.0f} ms"
        )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
