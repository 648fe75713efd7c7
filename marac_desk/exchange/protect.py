"""Passwords on exported files, for agencies that ask for one.

PDF: AES-256 (PDF 2.0 / ISO 32000-2 security handler revision 6) by pypdf; reportlab's
own encryption is RC4 or an older AES variant. DOCX: ECMA-376 Agile encryption by
msoffcrypto-tool (AES-256-CBC, SHA-512, 100,000 key-derivation rounds), the method Word
itself uses for "Encrypt with password", which Word and LibreOffice open. Both are done
in memory: the unprotected file never reaches the disk.
"""

from __future__ import annotations

import io

from msoffcrypto.format.ooxml import OOXMLFile
from pypdf import PdfReader, PdfWriter


def protect_pdf(content: bytes, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(content)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def protect_docx(content: bytes, password: str) -> bytes:
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(content)).encrypt(password, out)
    return out.getvalue()
