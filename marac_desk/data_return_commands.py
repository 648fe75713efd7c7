"""`marac-desk data-return`: the quarter's return written into a folder, from the command
line, as the Data return page writes it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from marac_desk.errors import ValidationError

if TYPE_CHECKING:  # the vault's modules load only when a command runs
    from marac_desk.domain import dashboard as db
    from marac_desk.domain import data_return as dr
    from marac_desk.exchange import data_return_export as out
    from marac_desk.storage.vault import Vault

FORMATS = ("xlsx", "csv", "pdf")


def add_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    made = commands.add_parser(
        "data-return",
        parents=parents,
        help="write the quarterly data return (the SafeLives submission, or a local report)",
        description="Count the quarter's cases per meeting date as the SafeLives MARAC data "
        "return asks, and write them into DIR as XLSX, CSV and a PDF report. Without "
        "--suppress the files carry the real counts, for the submission to SafeLives; with "
        "it, a local report (steering group, partnership boards) in which counts below the "
        "setting 'Local reports show as fewer than N' are hidden, with any count that would "
        "let one be worked out. Every file says which it is.",
    )
    made.add_argument("--quarter", required=True, metavar="YYYYQn", help="e.g. 2026Q3")
    made.add_argument("--out", required=True, metavar="DIR", help="an existing folder")
    made.add_argument("--suppress", action="store_true", help="a local report: hide small counts")
    made.add_argument(
        "--format", choices=(*FORMATS, "all"), default="all", help="default: all three"
    )
    made.add_argument(
        "--replace", action="store_true", help="replace files of the same names in DIR"
    )


def build_report(
    vault: Vault,
    quarter: dr.Quarter,
    *,
    suppress: bool,
    result: dr.DataReturn | None = None,
    dashboard: db.Counted | None = None,
) -> out.Report:
    """The return for `quarter` with the dashboard for the year to its end, as a file (or
    a page showing what the file shows) holds them: real counts, or the local report's.
    `result` and `dashboard`, when given, are counts already made for the same quarter."""
    from marac_desk.domain import settings
    from marac_desk.exchange import data_return_export as out
    from marac_desk.storage import agencies, data_return
    from marac_desk.storage import dashboard as dashboards

    dashboard = dashboard or dashboards.make(vault, quarter)
    return out.report(
        result or dashboards.quarter_return(dashboard),
        out.Kind.LOCAL if suppress else out.Kind.SUBMISSION,
        marac=str(vault.setting(settings.MARAC_NAME)),
        categories=agencies.categories(vault.conn),
        threshold=data_return.suppression_threshold(vault),
        dashboard=dashboard,
    )


def export(
    vault: Vault,
    quarter_text: str,
    folder: Path,
    *,
    suppress: bool,
    formats: tuple[str, ...] = FORMATS,
    replace: bool = False,
) -> list[Path]:
    """Count and write the return; refused, with nothing written, when the quarter or the
    folder is wrong or a file would be overwritten without `replace`."""
    from marac_desk.domain import data_return as dr
    from marac_desk.domain import settings
    from marac_desk.exchange import data_return_export as out
    from marac_desk.storage import data_return

    try:
        quarter = dr.Quarter.parse(quarter_text)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    folder = folder.expanduser()
    if not folder.is_dir():
        raise ValidationError(f"{folder} is not a folder: create it first, or choose another.")
    report = build_report(vault, quarter, suppress=suppress)
    targets = [folder / f"{out.file_stem(report)}.{f}" for f in formats]
    existing = [t.name for t in targets if t.exists()]
    if existing and not replace:
        raise ValidationError(
            f"{', '.join(existing)} already in {folder}: choose another folder, or replace them."
        )
    marking = str(vault.setting(settings.PROTECTIVE_MARKING))
    made = out.write(report, folder, marking=marking, formats=formats)
    data_return.record_export(vault, quarter, report.kind.value, [p.name for p in made])
    return made


def data_return_command(vault: Vault, args: argparse.Namespace) -> None:
    formats = FORMATS if args.format == "all" else (args.format,)
    made = export(
        vault,
        args.quarter,
        Path(args.out),
        suppress=args.suppress,
        formats=formats,
        replace=args.replace,
    )
    for path in made:
        print(path.name)
    kind = "local report (small counts hidden)" if args.suppress else "SafeLives submission"
    print(f"{len(made)} files of the {kind} written to {Path(args.out).expanduser()}.")
