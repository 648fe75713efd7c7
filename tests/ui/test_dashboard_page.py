"""The Dashboard page: the year's charts, each named and described for a screen reader,
and the local report's view hiding what the steering group's file hides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from marac_desk.domain import settings
from marac_desk.storage import settings as stored_settings
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import sign_in
from marac_desk.ui.chart_view import ChartCard, spoken
from marac_desk.ui.pages.dashboard import DashboardPage


@pytest.fixture
def vault(register: Path, tmp_path: Path):
    folder = tmp_path / "vault"
    shutil.copytree(register, folder)
    opened = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    yield opened
    opened.close(action=None)


def test_the_charts_are_drawn_named_and_read_aloud(qtbot, vault) -> None:
    stored_settings.change(vault, settings.ADULT_WOMEN, 180_000)
    page = DashboardPage(vault)
    qtbot.addWidget(page)
    page.resize(1166, 700)
    page.show()
    page.refresh()
    cards = page.findChildren(ChartCard)
    assert [c.view.chart.key for c in cards] == [
        "referrals",
        "repeat_rate",
        "volume",
        "by_agency",
        "children",
        "idva",
        "nil_returns",
        "actions",
    ]
    for card in cards:
        view = card.view
        assert view.accessibleName() == view.chart.title
        assert view.accessibleDescription() == spoken(view.chart)
        assert view.focusPolicy() == Qt.FocusPolicy.StrongFocus
        assert view.renderer.isValid()
        image = view.grab().toImage()
        colours = {
            image.pixel(x, y)
            for x in range(0, image.width(), 7)
            for y in range(0, image.height(), 7)
        }
        assert len(colours) > 2, view.chart.key  # drawn, not a blank or black box
    volume = next(c.view.chart for c in cards if c.view.chart.key == "volume")
    assert not volume.empty and "per 10,000 adult women" in volume.summary
    actions = next(c.view.chart for c in cards if c.view.chart.key == "actions")
    assert actions.labels and "Overdue" in spoken(actions)


def test_the_local_view_hides_what_the_file_hides(qtbot, vault) -> None:
    page = DashboardPage(vault)
    qtbot.addWidget(page)
    page.refresh()
    real = {c.key: c for c in page.report.charts}
    page.local.setChecked(True)
    local = {c.key: c for c in page.report.charts}
    assert "hidden" in page.kind.text()
    changed = False
    for key, chart in local.items():
        for mine, theirs in zip(chart.series, real[key].series, strict=True):
            for shown, value in zip(mine.values, theirs.values, strict=True):
                assert shown is None or shown == value
                changed |= shown is None and value is not None
    assert changed  # the training register has small counts to hide
    # Agencies' work is never hidden.
    assert local["actions"].series == real["actions"].series
    page.quarter.setCurrentIndex(3)
    assert page.report is not None and page.report.result.quarter.code == page.chosen_quarter().code
