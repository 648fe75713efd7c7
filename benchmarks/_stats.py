"""Timings shared by the benchmarks: every run's samples kept, reported as median and tail
(never best-of), beside a baseline timed in the same run on the same machine."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date


@dataclass
class Samples:
    seconds: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    def percentile_ms(self, percent: float) -> float:
        ordered = sorted(self.seconds)
        at = min(len(ordered) - 1, round(percent / 100 * (len(ordered) - 1)))
        return ordered[at] * 1000

    @property
    def max_ms(self) -> float:
        return max(self.seconds) * 1000


def timed(
    work: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None
) -> Samples:
    """`runs` timings of `work`; `before` runs untimed ahead of each (to set up a fresh case)."""
    taken = []
    for _ in range(runs):
        before()
        start = time.perf_counter()
        work()
        taken.append(time.perf_counter() - start)
    return Samples(taken)


def python_speed() -> float:
    """Seconds for ten million steps of a plain Python loop: the same machine kind runs
    two to three times slower on some days, so each table says how fast it was."""
    start = time.perf_counter()
    total = 0
    for step in range(10_000_000):
        total += step
    return time.perf_counter() - start


def machine() -> str:
    return (
        f"{date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()}; "
        f"a 10-million-step Python loop took {python_speed():.2f} s"
    )


@dataclass(frozen=True)
class Row:
    """One line of a benchmark's table: what was timed, against what, and the target."""

    name: str
    ours: Samples
    base: Samples
    target: str = ""
    met: bool | None = None
    tail: float = 95  # the percentile reported beside the median

    def line(self) -> str:
        ratio = self.ours.median_ms / self.base.median_ms if self.base.median_ms else float("inf")
        verdict = "" if self.met is None else (": met" if self.met else ": NOT met")
        return (
            f"| {self.name} | {_ms(self.ours.median_ms)} | "
            f"{_ms(self.ours.percentile_ms(self.tail))} (p{self.tail:g}), "
            f"{_ms(self.ours.max_ms)} max | {_ms(self.base.median_ms)} | {ratio:.1f} | "
            f"{self.target}{verdict} |"
        )


HEADER = (
    "| operation | marac-desk median | tail | baseline median | ratio | target |\n"
    "| --- | --- | --- | --- | --- | --- |"
)


def _ms(value: float) -> str:
    return f"{value / 1000:.2f} s" if value >= 10_000 else f"{value:.1f} ms"
