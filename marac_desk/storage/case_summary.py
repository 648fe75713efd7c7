"""Loads what the combined case summary needs from the vault and builds it (the rules
are in `domain.case_summary`). Opening a summary is audited as a view of the case."""

from __future__ import annotations

from collections.abc import Callable

from marac_desk.domain import case_summary as summary
from marac_desk.domain import referral_form as form
from marac_desk.domain.cases import CaseRole
from marac_desk.domain.research import AudienceKind, Item, ItemKind
from marac_desk.domain.roles import Permission
from marac_desk.errors import ValidationError
from marac_desk.storage import actions, case_file, meetings, research
from marac_desk.storage import settings as settings_store
from marac_desk.storage.research_status import sent_requests
from marac_desk.storage.vault import Vault


def _action_line(row: actions.ActionRow, names: dict[str, str]) -> summary.HistoryLine:
    owner = names.get(row.action.owner_agency, row.action.owner_agency) or "nobody"
    outcome = row.action.status.label
    if row.action.status_note:
        outcome += f" — {row.action.status_note}"
    return summary.HistoryLine(
        row.agreed_on.isoformat(),
        row.reference,
        f"Action for {owner}: {row.action.text} ({outcome})",
    )


def for_everyone(item: Item) -> bool:
    """Items every agency involved may read (held-back reasons are only ever counted)."""
    return item.kind is ItemKind.HELD or item.audience.kind is AudienceKind.INVOLVED


def load(
    vault: Vault,
    meeting_id: int,
    case_id: int,
    *,
    audit_view: bool = True,
    keep: Callable[[Item], bool] | None = None,
) -> summary.CaseSummary:
    """The case's combined summary for the meeting. `keep`: only the research items it
    accepts (a shared screen shows only what every agency involved may read)."""
    vault.require(Permission.VIEW_ALL_CASES)
    conn = vault.conn
    meeting = meetings.read(conn, meeting_id)
    latest = case_file.latest_referral(conn, case_id)
    if latest is None:
        raise ValidationError("That case is no longer in the vault.")
    reference = latest.reference
    people = case_file.people(conn, case_id)
    names = research.directory(conn)
    facts = summary.ReferralFacts(
        reference=reference,
        victim=next((p.name for p in people if p.role is CaseRole.VICTIM), ""),
        referral_date=latest.referral_date,
        referring_agency=names.get(latest.referring_agency, latest.referring_agency),
        reason=latest.reason,
        dash_score=latest.dash_score,
        dash_threshold=settings_store.rules(vault).dash_threshold,
        criteria=latest.criteria,
        consent=form.text(latest.doc, "consent", "consent"),
        is_repeat=latest.is_repeat,
        transfer_from=latest.transfer_from,
    )
    stored = research.current_returns(conn, meeting_id, case_id)
    returns = [
        summary.AgencyReturn(
            r.agency_code,
            r.source.label,
            r.recorded_at,
            r.people,
            tuple((s.person_id, s.item) for s in r.items if keep is None or keep(s.item)),
        )
        for r in stored
    ]
    left_out = [
        (s.person_id, s.item)
        for r in stored
        for s in r.items
        if keep is not None and not keep(s.item)
    ]
    requested = {code for code, case in sent_requests(vault, meeting_id) if case == case_id}
    related = case_file.related(conn, case_id)
    history = [
        summary.HistoryLine(
            e.referral_date,
            e.reference,
            f"Referred by {names.get(e.referring_agency.upper(), e.referring_agency) or 'unknown'}"
            f"; Dash {e.dash_score if e.dash_score is not None else 'not recorded'}"
            f"; {e.status.label}" + (f"; {', '.join(e.criteria)}" if e.criteria else ""),
        )
        for e in case_file.referral_history(conn, related)
        if not e.is_this_case
    ]
    earlier = actions.earlier(conn, sorted(set(related) | {case_id}), meeting.details.meeting_date)
    history += [_action_line(row, names) for row in earlier]
    built = summary.build(
        facts,
        meeting.details.title,
        [summary.SummaryPerson(p.person_id, p.role, p.name, p.born) for p in people],
        returns,
        requested,
        names,
        history,
        left_out,
    )
    if audit_view:
        with vault.transaction():
            vault.audit(
                "summary_viewed",
                {"case_id": case_id, "meeting_id": meeting_id, "reference": reference},
            )
    return built
