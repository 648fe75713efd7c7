"""The commands that bring earlier work in: `import-register` (a case register, CSV or
XLSX) and `import-research` (filled-in research packs and sealed research returns)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from marac_desk.errors import ValidationError

if TYPE_CHECKING:  # the vault's modules load only when a command runs
    from marac_desk.storage.vault import Vault


def _mapping(headers: list[str], given: list[str]) -> dict[str, int]:
    from marac_desk.domain.register_columns import COLUMNS, guess_mapping, normalise_header

    mapping = guess_mapping(headers)
    by_name = {normalise_header(c.header): c.key for c in COLUMNS} | {c.key: c.key for c in COLUMNS}
    for item in given:
        column, _, heading = item.partition("=")
        key = by_name.get(normalise_header(column)) or by_name.get(column.strip())
        if key is None or not heading.strip():
            raise ValidationError(
                f"--map {item!r}: write a template column, '=', then the file's heading."
            )
        matches = [i for i, h in enumerate(headers) if h.strip() == heading.strip()]
        if not matches:
            raise ValidationError(f"--map {item!r}: the file has no heading {heading.strip()!r}.")
        mapping = {k: i for k, i in mapping.items() if i != matches[0]}
        mapping[key] = matches[0]
    return mapping


def import_register(args: argparse.Namespace, sign_in: Callable[[], Vault]) -> int:
    from marac_desk.domain.register_columns import COLUMN_BY_KEY, mapping_problems
    from marac_desk.exchange.table_files import read_table
    from marac_desk.storage import register_import

    source = Path(args.file).expanduser()
    table = read_table(source, encoding=args.encoding, sheet=args.sheet)
    mapping = _mapping(table.headers, args.map)
    problems = mapping_problems(table.headers, mapping)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        raise ValidationError("The file's columns do not fit: nothing was imported.")
    vault = sign_in()
    try:
        planned = register_import.preview(vault, table, mapping)
        print(f"{source.name}: {len(table.rows):,} rows read.")
        for heading in sorted(mapping, key=mapping.__getitem__):
            print(f"  {table.headers[mapping[heading]]!r} -> {COLUMN_BY_KEY[heading].header}")
        if planned.unused_columns:
            print(f"Columns not imported: {', '.join(planned.unused_columns)}")
        for label, count in planned.counts().items():
            print(f"  {label}: {count:,}")
        if planned.without_incident_date:
            print(
                f"  without an incident date: {planned.without_incident_date:,} (the referral "
                "date is used for their repeat window)"
            )
        for found in planned.problems:
            kind = "problem" if found in planned.errors else "check"
            print(f"{kind}: {found.line()}")
        for duplicate in planned.duplicates:
            print(
                f"possible duplicate: row {duplicate.row} and {duplicate.other} "
                f"({'; '.join(duplicate.reasons)})"
            )
        if not planned.can_import:
            print("Nothing was imported: correct the problem rows and run this again.")
            return 1
        if args.dry_run:
            print("Dry run: nothing was imported.")
            return 0
        result = register_import.run(vault, planned, source=source.name)
    finally:
        vault.close(action="sign_out")
    print(f"Imported {result.created:,} cases; {result.skipped_already_imported:,} already there.")
    return 0


def import_research(args: argparse.Namespace, sign_in: Callable[[], Vault]) -> int:
    from marac_desk.errors import MaracDeskError
    from marac_desk.exchange import research_import

    vault = sign_in()
    failed = 0
    try:
        for name in args.files:
            path = Path(name).expanduser()
            try:
                planned = research_import.plan(vault, path)
                cases = ", ".join(r.reference for r in planned.returns)
                print(
                    f"{path.name}: {planned.agency_name}, meeting on "
                    f"{planned.meeting.details.title}: {cases}"
                )
                for row in research_import.preview(vault, planned):
                    what = "replaces the earlier return" if row.replaces else "new return"
                    counts = ", ".join(
                        f"{n} {kind.label.lower()}" for kind, n in row.counts.items() if n
                    )
                    print(
                        f"  {row.reference}, {row.person}: {row.known.label.lower()}"
                        f"{'; ' + counts if counts else ''} ({what})"
                    )
                for warning in planned.warnings:
                    print(f"  read generously: {warning}")
                if args.dry_run:
                    print("  dry run: nothing was imported.")
                    continue
                count = research_import.run(vault, planned, replace=args.replace)
                print(f"  imported {count} case{'s' if count != 1 else ''}.")
            except MaracDeskError as exc:
                failed += 1
                print(f"refused: {exc}", file=sys.stderr)
    finally:
        vault.close(action="sign_out")
    if failed:
        print(f"{failed} of {len(args.files)} files were not imported.", file=sys.stderr)
        return 1
    return 0
