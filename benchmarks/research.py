"""Meeting preparation benchmark: research packs, pack import and the combined summary.

Builds a vault with a 25-case meeting and 15 agencies, then times, each against a
baseline in the same run (reported as a ratio, and as time for the issue's targets):

  packs     all 15 packs for 25 cases (DOCX, written)  vs  15 one-page python-docx files
  import    reading and importing one filled-in pack    vs  unzipping it and parsing its XML
  summary   the combined summary of a case with 15      vs  SELECT of that case's research rows
            agency returns

    .venv/bin/python benchmarks/research.py
"""

from __future__ import annotations

import io
import platform
import statistics
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from docx import Document
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._meeting_vault import AGENCIES, meeting_vault
from marac_desk.domain.research import Source
from marac_desk.exchange import research_import, research_pack
from marac_desk.storage import case_summary, research
from tests.exchange.packs import Answers, fill, person_ids
from tests.storage.test_research import findings


def timed(work: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    folder, vault, meeting, ids = meeting_vault("research")
    out = folder / "packs"
    out.mkdir()

    def baseline_docs() -> None:
        for code in AGENCIES:
            document = Document()
            document.add_paragraph(code)
            document.save(str(out / f"baseline-{code}.docx"))

    rows = []
    made: list[research_pack.MadePack] = []

    def packs() -> None:
        made[:] = research_pack.make_packs(vault, meeting, AGENCIES, out)

    rows.append(("packs: 15 agencies x 25 cases", timed(packs, 3), timed(baseline_docs, 3), 10.0))

    pack = made[0].path
    answers = {}
    for case_id in ids:
        victim, perpetrator, child = person_ids(vault, case_id)
        answers[victim] = Answers(
            known="Yes",
            involvement="Open case",
            risks="Escalating",
            share=[("Bail conditions", "Fact", "")],
            held=[("x", "y")],
        )
        answers[perpetrator] = Answers(known="No")
        answers[child] = Answers(known="No")
    fill(pack, answers)

    def import_pack() -> None:
        research_import.run(vault, research_import.plan(vault, pack, meeting), replace=True)

    def baseline_read() -> None:
        etree.fromstring(zipfile.ZipFile(io.BytesIO(pack.read_bytes())).read("word/document.xml"))

    rows.append(
        ("import one filled 25-case pack", timed(import_pack, 5), timed(baseline_read, 5), 1.0)
    )

    case_id = ids[1]
    for code in AGENCIES:
        research.save_return(
            vault,
            meeting,
            case_id,
            code,
            findings(vault, case_id, code),
            source=Source.PHONE,
            source_note="bench",
            replace=True,
        )

    def summary() -> None:
        case_summary.load(vault, meeting, case_id, audit_view=False)

    def baseline_rows() -> None:
        vault.conn.execute(
            "SELECT i.* FROM research_items i JOIN research_returns r ON r.id = i.return_id "
            "WHERE r.case_id = ? AND r.current = 1",
            (case_id,),
        ).fetchall()

    rows.append(
        ("summary of a case, 15 returns", timed(summary, 30), timed(baseline_rows, 30), 0.05)
    )
    vault.close(action=None)
    print(
        f"{date.today()} · {platform.node()} · {platform.processor() or platform.machine()} · "
        f"Python {platform.python_version()}"
    )
    print(f"{'operation':34} {'time':>9} {'baseline':>9} {'ratio':>7} {'target':>8}")
    for name, took, base, target in rows:
        verdict = "ok" if took <= target else "OVER"
        print(
            f"{name:34} {took * 1000:7.0f}ms {base * 1000:7.1f}ms {took / base:7.1f} "
            f"{target * 1000:6.0f}ms {verdict}"
        )


if __name__ == "__main__":
    main()
