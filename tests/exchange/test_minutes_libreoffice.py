"""A DOCX of minutes opened by LibreOffice (headless, converted to PDF): proof that an
ordinary word processor reads what marac-desk writes. Skipped where LibreOffice is not
installed (CI has only what the project installs); run locally, where it is."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from marac_desk.domain.minutes import minutes_for
from marac_desk.exchange import minutes_files
from marac_desk.storage import minutes as gathered
from tests.exchange.minutes_checks import pdf_text

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed here")
def test_libreoffice_opens_an_agencys_minutes(held, tmp_path) -> None:
    vault, meeting_id = held
    facts = gathered.gather(vault, meeting_id)
    document = minutes_for(facts, "HOUSING")
    source = tmp_path / "housing.docx"
    source.write_bytes(minutes_files.docx_bytes(document, "MD-LIBRE-OFFIC-E0000"))
    subprocess.run(
        [
            OFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = pdf_text((tmp_path / "housing.pdf").read_bytes())
    assert facts.marking in text and "MD-LIBRE-OFFIC-E0000" in text
    for case in facts.cases:
        assert (case.reference in text) == ("HOUSING" in case.involved)
