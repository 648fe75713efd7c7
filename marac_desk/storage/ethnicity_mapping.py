"""Ethnicities typed as text, before the referral form had the census groups: listed by
what was written, for a coordinator to choose each one's group. What was written stays
beside the group chosen; nothing is ever mapped without a coordinator choosing it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from marac_desk.domain.equality import ETHNICITIES
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import audit
from marac_desk.storage.vault import Vault

_UNMAPPED = """
SELECT r.id, r.case_id, json_extract(r.form, '$.victim.ethnicity')
FROM referrals r
WHERE coalesce(json_extract(r.form, '$.victim.ethnicity_category'), '') = ''
  AND trim(coalesce(json_extract(r.form, '$.victim.ethnicity'), '')) <> ''
"""


def written_key(text: str) -> str:
    """Spellings that differ only in case and spacing are one: "white  british" is
    "White British"."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class Written:
    key: str
    shown: str  # the spelling most referrals use
    referrals: int


def unmapped(vault: Vault) -> list[Written]:
    """What was written, most referrals first, for every referral with no group."""
    vault.require(Permission.EDIT_CASES)
    spellings: dict[str, Counter[str]] = {}
    for _id, _case, text in vault.conn.execute(_UNMAPPED):
        written = " ".join(str(text).split())
        spellings.setdefault(written_key(written), Counter())[written] += 1
    found = [
        Written(key, counts.most_common(1)[0][0], sum(counts.values()))
        for key, counts in spellings.items()
    ]
    return sorted(found, key=lambda w: (-w.referrals, w.key))


def choose(vault: Vault, chosen: dict[str, str]) -> int:
    """Give each written ethnicity (by `written_key`) the census group chosen for it, on
    every referral that has it and no group yet. Returns how many referrals changed; all
    or none (a group that is not a census group refuses the lot)."""
    vault.require(Permission.EDIT_CASES)
    wrong = sorted({g for g in chosen.values() if g not in ETHNICITIES})
    if wrong:
        raise ValidationError(
            f"“{wrong[0]}” is not one of the census groups the referral form lists: "
            "choose one from the list."
        )
    now = audit.now_iso()
    changed = 0
    with vault.transaction() as conn:
        rows = conn.execute(_UNMAPPED).fetchall()
        by_group: dict[str, list[int]] = {}
        updates: list[tuple[str, str, int]] = []
        for referral_id, case_id, text in rows:
            group = chosen.get(written_key(str(text)))
            if group is None:
                continue
            updates.append((group, now, int(referral_id)))
            by_group.setdefault(group, []).append(int(case_id))
        conn.executemany(
            "UPDATE referrals SET form = json_set(form, '$.victim.ethnicity_category', ?), "
            "updated_at = ? WHERE id = ?",
            updates,
        )
        changed = len(updates)
        for group, case_ids in sorted(by_group.items()):
            # The group and the cases, never what was written (the victim's own words).
            vault.audit("ethnicity_mapped", {"group": group, "case_ids": sorted(set(case_ids))})
    return changed
