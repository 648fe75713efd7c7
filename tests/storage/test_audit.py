"""The audit chain reports any removed, edited or reordered entry."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marac_desk.domain.audit_chain import (
    GENESIS,
    AuditEntry,
    canonical_detail,
    chain_problems,
    entry_hash,
    text_hash,
)
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


def _hash_as_first_written(
    prev: str, seq: int, at: str, actor: str, action: str, detail: dict[str, object]
) -> str:
    """The hash as the log has always defined it: a JSON list, compact, not ASCII-escaped."""
    body = json.dumps(
        [prev, seq, at, actor, action, canonical_detail(detail)],
        separators=(",", ":"),
        ensure_ascii=False,
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


_TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=20)


@settings(max_examples=200, deadline=None)
@given(
    _TEXT,
    st.integers(min_value=0, max_value=2**62),
    _TEXT,
    _TEXT,
    _TEXT,
    st.dictionaries(_TEXT, st.one_of(_TEXT, st.integers(), st.booleans(), st.none()), max_size=4),
)
def test_the_quick_hash_is_the_hash_the_log_has_always_used(
    prev: str, seq: int, at: str, actor: str, action: str, detail: dict[str, object]
) -> None:
    # Entries written by earlier versions must still verify: the body is the same bytes.
    assert entry_hash(prev, seq, at, actor, action, detail) == _hash_as_first_written(
        prev, seq, at, actor, action, detail
    )
    assert text_hash(prev, seq, at, actor, action, canonical_detail(detail)) == entry_hash(
        prev, seq, at, actor, action, detail
    )


def test_entries_kept_in_the_earlier_text_form_still_verify_and_tampering_still_shows(
    vault,
) -> None:
    with vault.transaction():
        vault.audit("case_viewed", {"case_id": 3, "reference": "M2026-00003", "note": "Siân"})
        vault.audit("register_searched", {"length": 5, "hits": 2})
    conn = vault.conn
    last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    stored = conn.execute("SELECT detail FROM audit_log WHERE seq = ?", (last - 1,)).fetchone()[0]
    assert stored == '{"case_id":3,"note":"Siân","reference":"M2026-00003"}'  # as hashed
    with vault.transaction():
        # The form earlier versions stored: sorted keys, spaced, ASCII-escaped.
        conn.execute(
            "UPDATE audit_log SET detail = ? WHERE seq = ?",
            (json.dumps(json.loads(stored), sort_keys=True), last - 1),
        )
    assert audit.verify(conn) == []
    with vault.transaction():
        conn.execute(
            "UPDATE audit_log SET detail = ? WHERE seq = ?",
            ('{"case_id": 3, "note": "Sian", "reference": "M2026-00003"}', last - 1),
        )
    assert audit.verify(conn) == [
        f"Entry {last - 1} (case_viewed) was changed after it was written."
    ]


@pytest.mark.parametrize(
    ("detail", "column"),
    [
        ('{"case_id":3}', 4),  # moved to another case
        ('{"case_id":3}', None),  # taken out of its case's history
        ('{"hits":2}', 3),  # put into a case's history
        ('{"case_id":true}', 1),  # true is not case 1
        ("not json", 3),  # unreadable detail belongs to no case
    ],
)
def test_an_entry_whose_case_column_disagrees_with_its_detail_is_reported(
    vault, detail: str, column: int | None
) -> None:
    with vault.transaction():
        vault.audit("case_viewed", {"case_id": 9})
    conn = vault.conn
    last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    with vault.transaction():
        conn.execute(
            "UPDATE audit_log SET detail = ?, case_id = ? WHERE seq = ?", (detail, column, last)
        )
    assert f"Entry {last} (case_viewed) was moved to another case." in audit.verify(conn)


def test_a_detail_that_agrees_with_its_case_column_is_not_reported_as_moved(vault) -> None:
    with vault.transaction():
        vault.audit("case_viewed", {"case_id": 9})
        vault.audit("flag_set", {"case_id": True})
        vault.audit("register_searched", {"hits": 0})
    moved = [p for p in audit.verify(vault.conn) if "moved" in p]
    assert moved == []


_CASE_IDS = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.booleans(),
    st.none(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=4),
    st.lists(st.integers(), max_size=2),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.dictionaries(st.sampled_from(["case_id", "reference", "hits"]), _CASE_IDS, max_size=3))
def test_verify_reads_an_entrys_case_as_the_writer_indexes_it(vault, detail: dict) -> None:
    # SQLite finds moved entries; the writer fills the column with `case_column`. The two
    # must agree on every detail, or an honest entry would be reported as moved.
    with vault.transaction():
        vault.audit("case_viewed", detail)
    conn = vault.conn
    last = conn.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    assert conn.execute("SELECT case_id FROM audit_log WHERE seq = ?", (last,)).fetchone()[0] == (
        audit.case_column(detail)
    )
    assert [p for p in audit.verify(conn) if "moved" in p] == []
    other = 1 if audit.case_column(detail) is None else None
    conn.execute("SAVEPOINT move")
    conn.execute("UPDATE audit_log SET case_id = ? WHERE seq = ?", (other, last))
    assert f"Entry {last} (case_viewed) was moved to another case." in audit.verify(conn)
    conn.execute("ROLLBACK TO move")
    conn.execute("RELEASE move")
