"""The command line: the app itself, and administrators' commands for scripts."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from marac_desk import (
    __version__,
    data_return_commands,
    exchange_commands,
    import_commands,
    minutes_commands,
)
from marac_desk.crash_output import debugging
from marac_desk.domain.roles import Permission
from marac_desk.errors import MaracDeskError, ValidationError, WrongCredentialsError
from marac_desk.interaction import OTHER_VAULT_TITLE, Asker
from marac_desk.paths import DATA_DIR_ENV, resolve_data_dir

if TYPE_CHECKING:
    from marac_desk.storage.vault import Vault

PASSWORD_ENV = "MARAC_DESK_PASSWORD"  # noqa: S105 - the variable's name, not a password
# For restore: the password as it was when the backup was made, when it has changed since.
BACKUP_PASSWORD_ENV = "MARAC_DESK_BACKUP_PASSWORD"  # noqa: S105 - a name, not a password
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(MaracDeskError):
    """A command-line problem, reported in one line."""


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        default=argparse.SUPPRESS,
        metavar="DIR",
        help=f"folder that holds the vault (default: ${DATA_DIR_ENV}, else the user data folder)",
    )
    common.add_argument(
        "--wait",
        type=float,
        default=argparse.SUPPRESS,
        metavar="SECONDS",
        help="if the vault is open in another marac-desk, wait up to SECONDS for it to close "
        "(default: do not wait)",
    )
    unlocking = argparse.ArgumentParser(add_help=False)
    unlocking.add_argument(
        "--user",
        default=None,
        help="account to sign in as (default: the only account); "
        f"password from ${PASSWORD_ENV} or a prompt",
    )

    parser = argparse.ArgumentParser(
        prog="marac-desk",
        parents=[common],
        description="marac-desk: run MARACs from an encrypted local vault. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"marac-desk {__version__}")
    parser.add_argument(
        "--training",
        action="store_true",
        help="open on a throwaway vault of fictional data; the real vault is not touched",
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="with --training: keep the training vault in DIR between days (made there the "
        "first time); DIR must not hold any other vault",
    )
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="make a temporary vault, migrate it, write a one-page PDF and DOCX, and exit 0",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    init = commands.add_parser(
        "init",
        parents=[common],
        help="create a vault and its first administrator",
        description="Create a vault and its first administrator, and print the recovery key. "
        f"Non-interactive when ${PASSWORD_ENV} is set.",
    )
    init.add_argument("--user", default=None, help="user name of the first administrator")
    init.add_argument("--full-name", default=None, help="their full name (default: the user name)")
    init.add_argument("--marac-name", default=None, help="the MARAC's name, e.g. 'Northtown MARAC'")
    init.add_argument(
        "--agency",
        default=None,
        metavar="CODE",
        help="make an agency workspace instead, for the agency the MARAC knows as CODE "
        "(e.g. POLICE): where its representative answers research requests",
    )
    init.add_argument("--agency-name", default=None, help="with --agency: the agency's name")

    commands.add_parser(
        "verify",
        parents=[common, unlocking],
        help="check the vault's encryption, structure and audit chain",
        description="Check every encrypted page, the database structure and the audit log's "
        "hash chain. Exit status 0 only when all are sound.",
    )
    backup = commands.add_parser(
        "backup",
        parents=[common, unlocking],
        help="write an encrypted, verified backup",
        description="Write the vault and its key slots to one encrypted file, read it back "
        "and verify it.",
    )
    backup.add_argument("--to", required=True, metavar="FILE", help="backup file (or folder)")
    restore = commands.add_parser(
        "restore",
        parents=[common, unlocking],
        help="replace the vault with a backup",
        description="Replace the vault with a backup. The account must be an administrator "
        "in the backup; the current vault is kept as a safety copy.",
    )
    restore.add_argument("--from", dest="source", required=True, metavar="FILE")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    restore.add_argument(
        "--other-vault",
        action="store_true",
        help="with --yes: also restore a backup of a different vault (another MARAC's)",
    )
    importing = commands.add_parser(
        "import-register",
        parents=[common, unlocking],
        help="bring an earlier case register (CSV or XLSX) into the vault",
        description="Read an earlier case register, print what would be created, skipped "
        "and refused, with every problem row, and import it all in one transaction when no "
        "row has a problem. Re-importing the same file creates nothing new.",
    )
    importing.add_argument("file", metavar="FILE", help="the register, .csv or .xlsx")
    importing.add_argument(
        "--dry-run", action="store_true", help="only print the preview; change nothing"
    )
    importing.add_argument(
        "--encoding",
        choices=("utf-8", "cp1252"),
        default="utf-8",
        help="the encoding of a CSV file (default utf-8; cp1252 for Excel's older CSV)",
    )
    importing.add_argument("--sheet", default=None, help="the sheet of a workbook (default: first)")
    importing.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=HEADING",
        help="which of the file's headings holds a template column, e.g. "
        "--map 'Victim surname=Client Surname' (repeat as needed)",
    )
    research_in = commands.add_parser(
        "import-research",
        parents=[common, unlocking],
        help="import filled-in research packs (DOCX), one or many",
        description="Read each research pack returned by an agency, print what it says "
        "for which cases and anything that had to be read generously, and import it in one "
        "transaction. A file that cannot be read, belongs to another meeting or vault, or "
        "whose identifiers were changed is refused and changes nothing; the other files "
        "still import. A case the agency already returned is refused unless --replace is "
        "given (the earlier return is kept in the history).",
    )
    research_in.add_argument("files", nargs="+", metavar="FILE", help="filled-in packs (.docx)")
    research_in.add_argument(
        "--replace", action="store_true", help="replace earlier returns from the same agency"
    )
    research_in.add_argument(
        "--dry-run", action="store_true", help="only check and print; change nothing"
    )
    training = commands.add_parser(
        "make-training-vault",
        parents=[common],
        help="create a vault of fictional cases for training and benchmarks",
        description="Create a new vault in --data-dir holding N fictional referrals "
        "(varied names, about 31%% repeats with typos and aliases, children in about half, "
        "transfers). Sign in as 'trainee' with the password 'training-only'.",
    )
    minutes_commands.add_parsers(commands, [common, unlocking])
    data_return_commands.add_parser(commands, [common, unlocking])
    exchange_commands.add_parsers(commands, [common, unlocking])
    exchange_commands.add_action_parsers(commands, [common, unlocking])
    training.add_argument("--cases", type=int, required=True, metavar="N")
    training.add_argument("--seed", type=int, default=2026, help="the same seed, the same data")
    return parser


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    handlers: dict[str | None, Callable[[argparse.Namespace, Path], int]] = {
        "init": cmd_init,
        "verify": cmd_verify,
        "backup": cmd_backup,
        "restore": cmd_restore,
        "import-register": cmd_import_register,
        "import-research": cmd_import_research,
        "make-training-vault": cmd_make_training_vault,
        "export-minutes": cmd_export_minutes,
        "find-document": cmd_find_document,
        "data-return": _signed_in(data_return_commands.data_return_command),
        "key-card": _signed_in(exchange_commands.key_card),
        "record-key": _signed_in(exchange_commands.record_key),
        "confirm-key": _signed_in(exchange_commands.confirm_key),
        "send-research-request": _signed_in(exchange_commands.send_requests),
        "open-request": _signed_in(exchange_commands.open_request),
        "send-research-return": _signed_in(exchange_commands.send_return),
        "send-action-plan": _signed_in(exchange_commands.send_action_plans),
        "open-action-plan": _signed_in(exchange_commands.open_action_plan),
        "update-action": _signed_in(exchange_commands.update_action),
        "send-action-update": _signed_in(exchange_commands.send_action_update),
        "import-action-update": _signed_in(exchange_commands.import_action_update),
    }
    try:
        if args.smoke_test:
            from marac_desk.smoke import smoke_test

            return smoke_test(print)
        if args.command is None:
            from marac_desk.ui.app import run_app

            if args.keep is not None and not args.training:
                raise ValidationError(
                    "--keep goes with --training: marac-desk --training --keep DIR"
                )
            return run_app(data_dir=data_dir, training=args.training, keep=args.keep)
        with _folder_held(args, data_dir):
            return handlers[args.command](args, data_dir)
    except MaracDeskError as exc:
        print(f"marac-desk: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("marac-desk: cancelled; nothing more was done.", file=sys.stderr)
        return 130
    except Exception as exc:
        from marac_desk.storage.faults import as_user_error

        known = as_user_error(exc, f"`marac-desk {args.command}`")
        if known is not None:
            print(f"marac-desk: {known}", file=sys.stderr)
            return EXIT_FAILED
        print(
            f"marac-desk: unexpected internal error ({type(exc).__name__}). "
            "Run `marac-desk verify`, and report this to whoever supports marac-desk.",
            file=sys.stderr,
        )
        if debugging():
            traceback.print_exception(exc, file=sys.stderr)
        return EXIT_FAILED


@contextlib.contextmanager
def _folder_held(args: argparse.Namespace, data_dir: Path) -> Iterator[None]:
    """Hold the data folder's lock for the whole command, so that the command and a window
    (or another command) never write to the vault at once."""
    if not data_dir.is_dir():
        yield  # nothing to lock yet: `init` makes the folder and locks it itself
        return
    from marac_desk.storage import folder_lock

    purpose = f"the `marac-desk {args.command}` command"
    wait = max(0.0, float(getattr(args, "wait", 0) or 0))
    try:
        lock = folder_lock.acquire(data_dir, purpose)
    except folder_lock.VaultInUseError as exc:
        if not wait:
            raise CommandError(f"{exc} Or add --wait SECONDS to wait for it.") from exc
        print(f"marac-desk: {exc}", file=sys.stderr)
        print(f"marac-desk: waiting up to {wait:g} seconds (Ctrl+C to stop)…", file=sys.stderr)
        sys.stderr.flush()
        lock = folder_lock.acquire(data_dir, purpose, wait_seconds=wait)
    try:
        yield
    finally:
        lock.release()


def _password(prompt: str, *, confirm: bool = False) -> str:
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env is not None:
        return from_env
    if not sys.stdin.isatty():
        raise CommandError(f"No password: set {PASSWORD_ENV}, or run this in a terminal.")
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != first:
        raise ValidationError("The two passwords are different. Nothing was changed.")
    return first


def _ask(prompt: str) -> str:
    if not sys.stdin.isatty():
        raise CommandError(f"{prompt.strip(': ')} is needed: give it as an option.")
    return input(prompt).strip()


def _default_user(data_dir: Path, given: str | None) -> str:
    if given:
        return given
    from marac_desk.security.keyslots import KeySlots
    from marac_desk.storage.vault import require_vault

    slots = KeySlots.load(require_vault(data_dir).keyslots)
    if len(slots.users) == 1:
        return next(iter(slots.users))
    raise CommandError("This vault has several accounts: name one with --user.")


def _sign_in(args: argparse.Namespace, data_dir: Path) -> Vault:
    from marac_desk.storage.vault import require_vault, sign_in

    require_vault(data_dir)
    user = _default_user(data_dir, args.user)
    vault = sign_in(data_dir, user, _password(f"Password for {user}: "))
    for problem in vault.audit_warnings:
        print(f"marac-desk: warning: {problem} Run `marac-desk verify`.", file=sys.stderr)
    for notice in vault.notices:
        print(f"marac-desk: warning: {notice}", file=sys.stderr)
    return vault


def _signed_in(
    command: Callable[[Vault, argparse.Namespace], None],
) -> Callable[[argparse.Namespace, Path], int]:
    def run_signed_in(args: argparse.Namespace, data_dir: Path) -> int:
        vault = _sign_in(args, data_dir)
        try:
            command(vault, args)
        finally:
            vault.close(action="sign_out")
        return EXIT_OK

    return run_signed_in


def cmd_init(args: argparse.Namespace, data_dir: Path) -> int:
    from marac_desk.exchange.workspace import create_workspace
    from marac_desk.storage.vault_paths import VaultPaths
    from marac_desk.storage.vault_setup import create_vault, refuse_existing

    # Before any question: a folder holding any part of a vault is never set up again.
    refuse_existing(VaultPaths(data_dir))
    if args.agency_name and not args.agency:
        raise CommandError("--agency-name goes with --agency CODE.")
    user = args.user or _ask(
        "User name for the first " + ("representative: " if args.agency else "administrator: ")
    )
    if args.agency:
        agency_name = args.agency_name or _ask("The agency's name: ")
        password = _password(f"Choose a password for {user}: ", confirm=True)
        vault, recovery = create_workspace(
            data_dir,
            agency_code=args.agency,
            agency_name=agency_name,
            username=user,
            full_name=args.full_name or user,
            password=password,
        )
        described = f"an agency workspace for {agency_name} ({args.agency.strip().upper()})"
    else:
        marac_name = args.marac_name or _ask("The MARAC's name: ")
        password = _password(f"Choose a password for {user}: ", confirm=True)
        vault, recovery = create_vault(
            data_dir,
            marac_name=marac_name,
            username=user,
            full_name=args.full_name or user,
            password=password,
        )
        described = f"the vault for {marac_name}"
    vault.close(action=None)
    print(f"Made {described} in {data_dir}, with administrator {vault.user.username}.")
    if args.agency:
        print("Next: `marac-desk key-card --out FILE` writes this workspace's key card for the")
        print("MARAC, and `marac-desk record-key FILE` records the MARAC's card here.")
    print()
    print("RECOVERY KEY (shown only now):")
    print(f"    {recovery}")
    print()
    print("Print it or write it down, and keep it offline in a locked place away from this")
    print("computer. It opens the vault if every password is lost. Anyone holding it can")
    print("open the vault, so never email it or save it on this computer.")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace, data_dir: Path) -> int:
    from marac_desk.storage.integrity import verify

    vault = _sign_in(args, data_dir)
    try:
        report = verify(vault)
    finally:
        vault.close(action="sign_out")
    for line in report.lines():
        print(line)
    if not report.ok:
        print(
            "marac-desk: the vault has problems: restore the latest good backup.", file=sys.stderr
        )
        return EXIT_FAILED
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, data_dir: Path) -> int:
    from marac_desk.storage.backup import create_backup

    vault = _sign_in(args, data_dir)
    try:
        info = create_backup(vault, Path(args.to).expanduser())
    finally:
        vault.close(action="sign_out")
    print(f"Backup written and verified: {info.path} ({info.size:,} bytes, SHA-256 {info.sha256})")
    return EXIT_OK


class _TerminalAsker:
    def confirm(self, title: str, message: str) -> bool:
        print(message)
        return input("Type 'restore' to go ahead: ").strip().lower() == "restore"

    def progress(self, message: str, fraction: float | None = None) -> None:
        print(message)


def cmd_restore(args: argparse.Namespace, data_dir: Path) -> int:
    from marac_desk.errors import RateLimitedError
    from marac_desk.storage.backup import BackupKeyError, restore_backup, summarise
    from marac_desk.storage.vault import sign_in
    from marac_desk.storage.vault_paths import VaultPaths

    source = Path(args.source).expanduser()
    if not args.yes and not sys.stdin.isatty():
        raise CommandError(
            "restore replaces the vault: add --yes to confirm when not in a terminal."
        )
    user = args.user or _default_user_for_restore(data_dir)
    password = _password(f"Password for {user}: ")
    current = None
    keys: list[bytes] = []
    if VaultPaths(data_dir).exists():
        # The vault here may be replaced only by one of its own administrators, while it
        # opens at all: a backup and its old password are not enough on their own.
        try:
            vault = sign_in(data_dir, user, password)
        except (WrongCredentialsError, RateLimitedError) as exc:
            raise CommandError(
                f"The vault in {data_dir} opens, so restoring over it needs the password of "
                f"one of its administrators: {exc} Nothing was changed."
            ) from exc
        except MaracDeskError as exc:
            print(
                f"marac-desk: the vault here cannot be opened ({exc}); restoring over it.",
                file=sys.stderr,
            )
        else:
            try:
                if not vault.may(Permission.BACKUP_RESTORE):
                    raise CommandError(
                        f"{user} is not an administrator of the vault in {data_dir}, so cannot "
                        "restore over it. Nothing was changed."
                    )
                current = summarise(vault.conn)
                keys = [vault.key]
            finally:
                vault.close(action=None)
    asker: Asker = _YesToAll(args.other_vault) if args.yes else _TerminalAsker()
    try:
        result = restore_backup(
            data_dir,
            source,
            username=user,
            password=password,
            keys=keys,
            asker=asker,
            current=current,
        )
    except (BackupKeyError, WrongCredentialsError):
        # The backup is from before a password change or key rotation: its own password.
        older = os.environ.get(BACKUP_PASSWORD_ENV)
        if older is None:
            if not sys.stdin.isatty():
                raise
            older = getpass.getpass(f"Password for {user} as it was when the backup was made: ")
        result = restore_backup(
            data_dir, source, username=user, password=older, asker=asker, current=current
        )
    if result is None:
        print("Restore cancelled; nothing was changed.")
        return EXIT_FAILED
    print(f"Restored {source.name} into {data_dir}.")
    if result.kept_copy:
        print(f"The vault it replaced is kept (still encrypted) in {result.kept_copy}.")
    return EXIT_OK


class _YesToAll:
    """--yes: every question answered yes, but restoring another vault's backup only with
    --other-vault as well."""

    def __init__(self, other_vault: bool) -> None:
        self.other_vault = other_vault

    def confirm(self, title: str, message: str) -> bool:
        if title == OTHER_VAULT_TITLE and not self.other_vault:
            print(
                f"marac-desk: {message} Add --other-vault to confirm it with --yes.",
                file=sys.stderr,
            )
            return False
        return True

    def progress(self, message: str, fraction: float | None = None) -> None:
        print(message)


def _default_user_for_restore(data_dir: Path) -> str:
    try:
        return _default_user(data_dir, None)
    except MaracDeskError as exc:
        raise CommandError("Name the administrator account with --user.") from exc


def cmd_import_register(args: argparse.Namespace, data_dir: Path) -> int:
    return import_commands.import_register(args, lambda: _sign_in(args, data_dir))


def cmd_import_research(args: argparse.Namespace, data_dir: Path) -> int:
    return import_commands.import_research(args, lambda: _sign_in(args, data_dir))


def cmd_make_training_vault(args: argparse.Namespace, data_dir: Path) -> int:
    from marac_desk.storage.training import make_training_vault
    from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER

    if not 1 <= args.cases <= 500_000:
        raise CommandError("--cases is a number from 1 to 500000.")
    vault = make_training_vault(data_dir, args.cases, seed=args.seed)
    vault.close(action=None)
    print(f"Training vault with {args.cases:,} fictional cases created in {data_dir}.")
    print(f"Sign in as {TRAINING_USER} with the password {TRAINING_PASSWORD}.")
    return EXIT_OK


def cmd_export_minutes(args: argparse.Namespace, data_dir: Path) -> int:
    vault = _sign_in(args, data_dir)
    try:
        minutes_commands.export_minutes(vault, args)
    finally:
        vault.close(action="sign_out")
    return EXIT_OK


def cmd_find_document(args: argparse.Namespace, data_dir: Path) -> int:
    vault = _sign_in(args, data_dir)
    try:
        found = minutes_commands.find_document(vault, args)
    finally:
        vault.close(action="sign_out")
    return EXIT_OK if found else EXIT_FAILED
