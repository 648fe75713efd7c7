"""The quarterly data return from the vault: the facts of each case the quarter's meetings
discussed, read in two queries with only the form fields the return needs (json_extract,
never the whole form), then counted by domain.data_return."""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
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
    SELECT f.case_id FROM referral_facts f WHERE f.heard_on BETWEEN :first AND :last
)
"""
# The fields come from referral_facts, which triggers keep from each form (schema 17):
# one short JSON array per referral, so a year's count never parses a whole form.
_FACTS = (
    _WANTED
    + """
SELECT c.id, c.reference, c.is_repeat, f.referring_agency, coalesce(ag.type, ''), f.fields
FROM wanted w
JOIN cases c ON c.id = w.case_id
JOIN referral_facts f ON f.referral_id = (SELECT max(id) FROM referrals WHERE case_id = w.case_id)
LEFT JOIN agencies ag ON ag.code = f.referring_agency COLLATE NOCASE
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
    if isinstance(value, str):  # nearly always: the form holds text
        return value.strip()
    return "" if value is None or isinstance(value, (dict, list)) else str(value).strip()


def _listed(value: Any) -> list[dict[str, Any]]:
    """The people of a list on the form (children, perpetrators); nothing else."""
    return [p for p in value if isinstance(p, dict)] if isinstance(value, list) else []


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
    for case_id, reference, repeat, agency, category, fields in conn.execute(_FACTS, bounds):
        (written_date, heard_on, ethnic_group, ethnicity, lgbt, disability, gender, born,
         band, children, perpetrators, idva) = json.loads(fields)  # fmt: skip
        living, unknown = dr.children_counts(_listed(children))
        referral_date = _text(written_date)
        facts.append(
            dr.CaseFacts(
                case_id=int(case_id),
                reference=str(reference),
                repeat=bool(repeat),
                meetings=tuple(listed.get(int(case_id), ())),
                heard_on=_text(heard_on),
                referral_date=referral_date,
                agency_category=str(category) if agency else "",
                agency_is_police=str(category) in police,
                ethnicity_category=_text(ethnic_group),
                ethnicity_written=_text(ethnicity),
                lgbt=_text(lgbt),
                disability=_text(disability),
                gender=_text(gender),
                date_of_birth=_text(born),
                age_band=_text(band),
                children_in_household=living,
                children_not_recorded=unknown,
                perpetrator_under_18=dr.perpetrator_under_18(_listed(perpetrators), referral_date),
                idva_outcome=_text(idva),
            )
        )
    return facts


def category_keys(conn: Connection, known: tuple[Category, ...]) -> tuple[str, ...]:
    """The categories the return lists: the return's own (not the old single health
    type, unless an agency still has it) and the area's."""
    used = {str(r[0]) for r in conn.execute("SELECT DISTINCT type FROM agencies")}
    return tuple(c.key for c in known if not c.legacy or c.key in used)


def make(
    vault: Vault,
    quarter: dr.Quarter,
    *,
    today: date | None = None,
    facts: Sequence[dr.CaseFacts] | None = None,
) -> dr.DataReturn:
    """The quarter's return, counted from the vault (coordinators and administrators).
    `facts`: the case facts already read for a period holding the quarter (the
    dashboard's year), so they are not read twice.

    The cases behind each count come back only to someone who may read every case; for
    anyone else (an administrator) the counts carry no case, so no screen or file made
    from them can show one."""
    vault.require(Permission.MAKE_DATA_RETURN)
    conn = vault.conn
    known = agencies.categories(conn)
    result = dr.count(
        facts
        if facts is not None
        else case_facts(conn, quarter.first_day, quarter.last_day, known),
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
