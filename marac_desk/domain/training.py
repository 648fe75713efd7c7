"""Synthetic, obviously fictional MARAC data for training mode and benchmarks.

Names are built from word lists no real register would hold (surnames such
as "Testwood" and "Sampleford"), every reference starts with TRAINING, and
the generator is seeded so a run can be repeated exactly.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from marac_desk.domain.cases import CaseRole, CaseStatus, NewCase, PersonDetails

FICTIONAL_SURNAMES = (
    "Testwood",
    "Sampleford",
    "Mockridge",
    "Demoville",
    "Trialby",
    "Exampleton",
    "Fakenham-Pretend",
    "Dummer",
    "Practiceworth",
    "Placeholder",
    "Madeupson",
    "Notreal",
)
FORENAMES = {
    "F": ("Alexa", "Bea", "Carys", "Dana", "Esme", "Farah", "Gwen", "Hana", "Isla", "Jo"),
    "M": ("Aaron", "Ben", "Callum", "Dev", "Eli", "Finn", "Gus", "Harun", "Ivo", "Jack"),
}
CHILD_NAMES = ("Kit", "Lou", "Max", "Noa", "Oli", "Pip", "Remy", "Sam", "Tam", "Viv")
STATUS_WEIGHTS = (
    (CaseStatus.HEARD, 60),
    (CaseStatus.ACCEPTED, 12),
    (CaseStatus.LISTED, 12),
    (CaseStatus.DRAFT, 8),
    (CaseStatus.RETURNED, 4),
    (CaseStatus.DECLINED, 2),
    (CaseStatus.TRANSFERRED_OUT, 2),
)


def generate_cases(count: int, seed: int = 2026, today: date | None = None) -> list[NewCase]:
    rng = random.Random(seed)
    today = today or date(2026, 11, 1)
    statuses = [s for s, _ in STATUS_WEIGHTS]
    weights = [w for _, w in STATUS_WEIGHTS]
    cases: list[NewCase] = []
    for number in range(1, count + 1):
        victim_gender = "F" if rng.random() < 0.93 else "M"
        perp_gender = "M" if victim_gender == "F" and rng.random() < 0.95 else "F"
        victim = _adult(rng, victim_gender, today)
        perpetrator = _adult(rng, perp_gender, today)
        people: list[tuple[CaseRole, PersonDetails]] = [
            (CaseRole.VICTIM, victim),
            (CaseRole.PERPETRATOR, perpetrator),
        ]
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            age_days = rng.randint(30, 16 * 365)
            people.append(
                (
                    CaseRole.CHILD,
                    PersonDetails(
                        surname=victim.surname,
                        forenames=rng.choice(CHILD_NAMES),
                        date_of_birth=today - timedelta(days=age_days),
                    ),
                )
            )
        status = rng.choices(statuses, weights)[0]
        cases.append(NewCase(f"TRAINING-{number:05d}", status, people))
    return cases


def _adult(rng: random.Random, gender: str, today: date) -> PersonDetails:
    age_days = rng.randint(16 * 365 + 10, 70 * 365)
    return PersonDetails(
        surname=rng.choice(FICTIONAL_SURNAMES),
        forenames=rng.choice(FORENAMES[gender]),
        date_of_birth=today - timedelta(days=age_days),
        dob_approximate=rng.random() < 0.05,
        gender="Female" if gender == "F" else "Male",
    )
