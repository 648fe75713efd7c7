"""A DOCX of minutes opened by LibreOffice (headless, converted to PDF): proof that an
ordinary word processor reads what marac-desk writes. Skipped where LibreOffice is not
installed (CI has only what the project installs); run locally, where it is."""

from __future__ import annotations

import shutil

import pytest

from marac_desk.domain.minutes import minutes_for
from marac_desk.exchange import minutes_files
from marac_desk.storage import minutes as gathered
from tests.exchange.minutes_checks import libreoffice_pdf, pdf_text

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed here")
def test_libreoffice_opens_an_agencys_minutes(held, tmp_path) -> None:
    vault, meeting_id = held
    facts = gathered.gather(vault, meeting_id)
    document = minutes_for(facts, "HOUSING")
    source = tmp_path / "housing.docx"
    source.write_bytes(minutes_files.docx_bytes(document, "MD-LIBRE-OFFIC-E0000"))
    text = pdf_text(libreoffice_pdf(str(OFFICE), source, tmp_path))
    assert facts.marking in text and "MD-LIBRE-OFFIC-E0000" in text
    for case in facts.cases:
        assert (case.reference in text) == ("HOUSING" in case.involved)
