"""Risk checklist files: the ones shipped in resources/checklists and any an area adds.

An area adds its licensed wording or another tool by putting a checklist file in the
`checklists` folder next to the vault; a referral records which checklist and version
it was scored on, so older referrals keep their meaning when a new version arrives.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from marac_desk import paths
from marac_desk.domain.dash import Checklist, parse_checklist
from marac_desk.errors import ValidationError

DEFAULT_KEY = "safelives-dash@2024-short-labels"


def load_file(path: Path) -> Checklist:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(f"{path.name}: not a readable checklist file ({exc}).") from None
    return parse_checklist(data, path.name)


@cache
def shipped() -> dict[str, Checklist]:
    found: dict[str, Checklist] = {}
    for path in sorted((paths.resources_dir() / "checklists").glob("*.json")):
        checklist = load_file(path)
        found[checklist.key] = checklist
    return found


def available(extra_dir: Path | None = None) -> dict[str, Checklist]:
    """Shipped checklists, plus valid ones from `extra_dir` (a bad file there is skipped)."""
    found = dict(shipped())
    if extra_dir is not None and extra_dir.is_dir():
        for path in sorted(extra_dir.glob("*.json")):
            try:
                checklist = load_file(path)
            except ValidationError:
                continue
            found.setdefault(checklist.key, checklist)
    return found


def default() -> Checklist:
    return shipped()[DEFAULT_KEY]


def for_referral(doc: Mapping[str, Any], extra_dir: Path | None = None) -> Checklist:
    dash = doc.get("dash")
    key = dash.get("checklist") if isinstance(dash, Mapping) else None
    if isinstance(key, str) and key:
        return available(extra_dir).get(key, default())
    return default()
