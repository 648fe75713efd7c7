"""Rendering one minutes file: what each rendering process runs.

Kept apart from minutes_export (which plans, writes and logs, and so brings the vault, its
cryptography and the file-protection libraries) because every rendering process imports
the module its work is defined in: one that needs only the document and the two document
libraries starts quicker and holds about 20 MiB less, on each core. The libraries that
add a password are loaded only for a file that gets one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from marac_desk.domain.minutes import Minutes
from marac_desk.domain.minutes_files import DocumentKind, Format
from marac_desk.exchange import minutes_files


@dataclass(frozen=True)
class Job:
    """One file to render: plain data, so it can go to another process."""

    minutes: Minutes
    document_id: str
    format: Format
    password: str  # "" for none
    target: Path
    kind: DocumentKind
    override: str


def render(job: Job) -> bytes:
    """The file's bytes, protected with the agency's password when it has one."""
    if job.format is Format.PDF:
        content = minutes_files.pdf_bytes(job.minutes, job.document_id)
    else:
        content = minutes_files.docx_bytes(job.minutes, job.document_id)
    if not job.password:
        return content
    from marac_desk.exchange import protect

    if job.format is Format.PDF:
        return protect.protect_pdf(content, job.password)
    return protect.protect_docx(content, job.password)
