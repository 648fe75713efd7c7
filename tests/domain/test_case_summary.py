"""Property: the summary shows every shared item once, under its person, and never an
item an agency held back (those are only counted, with their reasons)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain.case_summary import AgencyReturn, ReferralFacts, SummaryPerson, build
from marac_desk.domain.cases import CaseRole
from marac_desk.domain.research import Item, ItemKind, Known, Nature
from marac_desk.domain.summary_layout import layout

PEOPLE = [
    SummaryPerson(1, CaseRole.VICTIM, "VICTIM, One"),
    SummaryPerson(2, CaseRole.PERPETRATOR, "PERP, Two"),
    SummaryPerson(3, CaseRole.CHILD, "CHILD, Three"),
]
FACTS = ReferralFacts(
    "M1", "VICTIM, One", "2026-11-20", "Police", "Reason", 15, 14, (), "", False, ""
)
AGENCIES = ["POLICE", "IDVA", "CSC", "GP", "HOUSING"]

returns = st.lists(
    st.tuples(
        st.sampled_from(AGENCIES),
        st.lists(
            st.tuples(st.sampled_from([1, 2, 3, 4]), st.sampled_from(list(ItemKind))), max_size=8
        ),
        st.lists(st.sampled_from(list(Known)), min_size=3, max_size=3),
    ),
    max_size=5,
    unique_by=lambda r: r[0],
)


@given(returns, st.sets(st.sampled_from(AGENCIES)))
def test_held_items_never_shown_and_shared_items_shown_once(raw, requested) -> None:
    made: list[AgencyReturn] = []
    shared_markers: list[str] = []
    held_markers: list[str] = []
    for code, items, known in raw:
        stored = []
        for n, (pid, kind) in enumerate(items):
            marker = f"<{code}-{n}-{kind.value}>"
            (held_markers if kind is ItemKind.HELD else shared_markers).append(marker)
            stored.append((pid, Item(kind, marker, Nature.FACT)))
        people = {
            pid: (CaseRole.OTHER if pid == 4 else PEOPLE[pid - 1].role, f"P{pid}", k)
            for pid, k in zip([1, 2, 3], known, strict=True)
        }
        if any(pid == 4 for pid, _ in items):
            people[4] = (CaseRole.OTHER, "GONE, Four", Known.YES)
        made.append(AgencyReturn(code, "Phoned in", "2026-11-25T10:00", people, tuple(stored)))
    built = build(FACTS, "Tuesday", PEOPLE, made, set(requested), {}, [])
    shown = [s.body for p in built.people for s in p.shared]
    assert sorted(shown) == sorted(shared_markers)
    assert not set(held_markers) & set(shown)
    risks = [body for _, bodies in built.risks for body in bodies]
    assert not set(held_markers) & set(risks)
    assert sorted(r for h in built.held_back for r in h.reasons) == sorted(held_markers)
    assert set(built.missing) == set(requested) - {code for code, _, _ in raw}

    # The layout the screen and the printed page both render: each shared item exactly
    # once, risks side by side in their own part, held-back reasons only where counted.
    laid = layout(built)
    lines_in = {
        block.heading: [line for row in block.rows for line in row.lines] for block in laid.blocks
    }
    everywhere = [line for lines in lines_in.values() for line in lines]
    for marker in shared_markers + held_markers:
        assert everywhere.count(marker) == 1, marker
    risk_markers = [m for m in shared_markers if m.endswith("-risk>")]
    assert sorted(lines_in["Risks named by each agency"]) == sorted(risk_markers)
    held_lines = lines_in.get("Held back (counted only; never shared)", [])
    assert sorted(held_lines) == sorted(held_markers)
