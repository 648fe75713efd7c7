"""Home's lists: each the same facts the page that deals with them shows, for this user."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from marac_desk.domain.dates import add_months
from marac_desk.domain.research import Standing
from marac_desk.domain.roles import Role
from marac_desk.storage import accounts, backup, home, meetings, referrals, research_status
from marac_desk.storage.training import make_training_vault
from marac_desk.storage.vault import sign_in
from tests.storage.test_accounts import TEMP, add
from tests.storage.test_meetings import NEXT_TUESDAY
from tests.storage.test_referrals import referral

TODAY = date(2026, 11, 24)


def test_overdue_research_and_actions_are_what_the_grid_and_tracker_say(tmp_path: Path) -> None:
    vault = make_training_vault(tmp_path / "vault", 40)
    try:
        today = date.today()
        facts = home.read(vault, today)
        upcoming = facts.next_meeting
        assert upcoming is not None
        assert upcoming.meeting.meeting_id == max(m.meeting_id for m in meetings.listed(vault))
        grid = research_status.grid(vault, upcoming.meeting.meeting_id, today)
        said = {a.code: a.overdue for a in upcoming.agencies}
        assert said  # the training meeting's deadline has passed with research missing
        for code, overdue in said.items():
            assert overdue == grid.count(code, Standing.OVERDUE)
        assert {a.code for a in upcoming.overdue} == {c for c, n in said.items() if n}
        assert facts.actions_overdue and all(r.overdue(today) for r in facts.actions_overdue)
        for row in facts.actions_this_week:
            assert row.action.due_on is not None and not row.overdue(today)
            assert row.action.due_on <= today + timedelta(days=7)
    finally:
        vault.close(action=None)


def test_referrals_waiting_until_they_are_on_a_meeting(vault) -> None:
    draft = referrals.save_draft(vault, referral(surname="Adams")).case_id
    done = referrals.complete(vault, referral(surname="Brown"), today=TODAY).case_id
    waiting = home.read(vault, TODAY).waiting
    assert waiting is not None
    assert [c.case_id for c in waiting.drafts] == [draft]
    assert [c.case_id for c in waiting.not_listed] == [done]
    meeting = meetings.create(vault, NEXT_TUESDAY)
    meetings.add_cases(vault, meeting, [done])
    waiting = home.read(vault, TODAY).waiting
    assert waiting is not None and waiting.not_listed == ()
    facts = home.read(vault, TODAY)
    assert facts.next_meeting is not None and facts.next_meeting.meeting.meeting_id == meeting


def test_cases_reaching_12_months_before_the_next_meeting(vault) -> None:
    ending = referrals.complete(
        vault, referral(surname="Clark", day=add_months(TODAY, -12).isoformat()), today=TODAY
    ).case_id
    soon = add_months(TODAY + timedelta(days=10), -12)
    later = referrals.complete(
        vault, referral(surname="Dunn", day=soon.isoformat()), today=TODAY
    ).case_id
    ended = referrals.complete(
        vault, referral(surname="Evans", day=add_months(TODAY, -13).isoformat()), today=TODAY
    ).case_id
    facts = home.read(vault, TODAY)  # no meeting planned: the next four weeks
    shown = {c.case_id for c in facts.reaching_12_months or ()}
    assert ending in shown and later in shown and ended not in shown
    meetings.create(vault, NEXT_TUESDAY)  # 1 December: Dunn's window ends after it
    facts = home.read(vault, TODAY)
    shown = {c.case_id for c in facts.reaching_12_months or ()}
    assert ending in shown and later not in shown
    assert facts.reaching_until == NEXT_TUESDAY.meeting_date


def test_the_backup_reminder_follows_the_last_backup_that_read_back(vault, tmp_path) -> None:
    first = home.read(vault, TODAY).backup
    assert first is not None and first.last is None and first.due(datetime.now(UTC))
    backup.create_backup(vault, tmp_path / "backup.marac-backup")
    made = home.read(vault, TODAY).backup
    assert made is not None and made.last is not None
    now = datetime.now(UTC)
    assert not made.due(now)
    assert made.due(now + timedelta(days=made.reminder_days, minutes=1))


def test_an_administrator_who_is_not_a_coordinator_sees_no_case(vault, data_dir) -> None:
    referrals.complete(vault, referral(surname="Adams"), today=TODAY)
    add(vault, "ida", frozenset({Role.ADMINISTRATOR}))
    ida = sign_in(data_dir, "ida", TEMP)
    accounts.change_own_password(ida, TEMP, "ida's own password")
    try:
        facts = home.read(ida, TODAY)
        assert facts.next_meeting is None and facts.waiting is None
        assert facts.reaching_12_months is None and facts.actions_overdue == ()
        assert facts.backup is not None
    finally:
        ida.close(action=None)
