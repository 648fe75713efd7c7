"""The throwaway training vault: a temporary folder, never the real data folder."""

from __future__ import annotations

import json
import random
import tempfile
from datetime import date, time, timedelta
from pathlib import Path

from marac_desk.domain import settings
from marac_desk.domain.actions import Action, ActionStatus
from marac_desk.domain.conference import CaseRecord, RiskLevel
from marac_desk.domain.criteria import Decision
from marac_desk.domain.meetings import MeetingDetails
from marac_desk.domain.research import Source
from marac_desk.domain.roles import Role
from marac_desk.domain.training import generate
from marac_desk.domain.training_research import TRAINING_AGENCIES, training_return
from marac_desk.errors import ValidationError
from marac_desk.security import kdf
from marac_desk.storage import (
    actions,
    audit,
    case_file,
    checklists,
    conference,
    meeting_close,
    meetings,
    name_index,
    research,
    research_packs,
)
from marac_desk.storage import settings as settings_store
from marac_desk.storage.referrals import NewReferral, write_new_cases
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import Vault
from marac_desk.storage.vault_setup import create_vault

# Three years of a mid-sized MARAC, about 200 cases a year: enough that a quarter's data
# return and the dashboard hold counts a local report can show, not only hide.
DEFAULT_TRAINING_CASES = 600
# The fictional area's women aged 16 and over, so the cases per 10,000 chart has its
# measure (about 40 a year at that volume, as SafeLives recommends).
TRAINING_ADULT_WOMEN = 52_000
# Referred in the past four weeks: enough for a meeting held a fortnight ago and for next
# week's training meeting of 20 cases.
RECENT_CASES = 30
MEETING_CASES = 20


def create_training_vault(cases: int = DEFAULT_TRAINING_CASES, parent: Path | None = None) -> Vault:
    """A fresh vault in a new temporary folder, signed in as an all-roles trainee.

    Its password is printed on the lock screen: the data is fictional and the
    vault exists only for this run; the caller removes the folder when done
    (`discard_data_dir`).
    """
    folder = Path(tempfile.mkdtemp(prefix="marac-desk-training-", dir=parent))
    return make_training_vault(folder, cases)


def open_kept_training_vault(folder: Path, real_data_dir: Path | None = None) -> Vault:
    """A training vault kept between days in `folder`: made there the first time, opened
    again after. Refused for a folder holding any other vault (and for the real vault's
    own folder), so --keep can never open real cases as training."""
    from marac_desk.errors import WrongCredentialsError
    from marac_desk.storage.vault import sign_in
    from marac_desk.storage.vault_paths import VaultPaths, vault_parts

    folder = folder.expanduser().resolve()
    if real_data_dir is not None and folder == real_data_dir.expanduser().resolve():
        raise ValidationError(
            f"{folder} is where the real vault lives. Keep the training vault in a folder "
            "of its own, for example --keep ~/marac-training."
        )
    if folder.exists() and not folder.is_dir():
        raise ValidationError(f"{folder} is a file. Give a folder for the training vault.")
    if not any(part.exists() for part in vault_parts(VaultPaths(folder))):
        if folder.is_dir() and any(folder.iterdir()):
            raise ValidationError(
                f"{folder} already holds other files. Give an empty or new folder for the "
                "training vault."
            )
        return make_training_vault(folder, DEFAULT_TRAINING_CASES)
    not_training = ValidationError(
        f"{folder} holds a vault that is not a training vault: --keep opens only a training "
        "vault it made. Choose another folder."
    )
    try:
        vault = sign_in(folder, TRAINING_USER, TRAINING_PASSWORD)
    except WrongCredentialsError:
        raise not_training from None
    made = vault.conn.execute(
        "SELECT count(*) FROM audit_log WHERE action = 'training_data_created'"
    ).fetchone()[0]
    if not made:
        vault.close(action=None)
        raise not_training
    return vault


def make_training_vault(
    data_dir: Path, cases: int, seed: int = 2026, *, kdf_n: int = kdf.MIN_N
) -> Vault:
    """A lasting vault of fictional cases in `data_dir` (which must not hold a vault yet),
    for training rooms and benchmarks. Signed in as the trainee; the caller closes it.
    `kdf_n`: the password's key-derivation cost (the least marac-desk writes, unless a
    benchmark asks for a real vault's)."""
    vault, _ = create_vault(
        data_dir,
        marac_name="TRAINING MARAC (fictional)",
        username=TRAINING_USER,
        full_name="Training User",
        password=TRAINING_PASSWORD,
        user_roles=frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
        kdf_n=kdf_n,  # fictional data: nothing to slow guessing down for
        fictional=True,
    )
    populate(vault, cases, seed=seed)
    settings_store.change(vault, settings.ADULT_WOMEN, TRAINING_ADULT_WOMEN)
    sign_agreements(vault, date.today())
    hold_past_meeting(vault, date.today(), seed=seed)
    plan_meeting(vault, date.today(), seed=seed, cases=MEETING_CASES)
    record_incidents(vault, date.today())
    set_follow_ups(vault, date.today())
    return vault


def set_follow_ups(vault: Vault, today: date) -> None:
    """A heard case due to be followed up this week, and one later in the year."""
    from marac_desk.storage import follow_ups

    heard = vault.conn.execute(
        "SELECT id FROM cases WHERE status = 'heard' ORDER BY last_referral_on DESC LIMIT 2 "
        "OFFSET 2"
    ).fetchall()
    if len(heard) < 2:
        return
    follow_ups.set_follow_up(
        vault,
        int(heard[0][0]),
        due=today + timedelta(days=3),
        what="Check with the IDVA that the non-molestation order was served, and with "
        "housing that the locks were changed.",
        today=today,
    )
    follow_ups.set_follow_up(
        vault,
        int(heard[1][0]),
        due=today + timedelta(days=120),
        what="Ask the police whether any further call-outs to the address since the meeting.",
        today=today,
    )


def record_incidents(vault: Vault, today: date) -> None:
    """Incidents notified since the last meetings: one that is a repeat of a heard case
    (Home asks about it), and an older one the coordinator decided not to refer back."""
    from marac_desk.storage import incidents

    heard = vault.conn.execute(
        "SELECT id FROM cases WHERE status = 'heard' AND last_referral_on >= ? "
        "ORDER BY last_referral_on DESC LIMIT 2",
        ((today - timedelta(days=200)).isoformat(),),
    ).fetchall()
    if len(heard) < 2:
        return
    incidents.record(
        vault,
        int(heard[0][0]),
        day=today - timedelta(days=3),
        agency="POLICE",
        what="Called to the address after a neighbour heard shouting and a door being "
        "forced. The person causing harm had left before officers arrived.",
        police_reference="TRN/4471/26",
        today=today,
    )
    older = incidents.record(
        vault,
        int(heard[1][0]),
        day=today - timedelta(days=20),
        agency="HOUSING",
        what="Tenancy officer visited after a report of noise; the victim said a visitor "
        "had been drinking and had gone.",
        today=today,
    )
    incidents.not_referred(
        vault,
        older.incident_id,
        "The visitor was the victim's brother, not the person causing harm; the IDVA "
        "has spoken to her and she felt safe.",
    )


# The one agency whose information-sharing agreement is overdue for review, so that
# trainees meet the warning (and the override) when they send the minutes.
LAPSED_AGREEMENT = "HEALTH-MH"


def sign_agreements(vault: Vault, today: date) -> None:
    """Information-sharing agreements for the directory, as a real MARAC would hold."""
    signed = (today - timedelta(days=300)).isoformat()
    with vault.transaction() as conn:
        conn.execute(
            "UPDATE agencies SET isa_signed_on = ?, isa_review_on = ?",
            (signed, (today + timedelta(days=65)).isoformat()),
        )
        conn.execute(
            "UPDATE agencies SET isa_review_on = ? WHERE code = ?",
            ((today - timedelta(days=20)).isoformat(), LAPSED_AGREEMENT),
        )


def populate(vault: Vault, cases: int, seed: int = 2026, today: date | None = None) -> None:
    """Write `cases` generated referrals in one transaction, with the coordinator's
    decisions on the repeats already recorded, as a real register would have them."""
    rules = settings_store.rules(vault)
    questions = len(checklists.default().questions)
    generated = generate(
        cases,
        seed=seed,
        today=today or date.today(),
        dash_questions=questions,
        recent=min(RECENT_CASES, cases // 2),
    )
    now = audit.now_iso()
    with vault.transaction() as conn:
        written = write_new_cases(
            conn,
            vault.actor,
            [
                NewReferral(
                    case.doc,
                    case.reference,
                    complete=case.status.value != "draft",
                    status=case.status.value,
                    is_repeat=case.is_repeat,
                    created_at=f"{case.referral_date.isoformat()}T09:00:00.000000Z",
                )
                for case in generated
            ],
            rules=rules,
        )
        conn.executemany(
            "INSERT INTO case_links (case_id, earlier_case_id, decision, within_window, "
            "score, reasons, decided_by, decided_at) VALUES (?, ?, ?, 1, 100, ?, ?, ?)",
            [
                (
                    made.case_id,
                    written[case.earlier].case_id,
                    Decision.SAME_PAIR.value,
                    json.dumps(["training data"]),
                    vault.actor,
                    now,
                )
                for case, made in zip(generated, written, strict=True)
                if case.earlier is not None
            ],
        )
        vault.audit("training_data_created", {"cases": cases})
    name_index.forget(vault)


PAST_ACTIONS = (
    ("IDVA", "Offer the victim a safety plan and a sanctuary assessment."),
    ("POLICE", "Flag the address for an urgent response; check bail conditions."),
    ("HOUSING", "Fit a door alarm and change the locks."),
    ("CSC", "Make a home visit and review the children's plan."),
    ("HEALTH-ACUTE", "Flag the records so A&E staff ask about safety."),
)


def _training_meeting(day: date, research_deadline: date | None = None) -> MeetingDetails:
    """The fictional MARAC's usual room, chair and minute-taker, at 09:30 on `day`."""
    return MeetingDetails(
        day,
        time(9, 30),
        venue="Northtown Civic Centre, Room 4 (fictional)",
        chair="DI Example (Police)",
        minute_taker="Training minute-taker",
        research_deadline=research_deadline,
    )


def hold_past_meeting(vault: Vault, today: date, seed: int = 2026, cases: int = 5) -> int | None:
    """A meeting held a fortnight ago, closed, with actions agreed: some done since, some
    in progress, some still open and overdue, so the next meeting has a review to run."""
    waiting = meetings.eligible(vault)[:cases]  # the longest waiting
    if not waiting:
        return None
    rng = random.Random(seed + 1)
    day = today - timedelta(days=14)
    meeting_id = meetings.create(vault, _training_meeting(day))
    meetings.add_cases(vault, meeting_id, waiting)
    conference.start(vault, meeting_id)
    conference.mark_statement_read(vault, meeting_id)
    for case in meetings.agenda_cases(vault.conn, meeting_id):
        conference.open_case(vault, meeting_id, case.case_id)
        conference.save_record(
            vault,
            meeting_id,
            case.case_id,
            CaseRecord(
                risk_victim="Fictional: threats to kill; recent strangulation.",
                risk_level=RiskLevel.HIGH,
                informs_agency="IDVA",
                informs_person="Training IDVA",
                seconds=rng.randint(8, 16) * 60,
            ),
        )
        for agency, text in rng.sample(PAST_ACTIONS, 3):
            due = day + timedelta(days=rng.choice((2, 7, 28)))
            action_id = actions.save(
                vault, meeting_id, case.case_id, Action(text, agency, "Training officer", due)
            )
            roll = rng.random()
            if roll < 0.35:
                actions.update_status(vault, action_id, ActionStatus.COMPLETED, "Done.")
            elif roll < 0.6:
                actions.update_status(
                    vault, action_id, ActionStatus.IN_PROGRESS, "Booked for next week."
                )
    meeting_close.close(vault, meeting_id, accept_missing=True)
    return meeting_id


def plan_meeting(vault: Vault, today: date, seed: int = 2026, cases: int = 8) -> int | None:
    """Next week's meeting with up to `cases` accepted cases on its agenda, research packs
    recorded for the usual agencies, and the returns that have come in so far: some
    agencies have returned, some sent nil returns, the rest are overdue."""
    waiting = meetings.eligible(vault)[-cases:]  # the most recently referred
    if not waiting:
        return None
    rng = random.Random(seed)
    day = today + timedelta(days=8 - today.weekday())  # Tuesday of next week
    meeting_id = meetings.create(
        vault,
        _training_meeting(day, research_deadline=today - timedelta(days=1)),
    )
    meetings.add_cases(vault, meeting_id, waiting)
    packs: dict[str, int] = {}
    for code in TRAINING_AGENCIES:
        packs[code] = research_packs.record_pack(
            vault, research_packs.pack_data(vault, meeting_id, code), f"{code} pack.docx"
        )
        research_packs.record_sent(vault, packs[code], "Secure email", today - timedelta(days=6))
    with vault.transaction() as conn:
        for case in meetings.agenda_cases(conn, meeting_id):
            people = [(p.person_id, p.role) for p in case_file.people(conn, case.case_id)]
            for code in TRAINING_AGENCIES:
                if rng.random() < 0.35:
                    continue  # not returned yet: overdue on the grid
                research.write_return(
                    vault,
                    conn,
                    meeting_id=meeting_id,
                    case_id=case.case_id,
                    agency_code=code,
                    content=training_return(rng, code, people),
                    source=Source.PACK,
                    source_note=f"{code} pack.docx",
                    pack_id=packs[code],
                    replace=False,
                )
    return meeting_id
