"""The agency directory in the vault: read by everyone signed in, changed by administrators."""

from __future__ import annotations

import contextlib
import functools
from dataclasses import replace
from typing import Any

from marac_desk import paths
from marac_desk.domain import agency_categories, settings
from marac_desk.domain.agencies import Agency, problems
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, minutes_passwords
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault, read_setting

_COLUMNS = (
    "id, code, name, type, spoc_name, spoc_role, spoc_email, spoc_phone, "
    "coalesce(isa_signed_on, ''), coalesce(isa_review_on, ''), coalesce(export_password, ''), "
    "active"
)
# Fields whose change is audited by name only: the password itself never enters the log.
_SECRET = {"export_password"}


def _from_row(row: tuple[Any, ...], vault: Vault | None = None) -> Agency:
    """An agency as stored; its minutes password opened only for an administrator whose
    sign-in opened the passwords' key (storage.minutes_passwords)."""
    stored = str(row[10] or "")
    password = ""
    if stored and vault is not None and vault.may(Permission.MANAGE_AGENCIES):
        with contextlib.suppress(minutes_passwords.PasswordKeyMissingError):
            password = minutes_passwords.reveal(vault, int(row[0]), stored)
    return Agency(
        id=int(row[0]),
        code=row[1],
        name=row[2],
        type=str(row[3]),
        spoc_name=row[4],
        spoc_role=row[5],
        spoc_email=row[6],
        spoc_phone=row[7],
        isa_signed_on=row[8],
        isa_review_on=row[9],
        export_password=password,
        export_password_set=bool(stored),
        active=bool(row[11]),
    )


@functools.cache
def shipped_categories() -> tuple[agency_categories.Category, ...]:
    path = paths.resources_dir() / "agency_categories.json"
    return agency_categories.parse_shipped(path.read_text("utf-8"))


def categories(conn: Connection) -> tuple[agency_categories.Category, ...]:
    """The referring-agency categories here: the return's, then the area's own."""
    extra = read_setting(conn, settings.EXTRA_AGENCY_CATEGORIES)
    return agency_categories.categories(shipped_categories(), str(extra or ""))


def list_agencies(vault: Vault, *, include_inactive: bool = True) -> list[Agency]:
    where = "" if include_inactive else "WHERE active = 1"
    rows = vault.conn.execute(f"SELECT {_COLUMNS} FROM agencies {where} ORDER BY name, code")
    return [_from_row(r, vault) for r in rows.fetchall()]


def get(vault: Vault, code: str) -> Agency | None:
    row = vault.conn.execute(
        f"SELECT {_COLUMNS} FROM agencies WHERE code = ?", (code.strip(),)
    ).fetchone()
    if row is None:
        return None
    return _from_row(row, vault)


def _clean(agency: Agency) -> Agency:
    return replace(
        agency,
        code=agency.code.strip().upper(),
        name=agency.name.strip(),
        spoc_name=agency.spoc_name.strip(),
        spoc_role=agency.spoc_role.strip(),
        spoc_email=agency.spoc_email.strip(),
        spoc_phone=agency.spoc_phone.strip(),
        isa_signed_on=agency.isa_signed_on.strip(),
        isa_review_on=agency.isa_review_on.strip(),
    )


def save(vault: Vault, agency: Agency) -> Agency:
    """Add a new agency (id None) or change one; validated, audited, one transaction."""
    vault.require(Permission.MANAGE_AGENCIES)
    agency = _clean(agency)
    found = problems(agency)
    if found:
        raise ValidationError(" ".join(message for _, message in found))
    known = categories(vault.conn)
    kept_type = vault.conn.execute(
        "SELECT type FROM agencies WHERE id = ?", (agency.id,)
    ).fetchone()
    offered = {c.key for c in agency_categories.offered(known)}
    # An agency recorded under a category no longer offered may keep it while other
    # details change; a new one, or a change of category, must be one on the list.
    if agency.type not in offered and (kept_type is None or kept_type[0] != agency.type):
        raise ValidationError("Choose the agency's category from the list.")
    clash = vault.conn.execute(
        "SELECT id FROM agencies WHERE code = ? AND id IS NOT ?", (agency.code, agency.id)
    ).fetchone()
    if clash is not None:
        raise ValidationError(f"Another agency already has the code {agency.code}.")
    values = (
        agency.code,
        agency.name,
        agency.type,
        agency.spoc_name,
        agency.spoc_role,
        agency.spoc_email,
        agency.spoc_phone,
        agency.isa_signed_on or None,
        agency.isa_review_on or None,
    )
    now = audit.now_iso()
    with vault.transaction() as conn:
        if agency.id is None:
            cursor = conn.execute(
                "INSERT INTO agencies (code, name, type, spoc_name, spoc_role, spoc_email, "
                "spoc_phone, isa_signed_on, isa_review_on, active, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, int(agency.active), now, now),
            )
            saved = replace(
                agency,
                id=int(cursor.lastrowid or 0),
                export_password_set=bool(agency.export_password),
            )
            if agency.export_password:
                conn.execute(
                    "UPDATE agencies SET export_password = ? WHERE id = ?",
                    (
                        minutes_passwords.store(vault, saved.id or 0, agency.export_password),
                        saved.id,
                    ),
                )
            vault.audit("agency_added", {"agency": agency.code})
        else:
            before_row = conn.execute(
                f"SELECT {_COLUMNS} FROM agencies WHERE id = ?", (agency.id,)
            ).fetchone()
            if before_row is None:
                raise ValidationError("That agency is no longer in the directory.")
            before = _from_row(before_row, vault)
            kept = str(before_row[10] or "")
            if agency.export_password:
                stored: str | None = (
                    kept
                    if agency.export_password == before.export_password and kept
                    else minutes_passwords.store(vault, agency.id, agency.export_password)
                )
            else:
                # Not typed: kept when one is set and this reader could not open it,
                # cleared when an administrator who could emptied the field.
                stored = kept if agency.export_password_set and kept else None
            agency = replace(agency, export_password_set=bool(stored))
            changed = sorted(
                name
                for name in Agency.__dataclass_fields__
                if getattr(before, name) != getattr(agency, name)
            )
            if not changed:
                return agency
            conn.execute(
                "UPDATE agencies SET code = ?, name = ?, type = ?, spoc_name = ?, spoc_role = ?, "
                "spoc_email = ?, spoc_phone = ?, isa_signed_on = ?, isa_review_on = ?, "
                "export_password = ?, active = ?, updated_at = ? WHERE id = ?",
                (*values, stored, int(agency.active), now, agency.id),
            )
            if before.code != agency.code:
                # Accounts and referrals name agencies by code: keep them pointing here.
                renamed = conn.execute(
                    "UPDATE users SET agency_code = ? WHERE agency_code = ?",
                    (agency.code, before.code),
                ).rowcount
                if renamed and vault.slots.accounts_key is not None:
                    # The accounts are signed as they stand, agency codes included.
                    from marac_desk.storage import signed_accounts

                    seed = signed_accounts.require_key(vault)
                    signed_accounts.sign(conn, vault.slots, seed)
                conn.execute(
                    "UPDATE referrals SET referring_agency = ? WHERE referring_agency = ?",
                    (agency.code, before.code),
                )
            saved = agency
            vault.audit(
                "agency_changed",
                {
                    "agency": agency.code,
                    "fields": changed,
                    "secret_changed": bool(_SECRET & set(changed)),
                },
            )
    return saved
