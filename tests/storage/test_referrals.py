"""Referrals, repeat decisions, register search and the agency directory, via the services."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from marac_desk.domain.agencies import Agency, AgencyType
from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.criteria import Decision
from marac_desk.errors import PermissionDeniedError, ValidationError
from marac_desk.storage import agencies, audit, case_search, cases, referrals, repeats

TODAY = date(2026, 11, 24)


def referral(
    surname: str = "Kowalska",
    forenames: str = "Anna",
    dob: str = "1990-03-04",
    day: str = "2026-11-20",
    perpetrator: tuple[str, str] = ("Nowak", "Piotr"),
    **extra: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "referral": {
            "referral_date": day,
            "referring_agency": "POLICE",
            "referrer_name": "PC Testing",
            "reason": "Strangulation reported at the last incident.",
        },
        "victim": {
            "surname": surname,
            "forenames": forenames,
            "date_of_birth": dob,
            "address": "1 Example Street, Testtown",
            "postcode": "TT1 1AA",
            "relationship": "Ex-partner",
        },
        "perpetrators": [{"surname": perpetrator[0], "forenames": perpetrator[1]}],
        "children": [{"surname": surname, "forenames": "Kit", "date_of_birth": "2019-05-01"}],
        "consent": {"aware": "Yes", "consent": "Consent given"},
        "contact": {"safe_to_call": "Yes"},
        "dash": {"answers": {str(n): {"answer": "yes"} for n in range(1, 15)}},
    }
    for key, value in extra.items():
        section, field = key.split("__")
        doc.setdefault(section, {})[field] = value
    return doc


def test_a_draft_keeps_everything_typed_even_what_is_wrong(vault) -> None:
    doc = {"victim": {"surname": "Half", "date_of_birth": "1990-02-31"}, "referral": {}}
    saved = referrals.save_draft(vault, doc, today=TODAY)
    assert saved.reference.startswith("M2026-")
    assert any(f.field == "victim.date_of_birth" for f in saved.findings)
    loaded, state, reference = referrals.load(vault, saved.case_id)
    assert loaded == doc and state == "draft" and reference == saved.reference
    row = cases.register(vault)[0]
    assert row.status is CaseStatus.DRAFT and row.victim == "HALF" and row.victim_dob == ""


def test_completion_names_every_blocking_problem_and_changes_nothing(vault) -> None:
    saved = referrals.save_draft(vault, {"victim": {"surname": "Onlyname"}}, today=TODAY)
    before = vault.conn.execute("SELECT form, state FROM referrals").fetchall()
    with pytest.raises(ValidationError) as raised:
        referrals.complete(vault, {"victim": {"surname": "Onlyname"}}, saved.case_id, today=TODAY)
    message = str(raised.value)
    for needed in ("Date of referral", "Referring agency", "Current address", "Consent"):
        assert needed in message
    assert vault.conn.execute("SELECT form, state FROM referrals").fetchall() == before


def test_a_complete_referral_is_accepted_scored_and_searchable(vault) -> None:
    saved = referrals.complete(vault, referral(), today=TODAY)
    row = cases.register(vault)[0]
    assert row.status is CaseStatus.ACCEPTED and row.dash_score == 14 and row.children == 1
    criteria = json.loads(vault.conn.execute("SELECT criteria FROM referrals").fetchone()[0])
    assert criteria == ["visible_high_risk"]
    for text in ("kowalska", "Anna Kowal", "TT1", saved.reference, "Example Street"):
        assert case_search.search(vault, text) == [saved.case_id], text
    # A misspelled name still finds the case, through the name index.
    assert case_search.search(vault, "Ana Kowalsak") == [saved.case_id]
    assert case_search.search(vault, '"; DROP TABLE cases; --') == []


def test_judgement_without_reason_and_consent_override_without_ground_are_refused(vault) -> None:
    doc = referral(criteria__judgement=True, consent__consent="Consent not sought")
    with pytest.raises(ValidationError) as raised:
        referrals.complete(vault, doc, today=TODAY)
    assert "written reason" in str(raised.value) and "lawful ground" in str(raised.value)
    assert cases.register(vault) == []


def test_repeat_within_the_window_is_found_and_flagged_only_when_confirmed(vault) -> None:
    first = referrals.complete(vault, referral(day="2026-03-20"), today=TODAY)
    cases.set_status(vault, first.case_id, CaseStatus.HEARD)
    # Eight months later: a typo in the surname, the name order swapped in the alias field.
    doc = referral(surname="Kowalsak", day="2026-11-20")
    new = referrals.save_draft(vault, doc, today=TODAY)
    found = repeats.find_earlier(vault, doc, new.case_id, record=True)
    assert [c.case_id for c in found] == [first.case_id]
    earlier = found[0]
    assert earlier.within_window and earlier.same_pair_likely
    assert "same date of birth" in earlier.victim_match.reasons
    assert cases.register(vault, [new.case_id])[0].is_repeat is False
    assert repeats.decide(vault, new.case_id, earlier, Decision.SAME_PAIR) is True
    assert cases.register(vault, [new.case_id])[0].is_repeat is True
    # Changing the decision clears the flag, and both decisions are in the audit log.
    assert repeats.decide(vault, new.case_id, earlier, Decision.NOT_SAME) is False
    assert cases.register(vault, [new.case_id])[0].is_repeat is False
    actions = [e.action for e in audit.entries(vault.conn)]
    assert actions.count("match_decided") == 2 and "repeat_check" in actions
    assert [link.decision for link in repeats.links_of(vault, first.case_id)] == [Decision.NOT_SAME]


def test_outside_the_window_a_match_is_history_not_a_repeat(vault) -> None:
    first = referrals.complete(vault, referral(day="2025-11-19"), today=TODAY)
    doc = referral(day="2026-11-20")
    new = referrals.save_draft(vault, doc, today=TODAY)
    earlier = repeats.find_earlier(vault, doc, new.case_id)[0]
    assert earlier.case_id == first.case_id and not earlier.within_window
    assert repeats.decide(vault, new.case_id, earlier, Decision.SAME_PAIR) is False


def test_twelve_months_passed_list(vault) -> None:
    old = referrals.complete(vault, referral(day="2025-10-01"), today=TODAY)
    referrals.complete(vault, referral(surname="Other", day="2026-10-01"), today=TODAY)
    assert cases.windows_closed_since(vault, date(2026, 9, 1), TODAY) == [old.case_id]
    assert cases.windows_closed_since(vault, date(2026, 10, 2), TODAY) == []


def test_views_and_saves_are_audited_without_names(vault) -> None:
    saved = referrals.save_draft(vault, referral(surname="Auditmarker"), today=TODAY)
    referrals.load(vault, saved.case_id)
    entries = audit.entries(vault.conn)
    assert [e.action for e in entries][-2:] == ["referral_saved", "case_viewed"]
    assert all("Auditmarker" not in json.dumps(e.detail) for e in entries)


def test_agency_directory_defaults_edit_and_validation(vault) -> None:
    codes = [a.code for a in agencies.list_agencies(vault)]
    assert {"POLICE", "IDVA", "CSC", "HOUSING", "PROBATION"} <= set(codes)
    police = agencies.get(vault, "POLICE")
    assert police is not None and police.type == AgencyType.POLICE
    changed = agencies.save(
        vault,
        Agency(
            "POLICE",
            "Testshire Police",
            AgencyType.POLICE,
            spoc_email="spoc@police.example",
            isa_signed_on="2025-01-01",
            isa_review_on="2027-01-01",
            export_password="long enough",
            id=police.id,
        ),
    )
    assert agencies.get(vault, "POLICE") == changed
    last = audit.entries(vault.conn)[-1]
    assert last.action == "agency_changed" and "long enough" not in json.dumps(last.detail)
    with pytest.raises(ValidationError, match="review date"):
        agencies.save(
            vault,
            Agency(
                "NEW",
                "New",
                AgencyType.OTHER,
                isa_signed_on="2026-01-01",
                isa_review_on="2025-01-01",
            ),
        )
    with pytest.raises(ValidationError, match="already has the code"):
        agencies.save(vault, Agency("idva", "Second IDVA", AgencyType.IDVA))
    assert len(agencies.list_agencies(vault)) == len(codes)


def test_only_administrators_change_the_directory_and_see_export_passwords(vault, data_dir) -> None:
    from marac_desk.domain.roles import Role
    from marac_desk.storage import accounts
    from marac_desk.storage.vault import sign_in

    police = agencies.get(vault, "POLICE")
    assert police is not None
    agencies.save(
        vault,
        Agency(police.code, police.name, police.type, export_password="secret pw 1", id=police.id),
    )
    accounts.create_user(
        vault,
        username="cora",
        full_name="Cora Ordinator",
        user_roles=frozenset({Role.COORDINATOR}),
        temporary_password="temporary password",
    )
    cora = sign_in(data_dir, "cora", "temporary password")
    accounts.change_own_password(cora, "temporary password", "cora's own password")
    assert all(a.export_password == "" for a in agencies.list_agencies(cora))
    with pytest.raises(PermissionDeniedError):
        agencies.save(cora, Agency("X1", "X", AgencyType.OTHER))
    cora.close()


def test_locking_drops_the_in_memory_name_index(vault) -> None:
    from marac_desk.storage import name_index

    referrals.save_draft(vault, referral(), today=TODAY)
    assert len(name_index.get(vault)) > 0 and vault.caches
    vault.close(action=None)
    assert vault.caches == {}


def test_the_repeat_window_runs_from_the_last_referral_to_the_incident(vault) -> None:
    """SafeLives counts a repeat from the last referral to the date of the further
    incident: a referral made after the window closed is still a repeat when the
    incident that led to it happened inside it."""
    first = referrals.complete(vault, referral(day="2025-11-10"), today=TODAY)
    late = referral(day="2026-11-20", referral__incident_date="2026-11-01")
    new = referrals.save_draft(vault, late, today=TODAY)
    found = repeats.find_earlier(vault, late, new.case_id)
    earlier = next(e for e in found if e.case_id == first.case_id)
    # The window ends on 10 November 2026: the incident (1 November) is inside it, though
    # the referral (20 November) is not.
    assert earlier.within_window and not earlier.counted_to_referral
    assert earlier.counted_to == date(2026, 11, 1)
    outside = referral(day="2026-11-23", referral__incident_date="2026-11-22")
    assert not next(
        e for e in repeats.find_earlier(vault, outside, None) if e.case_id == first.case_id
    ).within_window


def test_without_an_incident_date_the_referral_date_is_used_and_said(vault) -> None:
    first = referrals.complete(vault, referral(day="2026-03-20"), today=TODAY)
    doc = referral(day="2026-11-20")
    [earlier] = [e for e in repeats.find_earlier(vault, doc, None) if e.case_id == first.case_id]
    assert earlier.within_window
    assert earlier.counted_to == date(2026, 11, 20) and earlier.counted_to_referral


@pytest.mark.parametrize(
    ("incident", "words"),
    [("2026-11-21", "after the referral date"), ("2026-12-30", "in the future")],
)
def test_an_impossible_incident_date_is_refused(vault, incident, words) -> None:
    doc = referral(day="2026-11-20", referral__incident_date=incident)
    with pytest.raises(ValidationError, match=words):
        referrals.complete(vault, doc, today=TODAY)
    assert cases.register(vault) == []


def test_a_twin_is_listed_below_the_woman_herself_and_never_as_likely(vault) -> None:
    from marac_desk.domain.repeat_bands import Band

    salma = referrals.complete(vault, referral(forenames="Salma", surname="Khan"), today=TODAY)
    layla = referrals.complete(vault, referral(forenames="Layla", surname="Khan"), today=TODAY)
    doc = referral(forenames="Leila", surname="Khan", day="2026-11-22")
    found = repeats.find_earlier(vault, doc, None)
    assert [(e.case_id, e.band) for e in found[:2]] == [
        (layla.case_id, Band.LIKELY),
        (salma.case_id, Band.NAME_ONLY),
    ]
    assert any("another name in it" in r for r in found[1].victim_match.reasons)


def test_a_search_says_which_alias_found_the_case(vault) -> None:
    saved = referrals.complete(vault, referral(victim__aliases="Ania Nowicka"), today=TODAY)
    hits = case_search.search_hits(vault, "Nowicka")
    assert [h.case_id for h in hits] == [saved.case_id]
    assert hits[0].found == "Victim KOWALSKA, Anna (alias “Ania Nowicka”)"
    by_name = case_search.search_hits(vault, "Kowalska")
    assert by_name[0].found == "Victim KOWALSKA, Anna"


def test_a_local_criterion_is_offered_and_counted_as_met(vault) -> None:
    from marac_desk.domain import settings
    from marac_desk.storage import settings as settings_store

    settings_store.change(vault, settings.LOCAL_CRITERIA, "Suicide or self-harm\nStalking")
    assert referrals.local_criteria(vault) == ("Suicide or self-harm", "Stalking")
    doc = referral(criteria__local_criterion="Suicide or self-harm")
    saved = referrals.complete(vault, doc, today=TODAY)
    stored = vault.conn.execute(
        "SELECT criteria FROM referrals WHERE case_id = ?", (saved.case_id,)
    ).fetchone()[0]
    assert "Suicide or self-harm (local criterion)" in json.loads(stored)
