"""The audit chain reports any removed, edited or reordered entry."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marac_desk.domain.audit_chain import GENESIS, AuditEntry, chain_problems, entry_hash
from marac_desk.storage import audit
from marac_desk.storage.integrity import check_connection


def build_chain(n: int) -> list[AuditEntry]:
    entries, prev = [], GENESIS
    for seq in range(1, n + 1):
        detail = {"n": seq}
        digest = entry_hash(prev, seq, f"2026-01-{seq:02d}", "ada", "sign_in", detail)
        entries.append(
            AuditEntry(seq, f"2026-01-{seq:02d}", "ada", "sign_in", detail, prev, digest)
        )
        prev = digest
    return entries


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=12), st.data())
def test_any_single_tampering_is_detected(n: int, data: st.DataObject) -> None:
    entries = build_chain(n)
    head = (entries[-1].seq, entries[-1].hash)
    assert chain_problems(entries, *head) == []
    victim = data.draw(st.integers(min_value=0, max_value=n - 1))
    how = data.draw(st.sampled_from(["remove", "edit_actor", "edit_detail", "swap"]))
    tampered = list(entries)
    if how == "remove":
        del tampered[victim]
    elif how == "edit_actor":
        e = tampered[victim]
        tampered[victim] = AuditEntry(
            e.seq, e.at, "mallory", e.action, e.detail, e.prev_hash, e.hash
        )
    elif how == "edit_detail":
        e = tampered[victim]
        tampered[victim] = AuditEntry(
            e.seq, e.at, e.actor, e.action, {"n": -1}, e.prev_hash, e.hash
        )
    else:
        if n < 2:
            return
        other = (victim + 1) % n
        tampered[victim], tampered[other] = tampered[other], tampered[victim]
    assert chain_problems(tampered, *head) != []


def test_entry_must_be_written_inside_a_transaction(vault) -> None:
    with pytest.raises(RuntimeError):
        audit.append(vault.conn, "ada", "sign_in")


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(
        ["delete_middle", "delete_last", "edit", "rehash_without_head", "move_case", "add_case"]
    )
)
def test_verify_reports_tampering_in_the_vault(vault, how: str) -> None:
    with vault.transaction():
        for i in range(3):
            vault.audit("setting_changed", {"i": i, "case_id": 7})
    conn = vault.conn
    last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    conn.execute("SAVEPOINT tamper")
    if how == "delete_middle":
        conn.execute("DELETE FROM audit_log WHERE seq = ?", (last - 1,))
    elif how == "delete_last":
        conn.execute("DELETE FROM audit_log WHERE seq = ?", (last,))
    elif how == "edit":
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = ?", (last - 1,))
    elif how == "move_case":
        # Only the indexed column: the entry leaves case 7's history, its hash unchanged.
        conn.execute("UPDATE audit_log SET case_id = 8 WHERE seq = ?", (last - 1,))
    elif how == "add_case":
        conn.execute("UPDATE audit_log SET case_id = 7 WHERE seq = 1")
    else:
        # Drop the last entry and fix nothing else: the head in meta still points past it.
        conn.execute("DELETE FROM audit_log WHERE seq >= ?", (last - 1,))
    assert check_connection(conn).audit_chain != []
    conn.execute("ROLLBACK TO tamper")
    conn.execute("RELEASE tamper")
    assert audit.verify(conn) == []
