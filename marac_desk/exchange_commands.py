"""Commands for sealed exchange files, on both sides: key cards and fingerprints, research
requests sent by the MARAC, and requests opened and answered in an agency workspace."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from marac_desk.domain.actions import ActionStatus
from marac_desk.errors import ValidationError

if TYPE_CHECKING:  # the vault's modules load only when a command runs
    from marac_desk.exchange.key_card import KeyCard
    from marac_desk.storage.vault import Vault


def add_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    card = commands.add_parser(
        "key-card",
        parents=parents,
        help="write this vault's key card (its public exchange key) and print its fingerprint",
        description="Write the key card of this MARAC or agency workspace into FILE, to give "
        "to the other side, and print its fingerprint to read out over the phone. A key card "
        "holds no secret.",
    )
    card.add_argument("--out", required=True, metavar="FILE", help="e.g. police.marac-key")
    record = commands.add_parser(
        "record-key",
        parents=parents,
        help="record the other side's key card (an agency's, or your MARAC's)",
        description="In a MARAC's vault, record an agency workspace's key card against the "
        "agency it names; in an agency workspace, record the MARAC's. The key is unconfirmed "
        "until `confirm-key` is given the fingerprint the other side reads out.",
    )
    record.add_argument("file", metavar="FILE", help="the .marac-key file")
    confirm = commands.add_parser(
        "confirm-key",
        parents=parents,
        help="confirm a recorded key with the fingerprint the other side read out",
    )
    confirm.add_argument("fingerprint", metavar="FINGERPRINT", help="as read out, e.g. ABCD-EFGH")
    confirm.add_argument(
        "--agency", default=None, metavar="CODE", help="in a MARAC's vault: whose key"
    )
    send = commands.add_parser(
        "send-research-request",
        parents=parents,
        help="seal a research request for each agency named, into a folder",
        description="For the meeting on DATE, write one sealed research request per agency "
        "(only that agency's workspace can open it) into DIR, and record each as a pack.",
    )
    send.add_argument("--meeting", required=True, metavar="DATE", help="meeting date, YYYY-MM-DD")
    send.add_argument("--agency", action="append", required=True, metavar="CODE")
    send.add_argument("--out", required=True, metavar="DIR", help="an existing folder")
    send.add_argument(
        "--unconfirmed",
        action="store_true",
        help="also send to an agency whose key's fingerprint was never confirmed (audited)",
    )
    opening = commands.add_parser(
        "open-request",
        parents=parents,
        help="in an agency workspace: open a research request file from the MARAC",
    )
    opening.add_argument("file", metavar="FILE", help="the .marac file")
    answer = commands.add_parser(
        "send-research-return",
        parents=parents,
        help="in an agency workspace: seal the research entered for a request to the MARAC",
    )
    answer.add_argument("--request", required=True, type=int, metavar="N", help="as listed")
    answer.add_argument("--out", required=True, metavar="DIR", help="an existing folder")
    answer.add_argument(
        "--unconfirmed",
        action="store_true",
        help="send even though the MARAC's fingerprint was never confirmed (audited)",
    )


def add_action_parsers(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    parents: list[argparse.ArgumentParser],
) -> None:
    plan = commands.add_parser(
        "send-action-plan",
        parents=parents,
        help="seal an agency's outstanding actions to its workspace",
    )
    plan.add_argument("--agency", action="append", required=True, metavar="CODE")
    plan.add_argument("--out", required=True, metavar="DIR", help="an existing folder")
    plan.add_argument("--unconfirmed", action="store_true", help="as for research requests")
    opening = commands.add_parser(
        "open-action-plan",
        parents=parents,
        help="in an agency workspace: take in an action plan file from the MARAC",
    )
    opening.add_argument("file", metavar="FILE")
    update = commands.add_parser(
        "update-action",
        parents=parents,
        help="in an agency workspace: record how one of your actions went",
    )
    update.add_argument("action", type=int, metavar="N", help="the action's number, as listed")
    update.add_argument(
        "--status",
        required=True,
        choices=[s.value for s in ActionStatus if s is not ActionStatus.OPEN],
    )
    update.add_argument("--note", default="", help="what was done, or why not")
    answer = commands.add_parser(
        "send-action-update",
        parents=parents,
        help="in an agency workspace: seal the updates recorded since the last one",
    )
    answer.add_argument("--out", required=True, metavar="DIR", help="an existing folder")
    answer.add_argument("--unconfirmed", action="store_true", help="as for research returns")
    taking = commands.add_parser(
        "import-action-update",
        parents=parents,
        help="take in an action update file from an agency's workspace",
        description="Check an action update completely (sealed to this MARAC, signed by the "
        "agency's recorded key, only for actions sent to that agency in a plan, never taken "
        "before) and record each update in the action's history, in one transaction.",
    )
    taking.add_argument("file", metavar="FILE")


def send_action_plans(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import action_exchange

    folder = _folder(args.out)
    for code in args.agency:
        path, count = action_exchange.make_plan(vault, code, folder, unconfirmed=args.unconfirmed)
        print(f"{code.upper()}: {count} action{'s' if count != 1 else ''} sealed to {path}")


def open_action_plan(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import workspace_actions

    path = Path(args.file).expanduser()
    count = workspace_actions.open_plan(vault, _read(path), path.name)
    print(f"{count} action{'s' if count != 1 else ''} taken in from {path.name}:")
    for action in workspace_actions.listed(vault):
        due = action.due_on or "no deadline"
        print(f"  {action.action_key}: {action.reference}, due {due}: {action.text}")


def update_action(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import workspace_actions

    workspace_actions.record_update(vault, args.action, ActionStatus(args.status), args.note)
    print(f"Update to action {args.action} kept; send it with `send-action-update`.")


def send_action_update(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import workspace_actions

    path, count = workspace_actions.make_update(
        vault, _folder(args.out), unconfirmed=args.unconfirmed
    )
    print(f"{count} update{'s' if count != 1 else ''} sealed to {path}.")


def import_action_update(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import action_exchange

    planned = action_exchange.plan_updates(vault, Path(args.file).expanduser())
    count = action_exchange.take_updates(vault, planned)
    print(f"{planned.agency_name}: {count} action update{'s' if count != 1 else ''} recorded.")
    for update in planned.updates:
        print(f"  {update.reference}: {update.status.label}: {update.note}")


def _folder(text: str) -> Path:
    folder = Path(text).expanduser()
    if not folder.is_dir():
        raise ValidationError(f"{folder} is not a folder: give an existing folder with --out.")
    return folder


def _read(path: Path) -> bytes:
    from marac_desk.exchange.sealed import read_file

    try:
        return read_file(path)
    except OSError as exc:
        raise ValidationError(f"{path.name}: the file cannot be read ({exc.strerror}).") from exc


def key_card(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.domain import settings as defs
    from marac_desk.exchange import workspace
    from marac_desk.exchange.key_card import make_card
    from marac_desk.fileio import atomic_write_bytes
    from marac_desk.storage import exchange_identity

    identity = exchange_identity.identity(vault)
    if exchange_identity.is_workspace(vault):
        found = workspace.info(vault)
        body = make_card(identity, "agency", found.agency_name, found.agency_code)
    else:
        body = make_card(identity, "marac", str(vault.setting(defs.MARAC_NAME)))
    target = Path(args.out).expanduser()
    atomic_write_bytes(target, body)
    print(f"Key card written to {target}.")
    print(f"Fingerprint: {identity.public.fingerprint}")
    print("Read the fingerprint to the other side over the phone when they record the card.")


def _card(path: Path) -> KeyCard:
    from marac_desk.exchange.key_card import MAX_BYTES, read_card

    try:
        with path.expanduser().open("rb") as handle:
            return read_card(handle.read(MAX_BYTES + 1))
    except OSError as exc:
        raise ValidationError(f"{path.name}: the file cannot be read ({exc.strerror}).") from exc


def record_key(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import workspace
    from marac_desk.storage import agency_keys, exchange_identity

    card = _card(Path(args.file))
    if exchange_identity.is_workspace(vault):
        found = workspace.record_marac_key(vault, card)
        print(f"Recorded the key of {found.marac_name}: fingerprint {found.marac_fingerprint}.")
        then = "`marac-desk confirm-key FINGERPRINT`"
    else:
        key = agency_keys.record_key(vault, card.agency_code, card)
        print(f"Recorded the key of {key.code} ({key.name}): fingerprint {key.fingerprint}.")
        then = f"`marac-desk confirm-key FINGERPRINT --agency {key.code}`"
    print("Not confirmed yet: ask the other side to read their fingerprint out, then run")
    print(f"{then}.")


def confirm_key(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import workspace
    from marac_desk.storage import agency_keys, exchange_identity

    if exchange_identity.is_workspace(vault):
        found = workspace.confirm_marac_key(vault, args.fingerprint)
        print(f"Confirmed the key of {found.marac_name} ({found.marac_fingerprint}).")
        return
    if not args.agency:
        raise ValidationError("Name the agency whose key this is with --agency CODE.")
    key = agency_keys.confirm_key(vault, args.agency, args.fingerprint)
    print(f"Confirmed the key of {key.code} ({key.name}, {key.fingerprint}).")


def send_requests(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import research_exchange
    from marac_desk.minutes_commands import meeting_on

    meeting_id = meeting_on(vault, args.meeting)
    folder = _folder(args.out)
    for code in args.agency:
        made = research_exchange.make_request(
            vault, meeting_id, code, folder, unconfirmed=args.unconfirmed
        )
        note = "" if made.confirmed else " (to a key whose fingerprint is not confirmed)"
        print(f"{made.agency_code}: {made.path}{note}")


def open_request(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import workspace

    path = Path(args.file).expanduser()
    request_id = workspace.open_request(vault, _read(path), path.name)
    request, _ = workspace.load_request(vault, request_id)
    deadline = request.deadline.isoformat() if request.deadline else "none given"
    print(
        f"Request {request_id} from {request.marac_name}: meeting on {request.meeting_title}, "
        f"research due {deadline}, {len(request.cases)} cases."
    )
    for case in request.cases:
        people = "; ".join(f"{p.role.label} {p.name}" for p in case.people)
        print(f"  {case.reference}: {people}")
    print("Enter the research in the app (Research requests), then send the return.")


def send_return(vault: Vault, args: argparse.Namespace) -> None:
    from marac_desk.exchange import workspace

    folder = _folder(args.out)
    path, count = workspace.make_return(vault, args.request, folder, unconfirmed=args.unconfirmed)
    print(f"Research return for {count} case{'s' if count != 1 else ''} sealed to {path}.")
