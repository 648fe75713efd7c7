"""The name index kept as plain data and read back finds exactly what the index it was
made from finds, before and after more edits."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.matching import NameIndex, PersonEntry, entry_names

SURNAMES = ["Smith", "Smyth", "Okonkwo", "Ní Bhriain", "Kowalska", "Hassan", "Hasan", "Nguyễn"]
FORENAMES = ["Jane", "Jayne", "Adaeze", "Siobhán", "Marta", "Leila", "Layla", "Thị Lan"]

people = st.tuples(
    st.sampled_from(SURNAMES),
    st.sampled_from(FORENAMES),
    st.none() | st.dates(date(1950, 1, 1), date(2010, 12, 31)),
    st.booleans(),
    st.sampled_from(list(CaseRole)),
    st.lists(st.sampled_from(SURNAMES), max_size=2),
)
# (case id, its people): each a replace_case; a case with no people is a removal.
edits = st.lists(st.tuples(st.integers(1, 12), st.lists(people, max_size=3)), max_size=25)


def entries(case_id: int, chosen: list, first_id: int) -> list[PersonEntry]:
    return [
        PersonEntry(
            first_id + n,
            case_id,
            role,
            f"{surname.upper()}, {forenames}",
            entry_names(surname, forenames, aliases),
            dob,
            approx,
        )
        for n, (surname, forenames, dob, approx, role, aliases) in enumerate(chosen)
    ]


def apply(index: NameIndex, batch: list) -> None:
    for number, (case_id, chosen) in enumerate(batch):
        index.replace_case(case_id, entries(case_id, chosen, 1000 * (number + 1)))


def found(index: NameIndex) -> list:
    results = []
    for surname in SURNAMES[:5]:
        for forenames in FORENAMES[:3]:
            hits = index.search(entry_names(surname, forenames, ()), date(1990, 3, 4))
            results.append([(c.entry, c.match.score) for c in hits])
        results.append(index.search_words(surname))
    results.append(
        sorted((e.person_id, e.case_id) for c in range(13) for e in index.people_of_case(c))
    )
    return results


@settings(max_examples=60, deadline=None)
@given(edits, edits)
def test_the_kept_index_finds_what_the_index_finds(before: list, after: list) -> None:
    index = NameIndex()
    apply(index, before)
    kept = NameIndex.from_snapshot(json.loads(json.dumps(index.snapshot())))
    assert found(kept) == found(index)
    assert len(kept) == len(index)
    apply(index, after)
    apply(kept, after)
    assert found(kept) == found(index)
