"""Password rules: long enough, and hard to guess by a real estimate (zxcvbn), more so for
administrators."""

from __future__ import annotations

import pytest

from marac_desk.domain.accounts import password_problems


@pytest.mark.parametrize("weak", ["Summer2026!", "password1234", "Qwerty123456", "1qaz2wsx3edc"])
def test_common_and_patterned_passwords_are_refused_with_advice(weak: str) -> None:
    (problem,) = password_problems(weak, "ada")
    assert "too easy to guess" in problem and "unrelated words" in problem


@pytest.mark.parametrize("named", ["northtown2026", "lovelacenorthtown"])
def test_the_persons_own_name_and_the_marac_count_against_a_password(named: str) -> None:
    assert password_problems(named, "ada") == []  # fine for a stranger's guess...
    context = ("Ada Lovelace", "Northtown MARAC")
    assert password_problems(named, "ada", context=context)  # ...not for this person here


def test_administrators_need_a_stronger_password_than_others() -> None:
    middling = "another temporary"  # zxcvbn score 3
    assert password_problems(middling, "cora") == []
    (problem,) = password_problems(middling, "ada", administrator=True)
    assert problem.startswith("An administrator's password must be harder to guess")


@pytest.mark.parametrize(
    "strong",
    ["correct horse battery", "kettle orbit velvet lantern", "a long and careful passphrase"],
)
def test_long_phrases_pass_even_for_administrators(strong: str) -> None:
    assert password_problems(strong, "ada", administrator=True) == []


def test_a_very_long_password_is_estimated_on_its_start_and_accepted() -> None:
    assert password_problems("kettle orbit velvet " * 500 + "end", "ada", administrator=True) == []
