"""The case timeline: what happened, in order, with autosave runs folded into one line."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from marac_desk.domain import timeline
from marac_desk.domain.timeline import Event

LABELS = {
    "referral_saved": "Referral saved as a draft",
    "referral_completed": "Referral completed",
    "case_status_changed": "Case status changed",
    "match_decided": "Earlier referral checked",
    "case_viewed": "Case viewed",
}

entries = st.lists(
    st.tuples(
        st.sampled_from(["2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z", "2026-01-02T09:00:00Z"]),
        st.sampled_from(["cora", "dev"]),
        st.sampled_from([*sorted(LABELS), "repeat_check"]),
        st.just({}),
    ),
    max_size=40,
)


@given(entries)
def test_folding_keeps_every_event_and_leaves_no_foldable_neighbours(raw) -> None:
    ordered = sorted(raw, key=lambda e: e[0])
    events = timeline.build(ordered, [], LABELS, {})
    counted = [e for e in ordered if e[2] not in timeline.NOT_EVENTS]
    assert sum(e.times for e in events) == len(counted)
    assert all(e.what not in ("Case viewed",) for e in events)
    for before, after in itertools.pairwise(events):
        assert not (
            before.what == after.what == "Referral saved as a draft" and before.actor == after.actor
        )
    assert [e.at for e in events] == sorted(e.at for e in events)


def test_status_change_and_match_decision_read_as_sentences() -> None:
    events = timeline.build(
        [
            (
                "2026-03-01T09:00:00Z",
                "cora",
                "case_status_changed",
                {"from": "accepted", "to": "returned", "reason": "No Dash attached"},
            ),
            (
                "2026-03-02T09:00:00Z",
                "cora",
                "match_decided",
                {"earlier_case_id": 7, "decision": "same_pair", "within_window": True},
            ),
        ],
        [Event("2026-03-01", "PC Testing, POLICE", "Referral made")],
        LABELS,
        {7: "M2025-00007"},
    )
    assert [(e.what, e.detail) for e in events] == [
        ("Referral made", ""),
        ("Case status changed", "Accepted → Returned for more information: No Dash attached"),
        (
            "Earlier referral checked",
            "M2025-00007: Same victim and same perpetrator (inside the repeat window)",
        ),
    ]
