"""Exporting a meeting's minutes: every recipient's version, in each format, into one
folder, all or nothing, each file logged with its document id.

In three steps, so that the slow middle one can run away from the database's thread:
`prepare` reads the vault and checks everything (who receives what, agreements and
overrides, file names); `write` renders every file, on several processor cores when
there are enough files to gain from it, and puts them in place only when all of them
rendered; `record` logs them. `export_minutes` does all three, for scripts and tests.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from marac_desk.crash_output import forbid_core_dumps
from marac_desk.domain import settings as defs
from marac_desk.domain.action_plan import action_plan_for
from marac_desk.domain.distribution import Recipient
from marac_desk.domain.minutes import FULL_RECORD, RECORD_LABEL, MeetingFacts, Minutes, minutes_for
from marac_desk.domain.minutes_files import DocumentKind, Format, file_stem
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError, disk_error_message
from marac_desk.exchange.minutes_render import Job, render
from marac_desk.fileio import fsync_dir
from marac_desk.storage import conference, distribution, meetings, minutes
from marac_desk.storage.distribution import Produced
from marac_desk.storage.vault import Vault

Progress = Callable[[str, float], None]
# Below this many files a second process costs more to start than it saves.
_PARALLEL_FROM = 6


def document_for(facts: MeetingFacts, code: str, kind: DocumentKind) -> Minutes:
    if kind is DocumentKind.ACTIONS:
        return action_plan_for(facts, code)
    return minutes_for(facts, code)


def preview(vault: Vault, meeting_id: int, code: str, kind: DocumentKind) -> Minutes:
    """What one recipient would be sent, to read on screen. Audited as a preview."""
    facts = minutes.gather(vault, meeting_id)
    document = document_for(facts, code, kind)
    with vault.transaction():
        vault.audit(
            "minutes_previewed",
            {"meeting_id": meeting_id, "agency": code or RECORD_LABEL, "kind": kind.value},
        )
    return document


@dataclass(frozen=True)
class ExportPlan:
    meeting_id: int
    folder: Path
    jobs: tuple[Job, ...]


def _chosen(
    listed: Sequence[Recipient], codes: Sequence[str] | None, include_record: bool
) -> list[Recipient]:
    if codes is None:
        return [r for r in listed if include_record or r.code != FULL_RECORD]
    wanted = [c.strip().upper() for c in codes]
    known = {r.code for r in listed}
    missing = [c for c in wanted if c not in known]
    if missing:
        raise ValidationError(
            f"{', '.join(missing)} receives nothing from this meeting: it is not involved in "
            "any case discussed and owns no action reviewed."
        )
    keep = set(wanted) | ({FULL_RECORD} if include_record else set())
    return [r for r in listed if r.code in keep]


def prepare(
    vault: Vault,
    meeting_id: int,
    folder: Path,
    *,
    agencies: Sequence[str] | None = None,
    formats: Sequence[Format] = (Format.PDF, Format.DOCX),
    overrides: Mapping[str, str] | None = None,
    include_record: bool = True,
    replace: bool = False,
    today: date | None = None,
) -> ExportPlan:
    """Check everything and decide every file; nothing is written."""
    vault.require(Permission.EXPORT_MINUTES)
    held = conference.read(vault.conn, meeting_id)
    if held is None or not held.closed:
        raise ValidationError(
            "Close the meeting first: minutes go out once the record of the meeting is "
            "complete (Conference, then Close the meeting)."
        )
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise ValidationError(f"There is no folder {folder}. Choose a folder that exists.")
    if not formats:
        raise ValidationError("Choose at least one format: PDF, DOCX or both.")
    facts = minutes.gather(vault, meeting_id)
    chosen = _chosen(
        distribution.plan(vault, facts, today or date.today()), agencies, include_record
    )
    reasons = {code.upper(): why.strip() for code, why in (overrides or {}).items()}
    unapproved = [r for r in chosen if r.needs_override and not reasons.get(r.code)]
    if unapproved:
        listed = "; ".join(f"{r.name} ({r.agreement.lower()})" for r in unapproved)
        raise ValidationError(
            f"Minutes cannot go without a current information-sharing agreement: {listed}. "
            "Give a reason to send them anyway, or leave these agencies out."
        )
    pattern = str(vault.setting(defs.MINUTES_FILE_PATTERN))
    meeting_date = meetings.read(vault.conn, meeting_id).details.meeting_date
    jobs: list[Job] = []
    for recipient in chosen:
        document = document_for(facts, recipient.code, recipient.kind)
        stem = file_stem(
            pattern,
            meeting_date=meeting_date,
            marac=facts.marac_name,
            kind=recipient.kind,
            agency=recipient.name,
            code=recipient.code,
        )
        password = distribution.export_password(vault, recipient.code) if recipient.code else ""
        for fmt in formats:
            jobs.append(
                Job(
                    document,
                    distribution.new_document_id(),
                    fmt,
                    password,
                    folder / f"{stem}.{fmt.value}",
                    recipient.kind,
                    reasons.get(recipient.code, "") if recipient.needs_override else "",
                )
            )
    _check_names(jobs, replace)
    return ExportPlan(meeting_id, folder, tuple(jobs))


def _check_names(jobs: Sequence[Job], replace: bool) -> None:
    seen: dict[str, Job] = {}
    for job in jobs:
        key = job.target.name.casefold()
        if key in seen:
            raise ValidationError(
                f"Two files would both be called {job.target.name}. Add {{code}} to the file "
                "name pattern in Settings so that each agency's file has its own name."
            )
        seen[key] = job
    existing = [job.target.name for job in jobs if job.target.exists()]
    if existing and not replace:
        raise ValidationError(
            f"The folder already holds {existing[0]}"
            + (f" and {len(existing) - 1} more of these files" if len(existing) > 1 else "")
            + ". Choose an empty folder, or replace them."
        )


def render_all(jobs: Sequence[Job], progress: Progress, workers: int | None) -> list[bytes]:
    count = workers or min(os.cpu_count() or 1, 8)
    if count < 2 or len(jobs) < _PARALLEL_FROM:
        rendered = []
        for n, job in enumerate(jobs, start=1):
            rendered.append(render(job))
            progress(f"Rendered {n} of {len(jobs)} files", n / len(jobs) * 0.9)
        return rendered
    # Spawned, not forked: a fork of a process running Qt threads can deadlock, and
    # spawn is what Windows and macOS do anyway. The jobs travel by pipe, never by disk.
    context = multiprocessing.get_context("spawn")
    # A spawned worker is a new program (dumpable again on Linux) and holds case data.
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=forbid_core_dumps
    ) as pool:
        rendered = []
        for n, content in enumerate(pool.map(render, jobs), start=1):
            rendered.append(content)
            progress(f"Rendered {n} of {len(jobs)} files", n / len(jobs) * 0.9)
        return rendered


def write(
    plan: ExportPlan, progress: Progress | None = None, workers: int | None = None
) -> list[Produced]:
    """Render every file, then put them all in place: on any failure none is left."""
    report = progress or (lambda _message, _fraction: None)
    try:
        rendered = render_all(plan.jobs, report, workers)
    except Exception as exc:  # a render failure is a defect, but it must not half-export
        raise MaracDeskError(
            f"The minutes could not be written ({str(exc).rstrip('.')}). No file was saved."
        ) from exc
    parts: list[Path] = []
    placed: list[Path] = []
    try:
        for job, content in zip(plan.jobs, rendered, strict=True):
            part = job.target.with_name(f".{job.target.name}.part")
            parts.append(part)
            with part.open("wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
        report("Putting the files in place", 0.95)
        for job, part in zip(plan.jobs, parts, strict=True):
            part.replace(job.target)
            placed.append(job.target)
        fsync_dir(plan.folder)
    except OSError as exc:
        for path in (*parts, *placed):
            with contextlib.suppress(OSError):
                path.unlink()
        raise MaracDeskError(
            disk_error_message("Saving the minutes", exc) + " No minutes file was left behind."
        ) from exc
    return [
        Produced(
            job.document_id,
            job.minutes.recipient,
            job.kind,
            job.format,
            job.target.name,
            hashlib.sha256(content).hexdigest(),
            bool(job.password),
            job.override,
        )
        for job, content in zip(plan.jobs, rendered, strict=True)
    ]


def record(vault: Vault, plan: ExportPlan, produced: Sequence[Produced]) -> None:
    """Log the files written. If the log cannot be written, the files are removed: no
    minutes file exists that the log does not know."""
    try:
        with vault.transaction() as conn:
            distribution.log(conn, vault, plan.meeting_id, produced)
    except BaseException:
        for job in plan.jobs:
            with contextlib.suppress(OSError):
                job.target.unlink()
        raise


def export_minutes(
    vault: Vault,
    meeting_id: int,
    folder: Path,
    *,
    agencies: Sequence[str] | None = None,
    formats: Sequence[Format] = (Format.PDF, Format.DOCX),
    overrides: Mapping[str, str] | None = None,
    include_record: bool = True,
    replace: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list[Produced]:
    """Prepare, write and record, in one call (the choices are `prepare`'s)."""
    plan = prepare(
        vault,
        meeting_id,
        folder,
        agencies=agencies,
        formats=formats,
        overrides=overrides,
        include_record=include_record,
        replace=replace,
    )
    produced = write(plan, progress, workers)
    record(vault, plan, produced)
    return produced
