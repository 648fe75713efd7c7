"""The administrators' commands for minutes: `export-minutes` and `find-document`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from marac_desk.errors import ValidationError

if TYPE_CHECKING:  # the vault's modules load only when a command runs
    from marac_desk.storage.vault import Vault


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    export = commands.add_parser(
        "export-minutes",
        parents=parents,
        help="export a closed meeting's minutes for every agency (or one) as PDF and DOCX",
        description="Write the minutes of the meeting held on DATE into DIR: the MARAC's "
        "full record and, for each agency involved, its own version holding only what it may "
        "read (or its action plan, when the agency is set to receive only that). Files are "
        "named by the setting 'File names for minutes', encrypted when the agency has an "
        "export password, written all or nothing, and logged with the document id printed "
        "on every page. Agencies without a current information-sharing agreement are "
        "refused unless --override gives a reason.",
    )
    export.add_argument("--meeting", required=True, metavar="DATE", help="meeting date, YYYY-MM-DD")
    export.add_argument(
        "--agency",
        action="append",
        default=None,
        metavar="CODE",
        help="only this agency (repeat for more); without it, the record and every agency",
    )
    export.add_argument(
        "--format", choices=("pdf", "docx", "all"), default="all", help="default: all"
    )
    export.add_argument("--out", required=True, metavar="DIR", help="an existing folder")
    export.add_argument(
        "--override",
        action="append",
        default=[],
        metavar="CODE=REASON",
        help="send to an agency without a current information-sharing agreement, and why",
    )
    export.add_argument(
        "--replace", action="store_true", help="replace files of the same names in DIR"
    )
    find = commands.add_parser(
        "find-document",
        parents=parents,
        help="find which export a document id (printed on every page of minutes) came from",
        description="Look a document id up in the distribution log: the meeting, the "
        "agency it was made for, the file, who made it and when, and how it was sent.",
    )
    find.add_argument("document_id", metavar="ID", help="as printed, e.g. MD-7K3PX-QR2F9-0ABCD")


def meeting_on(vault: Vault, text: str) -> int:
    from marac_desk.storage import meetings

    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"--meeting {text!r} is not a date: give it as YYYY-MM-DD.") from None
    found = [m for m in meetings.listed(vault) if m.details.meeting_date == day]
    if not found:
        raise ValidationError(f"There is no meeting on {day.isoformat()} in this vault.")
    if len(found) > 1:
        raise ValidationError(
            f"There are {len(found)} meetings on {day.isoformat()}: export from the app, "
            "where each meeting can be chosen."
        )
    return found[0].meeting_id


def _overrides(given: list[str]) -> dict[str, str]:
    reasons: dict[str, str] = {}
    for item in given:
        code, sep, reason = item.partition("=")
        if not sep or not code.strip() or not reason.strip():
            raise ValidationError(f"--override {item!r}: give it as CODE=REASON.")
        reasons[code.strip().upper()] = reason.strip()
    return reasons


def export_minutes(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.domain.minutes_files import Format
    from marac_desk.exchange.minutes_export import export_minutes as export

    meeting_id = meeting_on(vault, args.meeting)
    formats = [Format.PDF, Format.DOCX] if args.format == "all" else [Format(args.format)]
    produced = export(
        vault,
        meeting_id,
        Path(args.out),
        agencies=args.agency,
        formats=formats,
        overrides=_overrides(args.override),
        include_record=args.agency is None,
        replace=args.replace,
    )
    for item in produced:
        flags = " (password-protected)" if item.protected else ""
        flags += " (sent without a current agreement)" if item.override else ""
        print(f"{item.document_id}  {item.file_name}{flags}")
    print(f"{len(produced)} files written to {Path(args.out).expanduser()} and logged.")


def find_document(vault: Vault, args: argparse.Namespace) -> bool:
    from marac_desk.storage import distribution

    entry = distribution.find(vault, args.document_id)
    if entry is None:
        print(f"No file with the document id {args.document_id} was made from this vault.")
        return False
    made = entry.produced
    print(f"Document {made.document_id}")
    print(f"  Meeting:   {entry.meeting_date}")
    print(f"  For:       {made.agency_code or 'the MARAC record'} ({made.kind.label})")
    print(f"  File:      {made.file_name} ({made.format.label}, SHA-256 {made.content_hash})")
    print(f"  Made by:   {entry.produced_by} at {entry.produced_at}")
    if made.override:
        print(f"  Sent without a current agreement because: {made.override}")
    if entry.sent_at:
        print(f"  Sent:      {entry.sent_at}, {entry.sent_how} (recorded by {entry.sent_by})")
    else:
        print("  Sent:      not recorded")
    return True
