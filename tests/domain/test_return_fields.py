"""The referral fields the data return and the quality standards need: each with an
honest "not known", checked where one answer needs another."""

from __future__ import annotations

from datetime import date

from marac_desk.domain import referral_form as form
from marac_desk.domain.criteria import RuleSettings
from marac_desk.domain.dash import Checklist, Question

CHECKLIST = Checklist("t", "1", "Test", tuple(Question(n, f"Q{n}") for n in range(1, 25)))
TODAY = date(2026, 11, 24)


def findings(doc: dict, *, complete: bool = False) -> dict[str, str]:
    found = form.validate(
        doc, checklist=CHECKLIST, rules=RuleSettings(), today=TODAY, complete=complete
    )
    return {f.field: f.message for f in found}


def test_every_new_choice_offers_not_known() -> None:
    victim = {s.key: s for s in form.SECTION_BY_KEY["victim"].fields}
    assert "Not known" in victim["ethnicity_category"].choices
    assert "Prefers not to say" in victim["ethnicity_category"].choices
    assert "Not known" in victim["age_band"].choices
    assert "Equality Act 2010" in victim["disability"].hint
    perpetrator = {s.key: s for s in form.SECTION_BY_KEY["perpetrators"].fields}
    assert perpetrator["under_18"].choices == form.YES_NO
    child = {s.key: s for s in form.SECTION_BY_KEY["children"].fields}
    assert child["lives_in_household"].choices == form.YES_NO


def test_not_aware_needs_a_reason_before_completion() -> None:
    doc = {"consent": {"aware": "No"}}
    assert "consent.not_aware_reason" in findings(doc, complete=True)
    doc["consent"]["not_aware_reason"] = "Telling her would raise the risk."
    assert "consent.not_aware_reason" not in findings(doc, complete=True)
    assert "consent.not_aware_reason" not in findings({"consent": {"aware": "Yes"}}, complete=True)


def test_an_idva_date_needs_a_yes() -> None:
    problems = findings({"idva": {"allocated": "No", "allocated_on": "2026-11-02"}})
    assert "answer Yes" in problems["idva.allocated"]
    assert "idva.allocated" not in findings(
        {"idva": {"allocated": "Yes", "allocated_on": "2026-11-02"}}
    )


def test_a_category_not_on_the_list_is_refused() -> None:
    problems = findings({"victim": {"ethnicity_category": "British"}})
    assert "choose one of the listed answers" in problems["victim.ethnicity_category"]
    # What was written before the categories stays as typed, and is not checked.
    assert "victim.ethnicity" not in findings({"victim": {"ethnicity": "white british"}})
