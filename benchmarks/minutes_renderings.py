"""PNG renderings of exported minutes, to look at as a recipient would: page 1 and 2 of
one agency's PDF, and the same agency's DOCX as LibreOffice lays it out. Needs pdftoppm
(poppler-utils) and, for the DOCX, LibreOffice.

    .venv/bin/python benchmarks/minutes_renderings.py [OUT_DIR]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from marac_desk.exchange import minutes_export
from marac_desk.storage import meetings, training_meeting
from marac_desk.storage.training import make_training_vault
from marac_desk.storage.vault import discard_data_dir

AGENCY = "HOUSING"


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "renderings").resolve()
    out.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="marac-desk-renderings-"))
    vault = make_training_vault(folder / "vault", 60)
    try:
        meeting = max(m.meeting_id for m in meetings.listed(vault))
        training_meeting.hold(vault, meeting)
        produced = minutes_export.export_minutes(
            vault,
            meeting,
            out,
            agencies=[AGENCY],
            include_record=False,
            overrides={"HEALTH-MH": "Renderings of fictional data"},
            replace=True,
        )
    finally:
        vault.close(action=None)
        discard_data_dir(folder)
    for item in produced:
        path = out / item.file_name
        if item.file_name.endswith(".docx"):
            office = shutil.which("soffice") or shutil.which("libreoffice")
            if office is None:
                print("LibreOffice is not installed: no rendering of the DOCX")
                continue
            subprocess.run(
                [office, "--headless", "--convert-to", "pdf", "--outdir",
                 str(out / "libreoffice"), str(path)],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
            path = out / "libreoffice" / path.with_suffix(".pdf").name
        prefix = out / f"{AGENCY.lower()}-{item.format.value}"
        subprocess.run(
            ["pdftoppm", "-r", "80", "-png", "-f", "1", "-l", "2", str(path), str(prefix)],
            check=True,
        )
        print(f"{item.file_name}: {prefix}-01.png, {prefix}-02.png")


if __name__ == "__main__":
    main()
