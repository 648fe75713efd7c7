"""The dashboard from the vault: the year's case facts (the data return's own query, over
twelve months), referral dates, research asked and returned at the last meetings, and the
year's actions, each read in one query and counted by domain.dashboard."""

from __future__ import annotations

import dataclasses
from datetime import date

from marac_desk.domain import dashboard as db
from marac_desk.domain import data_return as dr
from marac_desk.domain import settings
from marac_desk.domain.agency_categories import label_of
from marac_desk.domain.dates import parse_iso
from marac_desk.domain.roles import Permission
from marac_desk.storage import agencies
from marac_desk.storage import data_return as returns
from marac_desk.storage.connection import Connection
from marac_desk.storage.vault import Vault, read_setting

# Referrals received: every case past its draft, by the date on its form.
# (The referral date is stored in its column from the form whenever the form has one.)
_REFERRALS = """
SELECT r.referral_date
FROM referrals r JOIN cases c ON c.id = r.case_id
WHERE r.referral_date BETWEEN :first AND :last
  AND c.status <> 'draft'
  AND r.id = (SELECT min(id) FROM referrals WHERE case_id = r.case_id)
"""

# For the last meetings up to the year's end at which research was asked for, held or with
# their research deadline passed (before it, nothing returned yet is not late): each
# (agency, case) asked (a pack recorded as sent that lists a case still on the agenda) or
# answered (a current return), with whether it came back, and whether it was nil
# (nobody known, nothing said: domain.research.ReturnContent.is_nil).
_RESEARCH = """
WITH recent AS (
    SELECT m.id, m.meeting_date FROM meetings m
    WHERE m.meeting_date <= :last
      AND (m.meeting_date <= :today OR m.research_deadline < :today)
      AND (EXISTS (SELECT 1 FROM research_packs p WHERE p.meeting_id = m.id
                   AND p.sent_at IS NOT NULL)
           OR EXISTS (SELECT 1 FROM research_returns rr WHERE rr.meeting_id = m.id))
    ORDER BY m.meeting_date DESC, m.id DESC
    LIMIT :meetings
),
asked(meeting_id, agency, case_id) AS (
    SELECT p.meeting_id, upper(p.agency_code), CAST(j.key AS INTEGER)
    FROM research_packs p JOIN recent ON recent.id = p.meeting_id, json_each(p.contents) j
    WHERE p.sent_at IS NOT NULL
    UNION
    SELECT rr.meeting_id, upper(rr.agency_code), rr.case_id
    FROM research_returns rr JOIN recent ON recent.id = rr.meeting_id
    WHERE rr.current = 1
)
SELECT recent.meeting_date, coalesce(ag.name, a.agency), rr.id IS NOT NULL,
       rr.id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM research_people rp
                       WHERE rp.return_id = rr.id AND rp.known <> 'no')
       AND NOT EXISTS (SELECT 1 FROM research_items ri WHERE ri.return_id = rr.id)
FROM asked a
JOIN recent ON recent.id = a.meeting_id
JOIN agenda_items ai ON ai.meeting_id = a.meeting_id AND ai.case_id = a.case_id
LEFT JOIN research_returns rr ON rr.meeting_id = a.meeting_id AND rr.case_id = a.case_id
     AND upper(rr.agency_code) = a.agency AND rr.current = 1
LEFT JOIN agencies ag ON upper(ag.code) = a.agency
"""

# Actions agreed at meetings in the year, with their owner agency's name.
_ACTIONS = """
SELECT coalesce(ag.name, a.owner_agency), a.status, a.due_on
FROM actions a JOIN meetings m ON m.id = a.meeting_id
LEFT JOIN agencies ag ON ag.code = a.owner_agency COLLATE NOCASE
WHERE m.meeting_date BETWEEN :first AND :last
"""


def referral_days(conn: Connection, year: db.Year) -> tuple[date, ...]:
    bounds = {"first": year.first_day.isoformat(), "last": year.last_day.isoformat()}
    found = (parse_iso(str(row[0] or "")) for row in conn.execute(_REFERRALS, bounds))
    return tuple(d for d in found if d is not None)


def research(conn: Connection, year: db.Year, today: date) -> tuple[db.ResearchAsked, ...]:
    bounds = {
        "last": year.last_day.isoformat(),
        "today": today.isoformat(),
        "meetings": db.LAST_MEETINGS,
    }
    found: list[db.ResearchAsked] = []
    for day, agency, returned, nil in conn.execute(_RESEARCH, bounds):
        parsed = parse_iso(str(day))
        if parsed is not None:
            found.append(db.ResearchAsked(parsed, str(agency), bool(returned), bool(nil)))
    return tuple(found)


def actions(conn: Connection, year: db.Year) -> tuple[db.ActionFacts, ...]:
    bounds = {"first": year.first_day.isoformat(), "last": year.last_day.isoformat()}
    return tuple(
        db.ActionFacts(str(agency or ""), str(status), parse_iso(str(due or "")))
        for agency, status, due in conn.execute(_ACTIONS, bounds)
    )


def facts(vault: Vault, quarter: dr.Quarter, *, today: date | None = None) -> db.Facts:
    """What the dashboard for the year to the end of `quarter` is drawn from."""
    vault.require(Permission.MAKE_DATA_RETURN)
    conn = vault.conn
    day = today or date.today()
    year = db.Year(quarter)
    known = agencies.categories(conn)
    keys = returns.category_keys(conn, known)
    return db.Facts(
        year=year,
        cases=tuple(returns.case_facts(conn, year.first_day, year.last_day, known)),
        referral_days=referral_days(conn, year),
        categories=keys,
        category_labels={k: label_of(k, known) for k in keys},
        research=research(conn, year, day),
        actions=actions(conn, year),
        adult_women=int(read_setting(conn, settings.ADULT_WOMEN) or 0),
        groups=returns.ethnicity_groups(),
        today=day,
    )


def make(vault: Vault, quarter: dr.Quarter, *, today: date | None = None) -> db.Counted:
    """The year's counts to the end of `quarter` (coordinators and administrators), with
    each quarter's data return counted on the way. The cases (their facts, and the cases
    behind each return's counts) come back only to someone who may read every case, as
    data_return.make's do; anyone else gets the counts alone."""
    counted = db.count(facts(vault, quarter, today=today))
    if returns.may_see_cases(vault):
        return counted
    stripped = {code: dr.without_cases(r) for code, r in counted.returns.items()}
    return dataclasses.replace(
        counted, returns=stripped, facts=dataclasses.replace(counted.facts, cases=())
    )


def quarter_return(counted: db.Counted) -> dr.DataReturn:
    """The chosen quarter's data return, as the dashboard counted it: the same counts as
    data_return.make for that quarter, without reading or counting the cases again."""
    return counted.returns[counted.facts.year.last.code]
