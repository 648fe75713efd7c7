"""The bulk writer of new cases (register import, training data) against the edit path.

Both write the same rows: a case written in bulk and then saved again, unchanged, through
the edit path must come out exactly as it went in (timestamps apart). Otherwise a search,
the register or the repeat check would read an imported case differently from one
typed in.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from marac_desk.domain.criteria import RuleSettings
from marac_desk.domain.training import generate
from marac_desk.storage import case_search, referrals
from marac_desk.storage.vault import Vault

_ROWS = {
    "cases": "SELECT id, reference, status, is_repeat, created_at, transfer_from, "
    "last_referral_on, import_key FROM cases ORDER BY id",
    "referrals": "SELECT id, case_id, state, referral_date, referring_agency, dash_checklist, "
    "dash_score, criteria, form, created_at, created_by FROM referrals ORDER BY id",
    "persons": "SELECT id, surname, forenames, date_of_birth, dob_approximate, gender, aliases, "
    "address, details FROM persons ORDER BY id",
    "case_persons": "SELECT case_id, person_id, role, position FROM case_persons "
    "ORDER BY case_id, role, position",
}


def _rows(vault: Vault) -> dict[str, list[tuple[Any, ...]]]:
    found = {name: vault.conn.execute(sql).fetchall() for name, sql in _ROWS.items()}
    # The search index's text, as words: the edit path reads people back in row order.
    found["case_search"] = [
        (rowid, tuple(sorted(body.split("\n"))))
        for rowid, body in vault.conn.execute("SELECT rowid, body FROM case_search ORDER BY rowid")
    ]
    return found


def test_cases_written_in_bulk_are_the_rows_an_edit_would_write(vault: Vault) -> None:
    generated = generate(40, seed=11, today=date(2026, 11, 1))
    rules = RuleSettings()
    with vault.transaction() as conn:
        written = referrals.write_new_cases(
            conn,
            vault.actor,
            [
                referrals.NewReferral(
                    case.doc,
                    case.reference,
                    complete=case.status.value != "draft",
                    status=case.status.value,
                    is_repeat=case.is_repeat,
                    created_at="2026-10-01T09:00:00.000000Z",
                    import_key=f"key-{number}",
                )
                for number, case in enumerate(generated)
            ],
            rules=rules,
        )
    assert [w.reference for w in written] == [c.reference for c in generated]
    before = _rows(vault)
    assert len(before["persons"]) > len(generated)  # perpetrators and children too
    with vault.transaction() as conn:
        for case, made in zip(generated, written, strict=True):
            again = referrals.write_case(
                conn,
                vault.actor,
                case.doc,
                made.case_id,
                today=date(2026, 11, 1),
                complete=case.status.value != "draft",
                rules=rules,
                status=case.status.value,
            )
            assert again == made
    assert _rows(vault) == before


def test_a_new_case_is_found_by_its_own_names_and_not_by_a_stale_search_entry(
    vault: Vault,
) -> None:
    # A search entry left where the next case's id will be (as by a case deleted by hand).
    next_id = vault.conn.execute("SELECT coalesce(max(id), 0) + 1 FROM cases").fetchone()[0]
    with vault.transaction() as conn:
        conn.execute(
            "INSERT INTO case_search (rowid, body) VALUES (?, 'Zebedee Quartermain')", (next_id,)
        )
    doc = {
        "referral": {"referral_date": "2026-11-20"},
        "victim": {"surname": "Okonkwo", "forenames": "Ada", "postcode": "TT1 1AA"},
    }
    saved = referrals.save_draft(vault, doc, today=date(2026, 11, 24))
    assert saved.case_id == next_id
    assert case_search.search(vault, "Okonkwo") == [saved.case_id]
    assert case_search.search(vault, "TT1 1AA") == [saved.case_id]
    assert case_search.search(vault, "Quartermain") == []


def test_writing_no_cases_writes_nothing_and_keeps_every_search_entry(vault: Vault) -> None:
    for surname in ("Okafor", "Nowak", "Byrne"):
        referrals.save_draft(vault, {"victim": {"surname": surname}}, today=date(2026, 11, 24))
    before = _rows(vault)
    assert len(before["case_search"]) == 3
    with vault.transaction() as conn:
        assert referrals.write_new_cases(conn, vault.actor, [], rules=RuleSettings()) == []
    assert _rows(vault) == before
