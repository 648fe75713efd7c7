"""Minutes benchmark: every recipient's minutes in both formats for a 25-case meeting
with 15 agencies involved, exported as the coordinator does it.

Builds a vault whose 25-case meeting has research from all 15 agencies and was held and
closed, then times, in the same run:

  export      the whole export: gather, choose each recipient's version, render 32 files
              (the record and 15 agencies, PDF and DOCX) on every core, write them all
              or none, log them                         (the issue's target: under 10 s)
  one core    the same export on one core
  bare        reportlab and python-docx rendering the same documents' text (one
              paragraph per line, the same embedded font), on one core, with no logic
              of ours: no selection, tables, marking, footers or files

and reports each against `bare` as a ratio (the issue's target: at most 1.5).

    .venv/bin/python benchmarks/minutes.py
"""

from __future__ import annotations

import io
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._meeting_vault import AGENCIES, meeting_vault
from marac_desk.domain.research import Source
from marac_desk.exchange import minutes_export, pdf
from marac_desk.storage import distribution, minutes, research, training_meeting
from marac_desk.storage.vault import discard_data_dir
from tests.storage.test_research import findings


def bare_render(texts: list[str]) -> None:
    """The same text through reportlab and python-docx, nothing else."""
    from docx import Document
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate

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


def main() -> None:
    folder, vault, meeting, ids = meeting_vault("minutes")
    with vault.transaction() as conn:
        conn.execute("UPDATE agencies SET isa_signed_on = '2026-01-01', isa_review_on = NULL")
    for case_id in ids:
        for code in AGENCIES:
            research.save_return(
                vault, meeting, case_id, code, findings(vault, case_id, f"{code} knows"),
                source=Source.PHONE, source_note="bench",
            )  # fmt: skip
    training_meeting.hold(vault, meeting)
    facts = minutes.gather(vault, meeting)
    plan = distribution.plan(vault, facts, date.today())
    texts = [minutes_export.document_for(facts, r.code, r.kind).text for r in plan]
    out = Path(tempfile.mkdtemp(prefix="marac-desk-bench-out-"))
    try:
        results: dict[str, float] = {}
        for name, workers in (("export", None), ("one core", 1)):
            best = float("inf")
            for _ in range(3):
                shutil.rmtree(out)
                out.mkdir()
                start = time.perf_counter()
                produced = minutes_export.export_minutes(vault, meeting, out, workers=workers)
                best = min(best, time.perf_counter() - start)
            results[name] = best
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            bare_render(texts)
            best = min(best, time.perf_counter() - start)
        results["bare"] = best
    finally:
        vault.close(action=None)
        discard_data_dir(folder)
        shutil.rmtree(out, ignore_errors=True)
    cores = os.cpu_count()
    print(f"machine: {platform.platform()}, {cores} cores, Python {platform.python_version()}")
    agencies = len({r.code for r in plan if r.code})  # the record is listed twice, without a code
    print(f"meeting: {len(facts.cases)} cases, {agencies} agencies, {len(produced)} files")
    for name in ("export", "one core", "bare"):
        ratio = results[name] / results["bare"]
        print(f"{name:10} {results[name]:7.2f} s   {ratio:5.2f} x bare")


if __name__ == "__main__":
    main()
