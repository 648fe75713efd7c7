"""Modules loaded while a password's key is derived: one a step, and a failure to load
one never reaches the sign-in."""

from __future__ import annotations

import sys

from marac_desk.ui.preparing import UNLOCKED_WINDOW_MODULES, Preparation


def test_every_module_named_exists() -> None:
    preparation = Preparation()
    while preparation.step():
        pass
    assert all(name in sys.modules for name in UNLOCKED_WINDOW_MODULES)


def test_one_module_a_step_and_a_failure_ends_the_steps_quietly() -> None:
    for name in ("colorsys", "wave"):
        sys.modules.pop(name, None)
    preparation = Preparation(("json", "colorsys", "marac_desk.no_such_module", "wave"))
    assert preparation.step() is True  # colorsys (json, already loaded, is skipped)
    assert "colorsys" in sys.modules
    assert preparation.step() is False  # the missing one: no error, and no more steps
    assert preparation.step() is False
    assert "wave" not in sys.modules
