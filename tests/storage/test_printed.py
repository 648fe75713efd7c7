"""Paper copies are logged, for whoever may see what was printed."""

from __future__ import annotations

import pytest

from marac_desk.domain.roles import Role
from marac_desk.errors import PermissionDeniedError
from marac_desk.storage import accounts, audit, printed
from marac_desk.storage.vault import sign_in
from tests.storage.test_accounts import TEMP, add


def test_a_print_is_logged_for_whoever_may_see_what_was_printed(vault, data_dir) -> None:
    add(vault, "ida", frozenset({Role.ADMINISTRATOR}))
    ida = sign_in(data_dir, "ida", TEMP)
    accounts.change_own_password(ida, TEMP, "ida's own password")
    try:
        printed.record(ida, "minutes", meeting_id=1, agency="POLICE")  # hers to send
        assert audit.entries(ida.conn)[-1].detail == {
            "what": "minutes",
            "meeting_id": 1,
            "agency": "POLICE",
        }
        with pytest.raises(PermissionDeniedError):
            printed.record(ida, "summary", meeting_id=1, case_id=1)  # a coordinator's
    finally:
        ida.close(action=None)
