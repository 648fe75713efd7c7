"""The quarterly data return from the vault: the facts of each case the quarter's meetings
discussed, read in two queries with only the form fields the return needs (json_extract,
never the whole form), then counted by domain.data_return."""

from __future__ import annotations

import functools
import json
from datetime import date
from typing import Any

from marac_desk import paths
from marac_desk.domain import data_return as dr
from marac_desk.domain import settings
from marac_desk.domain.agency_categories import Category
from marac_desk.domain.dates import parse_iso
from marac_desk.domain.roles import Permission
from marac_desk.storage import agencies
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault, read_setting

# Cases listed on a meeting up to the quarter's end, and those an earlier register says
# were heard in it; for each, its latest referral.
_WANTED = """
WITH wanted(case_id) AS (
    SELECT a.case_id FROM agenda_items a JOIN meetings m ON m.id = a.meeting_id
    WHERE m.meeting_date BETWEEN :first AND :last
    UNION
    SELECT r.case_id FROM referrals r
    WHERE json_extract(r.form, '$.referral.heard_on') BETWEEN :first AND :last
)
"""
_FACTS = (
    _WANTED
    + """
SELECT c.id, c.reference, c.is_repeat, r.referring_agency, coalesce(ag.type, ''),
       coalesce(r.referral_date, json_extract(r.form, '$.referral.referral_date'), ''),
       json_extract(r.form, '$.referral.heard_on'),
       json_extract(r.form, '$.victim.ethnicity_category'),
       json_extract(r.form, '$.victim.ethnicity'),
       json_extract(r.form, '$.victim.lgbt'),
       json_extract(r.form, '$.victim.disability'),
       json_extract(r.form, '$.victim.gender'),
       json_extract(r.form, '$.victim.date_of_birth'),
       json_extract(r.form, '$.victim.age_band'),
       json_extract(r.form, '$.children'),
       json_extract(r.form, '$.perpetrators'),
       json_extract(r.form, '$.idva.outcome')
FROM wanted w
JOIN cases c ON c.id = w.case_id
JOIN referrals r ON r.id = (SELECT max(id) FROM referrals WHERE case_id = w.case_id)
LEFT JOIN agencies ag ON ag.code = r.referring_agency COLLATE NOCASE
"""
)
_LISTED = (
    _WANTED
    + """
SELECT a.case_id, m.meeting_date, cf.meeting_id IS NOT NULL, cr.opened_at IS NOT NULL
FROM wanted w
JOIN agenda_items a ON a.case_id = w.case_id
JOIN meetings m ON m.id = a.meeting_id
LEFT JOIN conferences cf ON cf.meeting_id = m.id
LEFT JOIN case_records cr ON cr.meeting_id = m.id AND cr.case_id = a.case_id
WHERE m.meeting_date <= :last
"""
)


@functools.cache
def ethnicity_groups() -> dr.EthnicityGroups:
    path = paths.resources_dir() / "ethnicity_groups.json"
    return dr.parse_ethnicity_groups(path.read_text("utf-8"))


def _text(value: Any) -> str:
    return "" if value is None or isinstance(value, (dict, list)) else str(value).strip()


def _people(value: Any) -> list[dict[str, Any]]:
    try:
        found = json.loads(value) if isinstance(value, str) else []
    except ValueError:
        return []
    return [p for p in found if isinstance(p, dict)] if isinstance(found, list) else []


def case_facts(
    conn: Connection, first: date, last: date, known: tuple[Category, ...]
) -> list[dr.CaseFacts]:
    """The facts of every case that may count between two days (a quarter, a year)."""
    bounds = {"first": first.isoformat(), "last": last.isoformat()}
    listed: dict[int, list[dr.MeetingEntry]] = {}
    for case_id, day, live, opened in conn.execute(_LISTED, bounds):
        parsed = parse_iso(str(day))
        if parsed is not None:
            listed.setdefault(int(case_id), []).append(
                dr.MeetingEntry(parsed, bool(live), bool(opened))
            )
    police = {c.key for c in known if c.police}
    facts: list[dr.CaseFacts] = []
    for row in conn.execute(_FACTS, bounds):
        children = _people(row[14])
        living, unknown = dr.children_counts(children)
        referral_date = _text(row[5])
        facts.append(
            dr.CaseFacts(
                case_id=int(row[0]),
                reference=str(row[1]),
                repeat=bool(row[2]),
                meetings=tuple(listed.get(int(row[0]), ())),
                heard_on=_text(row[6]),
                referral_date=referral_date,
                agency_category=str(row[4]) if row[3] else "",
                agency_is_police=str(row[4]) in police,
                ethnicity_category=_text(row[7]),
                ethnicity_written=_text(row[8]),
                lgbt=_text(row[9]),
                disability=_text(row[10]),
                gender=_text(row[11]),
                date_of_birth=_text(row[12]),
                age_band=_text(row[13]),
                children_in_household=living,
                children_not_recorded=unknown,
                perpetrator_under_18=dr.perpetrator_under_18(_people(row[15]), referral_date),
                idva_outcome=_text(row[16]),
            )
        )
    return facts


def category_keys(conn: Connection, known: tuple[Category, ...]) -> tuple[str, ...]:
    """The categories the return lists: the return's own (not the old single health
    type, unless an agency still has it) and the area's."""
    used = {str(r[0]) for r in conn.execute("SELECT DISTINCT type FROM agencies")}
    return tuple(c.key for c in known if not c.legacy or c.key in used)


def make(vault: Vault, quarter: dr.Quarter, *, today: date | None = None) -> dr.DataReturn:
    """The quarter's return, counted from the vault (coordinators and administrators).

    The cases behind each count come back only to someone who may read every case; for
    anyone else (an administrator) the counts carry no case, so no screen or file made
    from them can show one."""
    vault.require(Permission.MAKE_DATA_RETURN)
    conn = vault.conn
    known = agencies.categories(conn)
    result = dr.count(
        case_facts(conn, quarter.first_day, quarter.last_day, known),
        quarter,
        groups=ethnicity_groups(),
        categories=category_keys(conn, known),
        today=today or date.today(),
    )
    if may_see_cases(vault):
        return result
    return dr.without_cases(result)


def suppression_threshold(vault: Vault) -> int:
    return int(read_setting(vault.conn, settings.SUPPRESS_BELOW))


def may_see_cases(vault: Vault) -> bool:
    """Who may open the cases behind a count: those who may read every case."""
    return vault.may(Permission.VIEW_ALL_CASES)


def record_export(vault: Vault, quarter: dr.Quarter, kind: str, files: list[str]) -> None:
    """An audit entry for each return written out: which quarter, suppressed or not."""
    with vault.transaction():
        vault.audit("data_return_exported", {"quarter": quarter.code, "kind": kind, "files": files})
