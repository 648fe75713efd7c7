"""Ethnicities typed as text on older referrals: listed as written, given the census
group a coordinator chooses, and never mapped otherwise."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from marac_desk.domain import data_return as dr
from marac_desk.errors import ValidationError
from marac_desk.storage import audit, data_return, ethnicity_mapping
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import Vault, sign_in

BRITISH = "White: English, Welsh, Scottish, Northern Irish or British"


@pytest.fixture
def trained(register: Path, tmp_path: Path):
    folder = tmp_path / "vault"
    shutil.copytree(register, folder)
    opened = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    yield opened
    opened.close(action=None)


def victims(vault: Vault) -> dict[int, dict]:
    return {
        rid: json.loads(form).get("victim", {})
        for rid, form in vault.conn.execute("SELECT id, form FROM referrals")
    }


def test_typed_ethnicities_are_listed_as_written_and_mapped_only_when_chosen(
    trained: Vault,
) -> None:
    listed = {w.key: w for w in ethnicity_mapping.unmapped(trained)}
    assert "white british" in listed and "pakistani" in listed
    # Case and spacing do not split a spelling ("White British", "white british").
    assert listed["white british"].shown.casefold() == "white british"
    typed = [
        v
        for v in victims(trained).values()
        if v.get("ethnicity") and not v.get("ethnicity_category")
    ]
    assert sum(w.referrals for w in listed.values()) == len(typed)
    before = victims(trained)
    with pytest.raises(ValidationError, match="not one of the census groups"):
        ethnicity_mapping.choose(trained, {"white british": BRITISH, "pakistani": "Asian"})
    assert victims(trained) == before  # all or nothing

    changed = ethnicity_mapping.choose(
        trained, {"white british": BRITISH, "pakistani": "Asian or Asian British: Pakistani"}
    )
    assert changed == listed["white british"].referrals + listed["pakistani"].referrals
    after = victims(trained)
    for rid, victim in after.items():
        old = before[rid]
        written = " ".join(str(old.get("ethnicity", "")).split()).casefold()
        if not old.get("ethnicity_category") and written == "white british":
            assert victim["ethnicity_category"] == BRITISH
            assert victim["ethnicity"] == old["ethnicity"]  # what was written stays
        elif not old.get("ethnicity_category") and written == "pakistani":
            assert victim["ethnicity_category"] == "Asian or Asian British: Pakistani"
        else:
            assert victim == old  # "Asian", "WB"... wait for a coordinator; others untouched
    remaining = {w.key for w in ethnicity_mapping.unmapped(trained)}
    assert "white british" not in remaining and "asian" in remaining
    entries = audit.entries(trained.conn, action="ethnicity_mapped")
    assert len(entries) == 2
    # The group chosen and the cases; never the victim's own words.
    assert all(set(e.detail) == {"group", "case_ids"} for e in entries)


def test_the_return_counts_what_was_chosen(trained: Vault) -> None:
    quarters = [dr.Quarter.parse(f"{y}Q{q}") for y in (2024, 2025) for q in (1, 2, 3, 4)]
    before = {q: data_return.make(trained, q) for q in quarters}
    waiting = sum(r.value(None, "ethnicity_not_mapped") for r in before.values())
    assert waiting, "the training register's older years typed ethnicity as text"
    ethnicity_mapping.choose(
        trained,
        {
            w.key: "Other ethnic group: any other ethnic group"
            for w in ethnicity_mapping.unmapped(trained)
        },
    )
    for quarter, result in before.items():
        now = data_return.make(trained, quarter)
        assert now.value(None, "ethnicity_not_mapped") == 0
        assert now.value(None, "minoritised") == result.value(None, "minoritised") + result.value(
            None, "ethnicity_not_mapped"
        )
