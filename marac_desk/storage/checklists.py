"""Risk checklists: the ones shipped in resources/checklists and any an area adds.

An administrator adds an area's licensed wording or another tool (young people's,
Northern Ireland, police) from a checklist file; it is checked, then kept in the vault
so that backups carry it. A referral records which checklist and version it was scored
on, so older referrals keep their meaning when a new version arrives; a checklist once
added is never removed, for the same reason.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from marac_desk import paths
from marac_desk.domain import settings as setting_defs
from marac_desk.domain.dash import Checklist, parse_checklist
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault, read_setting

DEFAULT_KEY = setting_defs.DEFAULT_CHECKLIST
# A checklist is a few kilobytes of labels; anything far larger is the wrong file.
MAX_FILE_BYTES = 1_000_000


def _parse(text: str, source: str) -> Checklist:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            f"{source}: not a checklist file: the JSON is broken at line {exc.lineno}, "
            f"column {exc.colno} ({exc.msg})."
        ) from None
    return parse_checklist(data, source)


def _read(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ValidationError(
                f"{path.name}: too large for a checklist file (at most 1 MB); "
                "choose the checklist's .json file."
            )
        return path.read_text("utf-8")
    except UnicodeDecodeError:
        raise ValidationError(
            f"{path.name}: not a checklist file (it is not UTF-8 text); "
            "choose the checklist's .json file."
        ) from None
    except OSError as exc:
        raise ValidationError(f"{path.name}: cannot be read ({exc.strerror or exc}).") from None


def load_file(path: Path) -> Checklist:
    return _parse(_read(path), path.name)


@cache
def shipped() -> dict[str, Checklist]:
    found: dict[str, Checklist] = {}
    for path in sorted((paths.resources_dir() / "checklists").glob("*.json")):
        checklist = load_file(path)
        found[checklist.key] = checklist
    return found


@cache
def _stored(key: str, document: str) -> Checklist:
    # Parsed once per document: the referral form asks on every check while typing.
    return _parse(document, key)


def available(conn: Connection) -> dict[str, Checklist]:
    """Shipped checklists first, then the ones this MARAC added, oldest first."""
    found = dict(shipped())
    for key, document in conn.execute("SELECT key, document FROM checklists ORDER BY added_at"):
        found.setdefault(key, _stored(key, document))
    return found


def default() -> Checklist:
    return shipped()[DEFAULT_KEY]


def for_new_referrals(conn: Connection) -> Checklist:
    """The checklist a new referral starts on: the MARAC's setting, if still installed."""
    key = read_setting(conn, setting_defs.DASH_CHECKLIST)
    return available(conn).get(str(key), default())


def recorded_key(doc: Mapping[str, Any]) -> str:
    dash = doc.get("dash")
    key = dash.get("checklist") if isinstance(dash, Mapping) else None
    return key if isinstance(key, str) else ""


def for_referral(doc: Mapping[str, Any], conn: Connection) -> Checklist:
    """The checklist a referral was scored on (the default when it names none)."""
    key = recorded_key(doc)
    # Bulk writers (import, training data) call this per row: the shipped checklists
    # answer without a query, so only a referral on an added checklist reads the vault.
    if not key or key in shipped():
        return shipped().get(key, default())
    return available(conn).get(key, default())


def is_missing(doc: Mapping[str, Any], conn: Connection) -> bool:
    """The referral names a checklist this vault does not hold."""
    key = recorded_key(doc)
    return bool(key) and key not in available(conn)


def add(vault: Vault, path: Path) -> Checklist:
    """Check a checklist file and keep it in the vault. Adding the same file twice is a no-op;
    a different file under a version already held is refused (referrals depend on it)."""
    vault.require(Permission.CHANGE_SETTINGS)
    text = _read(path)  # read once: what is checked is what is kept
    checklist = _parse(text, path.name)
    document = json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True)
    held = available(vault.conn).get(checklist.key)
    if held is not None:
        if held == checklist:
            return held
        raise ValidationError(
            f"{path.name}: a different checklist called {checklist.key} is already installed. "
            "Give the new wording its own version in the file's 'version' field."
        )
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO checklists (key, document, added_at, added_by) VALUES (?, ?, ?, ?)",
            (checklist.key, document, audit.now_iso(), vault.actor),
        )
        vault.audit(
            "checklist_added",
            {"checklist": checklist.key, "questions": len(checklist.questions)},
        )
    return checklist
