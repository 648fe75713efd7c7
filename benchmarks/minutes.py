"""Minutes benchmark: every recipient's minutes in both formats for a 25-case meeting
with 15 agencies involved and sentence-length research, exported as the coordinator does
it, with the app's window open in the same process.

Builds a vault whose 25-case meeting has research from all 15 agencies (each item a
sentence or two, as agencies write them) and was held and closed, opens the main window
on it (offscreen), then times, in the same run, `--runs` times each (medians):

  export      the whole export: gather, choose each recipient's version, render 34 files
              (the record, its action plan and 15 agencies, PDF and DOCX) on every core,
              write them all or none, log them        (the issue's target: under 10 s)
  one core    the same export on one core (for comparison)
  bare        reportlab and python-docx rendering the same documents' text (one
              paragraph per line, the same embedded font), in as many spawned processes
              as the export uses, with no logic of ours: no selection, tables, marking,
              footers or files

and reports the export against `bare` as a ratio (the issue's target: at most 1.5), with
the peak memory of the whole process tree (the app and its rendering processes), as
proportional set size summed over the processes, sampled every 20 ms.

    .venv/bin/python benchmarks/minutes.py [--runs 3]
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._stats import HEADER, Row, Samples, machine

if TYPE_CHECKING:
    from marac_desk.domain.research import ReturnContent
    from marac_desk.storage.vault import Vault

# Nothing of marac-desk is imported at the top of this file: each rendering process
# (spawned, the export's and the bare side's alike) imports the program that started it,
# and marac-desk's own starts with nothing but its entry point. Importing the vault here
# would have every worker carry it, as the app's never do.


def bare_render(texts: list[str]) -> None:
    """The same text through reportlab and python-docx, nothing else."""
    from docx import Document
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from marac_desk.exchange import pdf  # the same embedded font

    pdf.register_fonts()
    style = ParagraphStyle("plain", fontName=pdf.FONT, fontSize=9.5, leading=12.5)
    for text in texts:
        story = [Paragraph(line.replace("&", "&amp;").replace("<", "&lt;"), style)
                 for line in text.splitlines() if line.strip()]  # fmt: skip
        SimpleDocTemplate(io.BytesIO()).build(story)
        document = Document()
        for line in text.splitlines():
            document.add_paragraph(line)
        document.save(io.BytesIO())


def bare_on_cores(texts: list[str], workers: int) -> None:
    """`bare_render` spread over `workers` spawned processes, as the export spreads its
    rendering: started, fed by pipe, and finished inside the clock."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        shares = [texts[n::workers] for n in range(workers)]
        list(pool.map(bare_render, shares))


def _pss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree(root: int) -> list[int]:
    """`root` and every process descended from it (Linux /proc)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(parents.get(pid, []))
    return found


class PeakMemory:
    """The largest PSS summed over this process and its descendants, sampled while open."""

    def __init__(self) -> None:
        self.peak_kib = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(0.02):
            total = sum(_pss_kib(pid) for pid in _tree(os.getpid()))
            self.peak_kib = max(self.peak_kib, total)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def sentence_findings(vault: Vault, case_id: int, code: str) -> ReturnContent:
    """What an agency found, a sentence or two an item, as agencies write them."""
    from marac_desk.domain.research import (
        RECORD_ONLY,
        Item,
        ItemKind,
        Known,
        Nature,
        PersonResearch,
        ReturnContent,
    )
    from marac_desk.storage import case_file

    victim, *others = case_file.people(vault.conn, case_id)
    said = (
        f"{code} has known the victim since March 2024, when she attended with bruising to "
        "both arms that she said came from a fall at home; she was seen alone and given "
        "the helpline number.",
        "Attended A&E twice in October with injuries to her face and neck; on the second "
        "visit she said her partner had held her against a wall and she could not breathe.",
        "She appeared very frightened when her partner arrived at the ward and asked staff "
        "not to tell him which bay she was in; staff think she is being watched.",
        "Counselling notes from 2023 are held and were read; they say nothing about risk "
        "from the current partner and are not shared.",
    )
    return ReturnContent(
        (
            PersonResearch(
                victim.person_id,
                Known.YES,
                (
                    Item(ItemKind.INVOLVEMENT, said[0], Nature.FACT),
                    Item(ItemKind.SHARE, said[1], Nature.FACT),
                    Item(ItemKind.SHARE, said[2], Nature.OPINION),
                    Item(ItemKind.HELD, said[3], Nature.UNSTATED, RECORD_ONLY),
                ),
            ),
            *(PersonResearch(p.person_id, Known.NO) for p in others),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from benchmarks._meeting_vault import AGENCIES, meeting_vault
    from marac_desk.domain.research import Source
    from marac_desk.exchange import minutes_export
    from marac_desk.storage import distribution, minutes, research, training_meeting
    from marac_desk.storage.vault import discard_data_dir
    from marac_desk.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    folder, vault, meeting, ids = meeting_vault("minutes")
    with vault.transaction() as conn:
        conn.execute("UPDATE agencies SET isa_signed_on = '2026-01-01', isa_review_on = NULL")
    for case_id in ids:
        for code in AGENCIES:
            research.save_return(
                vault, meeting, case_id, code, sentence_findings(vault, case_id, code),
                source=Source.PHONE, source_note="bench",
            )  # fmt: skip
    training_meeting.hold(vault, meeting)
    facts = minutes.gather(vault, meeting)
    plan = distribution.plan(vault, facts, date.today())
    texts = [minutes_export.document_for(facts, r.code, r.kind).text for r in plan]
    window = MainWindow(folder, vault)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    cores = min(os.cpu_count() or 1, 8)  # as the export chooses
    out = Path(tempfile.mkdtemp(prefix="marac-desk-bench-out-"))
    taken: dict[str, list[float]] = {"export": [], "one core": [], "bare": []}
    peak = 0
    try:
        # The one-core runs come last: rendering 34 files in the app's own process leaves
        # it larger than a coordinator's app ever is before an export, and the peak
        # memory is the export's as the coordinator runs it (on every core).
        for name, workers in (("export", None), ("one core", 1)):
            for _ in range(args.runs):
                shutil.rmtree(out)
                out.mkdir()
                with PeakMemory() as memory:
                    start = time.perf_counter()
                    produced = minutes_export.export_minutes(vault, meeting, out, workers=workers)
                    taken[name].append(time.perf_counter() - start)
                if name == "export":
                    peak = max(peak, memory.peak_kib)
                    start = time.perf_counter()
                    bare_on_cores(texts, cores)
                    taken["bare"].append(time.perf_counter() - start)
    finally:
        window.close()
        vault.close(action=None)
        discard_data_dir(folder)
        shutil.rmtree(out, ignore_errors=True)
    print(machine())
    agencies = len({r.code for r in plan if r.code})  # the record is listed twice, without a code
    print(f"meeting: {len(facts.cases)} cases, {agencies} agencies, {len(produced)} files, "
          f"{args.runs} runs, rendering on {cores} cores")  # fmt: skip
    bare = Samples(taken["bare"])
    export = Samples(taken["export"])
    print(HEADER)
    print(
        Row(
            f"export, {cores} cores, against bare rendering on {cores} cores",
            export,
            bare,
            "≤10 s and ≤1.5 × bare",
            export.median_ms <= 10_000 and export.median_ms <= 1.5 * bare.median_ms,
        ).line()
    )
    print(Row("export, one core, against the same bare rendering", Samples(taken["one core"]),
              bare).line())  # fmt: skip
    print(
        f"peak memory of the process tree (the app and its rendering processes, PSS): "
        f"{peak / 1024:.0f} MiB (target ≤300 MB: {'met' if peak * 1024 <= 300e6 else 'NOT met'})"
    )


if __name__ == "__main__":
    main()
