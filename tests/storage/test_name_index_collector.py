"""What the name index makes for a search is set aside from Python's collector, so that
its full collections do not walk every person searched for (0.3 to 1 s at 100,000
cases), and the collector sees everything again once the vault is locked."""

from __future__ import annotations

import gc

from marac_desk.domain.matching import PersonEntry
from marac_desk.storage import case_search, name_index
from tests.storage.test_meetings import accepted_case


def _tracked_entries() -> int:
    return sum(1 for o in gc.get_objects() if isinstance(o, PersonEntry))


def test_people_a_search_makes_are_set_aside_until_the_vault_locks(vault) -> None:
    for surname in ("Adams", "Adamson", "Brown"):
        accepted_case(vault, surname)
    name_index.warm(vault)
    gc.collect()
    assert _tracked_entries() == 0
    hits = case_search.search_hits(vault, "Adams")
    assert len(hits) == 2  # Adams, and Adamson spelled alike
    assert name_index.get(vault).made > 0
    # Made for the search, kept by the index, and not walked by the collector.
    assert _tracked_entries() == 0
    assert gc.get_freeze_count() > 0
    vault.close(action=None)
    assert gc.get_freeze_count() == 0
