"""Chasing overdue research: the agencies the grid shows overdue, a chaser with references
and no names, and each chase recorded."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from marac_desk.domain.research import Standing
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, case_file, meetings, research_chase, research_status
from marac_desk.storage.training import make_training_vault


def test_the_chaser_lists_what_is_missing_by_reference_only(tmp_path: Path) -> None:
    vault = make_training_vault(tmp_path / "vault", 40)
    try:
        today = date.today()
        meeting = max(m.meeting_id for m in meetings.listed(vault))
        grid = research_status.grid(vault, meeting, today)
        found = research_chase.overdue(vault, meeting, today)
        assert found
        for agency in found:
            assert len(agency.references) == grid.count(agency.agency_code, Standing.OVERDUE)
        first = found[0]
        text = research_chase.text_for(vault, meeting, first, today)
        assert all(reference in text for reference in first.references)
        assert first.agency_name in text and "secure email" in text
        # Nothing that identifies a person travels in the chaser.
        for case in grid.cases:
            for person in case_file.people(vault.conn, case.case_id):
                assert person.name.split(",")[0] not in text
                if person.date_of_birth:
                    assert person.born not in text
        research_chase.record(vault, meeting, [first])
        latest = research_chase.chases(vault, meeting)[first.agency_code]
        assert latest.missing == len(first.references) and latest.chased_by
        assert audit.entries(vault.conn)[-1].action == "research_chased"
        with pytest.raises(ValidationError, match="Tick"):
            research_chase.record(vault, meeting, [])
    finally:
        vault.close(action=None)
