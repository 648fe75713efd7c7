"""The agency directory a new vault starts with (resources/default_agencies.json)."""

from __future__ import annotations

import json

from marac_desk import paths
from marac_desk.domain import agency_categories
from marac_desk.domain.agencies import Agency, problems
from marac_desk.storage import agencies as agencies_store
from marac_desk.storage.connection import Connection


def default_agencies() -> list[Agency]:
    data = json.loads((paths.resources_dir() / "default_agencies.json").read_text("utf-8"))
    agencies = [Agency(a["code"], a["name"], str(a["type"])) for a in data["agencies"]]
    offered = {c.key for c in agency_categories.offered(agencies_store.shipped_categories())}
    for agency in agencies:
        if agency.type not in offered:
            raise ValueError(f"default agency {agency.code!r}: no category {agency.type!r}")
        if problems(agency):  # a broken resource file is a build defect, not user input
            raise ValueError(f"default agency {agency.code!r}: {problems(agency)}")
    return agencies


def seed(conn: Connection, now: str) -> None:
    """Add the default agencies inside the caller's transaction."""
    conn.executemany(
        "INSERT INTO agencies (code, name, type, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
        [(a.code, a.name, a.type, now, now) for a in default_agencies()],
    )
