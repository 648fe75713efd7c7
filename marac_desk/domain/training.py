"""Synthetic MARAC registers for training, demonstrations and benchmarks.

Every person is invented: names are drawn at random from common names of several naming
traditions, addresses are in the fictional town of Northtown (postcodes NT), and every
reference starts with TRAINING. The proportions follow the national picture (DOMAIN.md):
about 31% repeats (with the typos, aliases, other spellings and swapped name order that
real repeat referrals carry), children in about half the cases, about 36% referred by
partner agencies, a few transfers in from other MARACs. Seeded, so a run repeats exactly.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from marac_desk.domain.cases import CaseStatus
from marac_desk.domain.dates import add_months

# (weight, female forenames, male forenames, surnames): common names, no real people.
TRADITIONS: tuple[tuple[int, tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        56,
        ("Emma", "Sarah", "Laura", "Gemma", "Kelly", "Rebecca", "Amy", "Hannah", "Chloe", "Jade"),
        ("James", "Daniel", "Lee", "Craig", "Ryan", "Mark", "Jamie", "Dean", "Scott", "Liam"),
        ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Wright", "Hughes"),
    ),
    (
        8,
        ("Aisha", "Fatima", "Priya", "Sana", "Nadia", "Ayesha", "Farah", "Rukhsana", "Parveen"),
        ("Imran", "Mohammed", "Arjun", "Faisal", "Rizwan", "Sanjay", "Tariq", "Zubair", "Amir"),
        ("Khan", "Ahmed", "Patel", "Hussain", "Begum", "Ali", "Shah", "Iqbal", "Chaudhry"),
    ),
    (
        6,
        ("Agnieszka", "Katarzyna", "Joanna", "Marta", "Ewa", "Olena", "Irina", "Natalia"),
        ("Piotr", "Tomasz", "Marek", "Andrzej", "Pavel", "Sergei", "Oleksandr", "Dmytro"),
        ("Kowalski", "Nowak", "Wiśniewski", "Kamiński", "Shevchenko", "Ivanova", "Petrov"),
    ),
    (
        5,
        ("Chioma", "Ngozi", "Abena", "Amara", "Folake", "Adaeze", "Yetunde", "Efua"),
        ("Chinedu", "Kwame", "Emeka", "Tunde", "Kofi", "Obinna", "Segun", "Yaw"),
        ("Okafor", "Mensah", "Adeyemi", "Okonkwo", "Boateng", "Eze", "Owusu", "Adebayo"),
    ),
    (
        4,
        ("Layla", "Mariam", "Huda", "Rania", "Yasmin", "Noor", "Salma", "Leila"),
        ("Omar", "Khalid", "Youssef", "Hassan", "Karim", "Samir", "Bilal", "Tarek"),
        ("Hassan", "Haddad", "Al-Sayed", "Mansour", "Abdullah", "Nasser", "Saleh", "Farouk"),
    ),
    (
        4,
        ("Siobhan", "Aoife", "Niamh", "Ciara", "Roisin", "Sinead", "Caoimhe", "Orla"),
        ("Sean", "Ciaran", "Padraig", "Declan", "Eoin", "Niall", "Cathal", "Darragh"),
        ("Murphy", "O'Brien", "Ní Bhriain", "McCarthy", "Ó Súilleabháin", "Doyle", "Byrne"),
    ),
    (
        3,
        ("Mei", "Li Na", "Thi Lan", "Hoa", "Xiu Ying", "Ngoc Anh"),
        ("Wei", "Jun", "Van Minh", "Duc", "Hao", "Quang"),
        ("Chen", "Wang", "Nguyen", "Tran", "Li", "Zhang", "Pham", "Liu"),
    ),
    (
        3,
        ("Ana", "Maria", "Ioana", "Elena", "Gabriela", "Andreea"),
        ("Ion", "Andrei", "Mihai", "Florin", "Cristian", "Bogdan"),
        ("Popescu", "Ionescu", "Dumitru", "Stan", "Radu", "Munteanu"),
    ),
)
# Other spellings and transliterations a later referral may use for the same person.
OTHER_SPELLINGS = {
    "Mohammed": "Muhammad",
    "Layla": "Leila",
    "Leila": "Layla",
    "Aisha": "Ayesha",
    "Olena": "Elena",
    "Irina": "Iryna",
    "Sergei": "Serhiy",
    "Hassan": "Hasan",
    "Siobhan": "Shevaun",
    "Mariam": "Maryam",
    "Yusuf": "Youssef",
    "Shevchenko": "Schewtschenko",
    "Nguyen": "Nguyễn",
    "Ivanova": "Иванова",
    "Chaudhry": "Choudhury",
    "Kowalski": "Kowalska",
}
STREETS = (
    "Elm Row",
    "Mill Lane",
    "Station Road",
    "Church Street",
    "Victoria Terrace",
    "Beacon Close",
    "Orchard Way",
    "Canal Side",
    "Park View",
    "Weavers Court",
)
OTHER_MARACS = ("Southvale MARAC", "Eastbrook MARAC", "Westmoor MARAC", "Riverford MARAC")
PARTNER_AGENCIES = ("IDVA", "CSC", "HEALTH-ACUTE", "HEALTH-MH", "GP", "HOUSING", "DA-SERVICE")
REPEAT_RATE = 0.31
CHILDREN_RATE = 0.5
TRANSFER_RATE = 0.03
OTHERS_RATE = 0.15
POLICE_RATE = 0.64
# The national shares in the data return (12 months to September 2024), so the training
# return reads like a real one.
MINORITISED_RATE = 0.14
LGBT_RATE = 0.016
DISABLED_RATE = 0.10
IDVA_ENGAGED, IDVA_DECLINED, IDVA_UNREACHED = 0.6, 0.2, 0.1
_MINORITISED = (
    "Asian or Asian British: Pakistani",
    "Asian or Asian British: Indian",
    "Black, Black British, Caribbean or African: African",
    "Black, Black British, Caribbean or African: Caribbean",
    "Mixed or multiple: White and Black Caribbean",
    "Other ethnic group: Arab",
)
_WHITE = (
    *["White: English, Welsh, Scottish, Northern Irish or British"] * 8,
    "White: any other White background",
    "White: Irish",
)


@dataclass
class TrainingCase:
    reference: str
    status: CaseStatus
    referral_date: date
    doc: dict[str, Any]
    is_repeat: bool = False
    earlier: int | None = None  # index (in the generated list) of the case this repeats


@dataclass
class _Person:
    forenames: str
    surname: str
    dob: date
    gender: str
    aliases: list[str] = field(default_factory=list)


def _pick_tradition(rng: random.Random) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    weights = [t[0] for t in TRADITIONS]
    _, female, male, surnames = rng.choices(TRADITIONS, weights)[0]
    return female, male, surnames


def _adult(rng: random.Random, gender: str, on: date, youngest: int = 16) -> _Person:
    female, male, surnames = _pick_tradition(rng)
    # About 1.3% of victims are 16 or 17; the rest spread from 18 to 75.
    years = rng.randint(16, 17) if youngest == 16 and rng.random() < 0.013 else rng.randint(18, 75)
    born = on - timedelta(days=years * 365 + rng.randint(0, 364))
    forenames = rng.choice(female if gender == "Female" else male)
    return _Person(forenames, rng.choice(surnames), born, gender)


def _typo(rng: random.Random, word: str) -> str:
    """One slip of the keyboard: a letter dropped, doubled or two letters swapped."""
    if len(word) < 4:
        return word
    at = rng.randint(1, len(word) - 2)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return word[:at] + word[at + 1 :]
    if kind == "double":
        return word[:at] + word[at] + word[at:]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def _as_written_again(rng: random.Random, person: _Person) -> tuple[dict[str, Any], str]:
    """The same person on a later referral, written as another referrer would write them."""
    forenames, surname, aliases = person.forenames, person.surname, list(person.aliases)
    change = rng.choice(("same", "typo", "spelling", "swapped", "alias", "married"))
    if change == "typo":
        surname = _typo(rng, surname)
    elif change == "spelling":
        forenames = OTHER_SPELLINGS.get(forenames, forenames)
        surname = OTHER_SPELLINGS.get(surname, surname)
    elif change == "swapped":
        forenames, surname = surname, forenames
    elif change == "alias":
        aliases.append(f"{_typo(rng, forenames)} {surname}")
    elif change == "married":
        aliases.append(f"{forenames} {surname}")
        surname = rng.choice(_pick_tradition(rng)[2])
    return _person_doc(_Person(forenames, surname, person.dob, person.gender, aliases)), change


def _person_doc(person: _Person) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "surname": person.surname,
        "forenames": person.forenames,
        "date_of_birth": person.dob.isoformat(),
        "gender": person.gender,
    }
    if person.aliases:
        doc["aliases"] = "; ".join(person.aliases)
    return doc


def _address(rng: random.Random) -> tuple[str, str]:
    postcode = f"NT{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXY')}"
    postcode += rng.choice("ABDEFGHJLNPQRSTUWXY")
    return f"{rng.randint(1, 120)} {rng.choice(STREETS)}, Northtown", postcode


def _children(rng: random.Random, victim: _Person, surname: str, on: date) -> list[dict[str, Any]]:
    if rng.random() >= CHILDREN_RATE:
        return []
    earliest = max(victim.dob + timedelta(days=16 * 365), on - timedelta(days=17 * 365))
    children: list[dict[str, Any]] = []
    # A victim not yet 16 years and a month older than the referral has no born child here.
    born_children = rng.choice((1, 1, 1, 2, 2, 3)) if earliest < on - timedelta(days=31) else 0
    for _ in range(born_children):
        span = (on - earliest).days - 30
        born = earliest + timedelta(days=rng.randint(0, span))
        female, male, _ = _pick_tradition(rng)
        children.append(
            {
                "surname": surname,
                "forenames": rng.choice(female + male),
                "date_of_birth": born.isoformat(),
                "lives_with": "With the victim",
            }
        )
    if rng.random() < 0.06:
        due = on + timedelta(days=rng.randint(30, 200))
        children.append(
            {"surname": "", "forenames": "", "unborn": True, "date_of_birth": due.isoformat()}
        )
    return children


def _others(rng: random.Random, victim: _Person, on: date) -> list[dict[str, Any]]:
    """Now and then another adult in the household (a parent, a lodger) is on the form."""
    if rng.random() >= OTHERS_RATE:
        return []
    other = _adult(rng, rng.choice(("Female", "Male")), on, youngest=18)
    person = _person_doc(other) | {"relationship": rng.choice(("Parent", "Sibling", "Lodger"))}
    if person["relationship"] != "Lodger":
        person["surname"] = victim.surname
    return [person]


def _dash(rng: random.Random, questions: int) -> dict[str, Any]:
    # Most referrals sit a little over the threshold; some are below it on judgement.
    yes = min(questions, max(0, int(rng.gauss(15, 3))))
    chosen = set(rng.sample(range(1, questions + 1), yes))
    answers = {
        str(n): {"answer": "yes" if n in chosen else rng.choice(("no", "no", "dont_know"))}
        for n in range(1, questions + 1)
    }
    return {"answers": answers}


def _status(rng: random.Random, referral: date, today: date) -> CaseStatus:
    age = (today - referral).days
    # Recent cases wait for a meeting; the training meeting (storage.training) lists them.
    if age < 14:
        return rng.choice((CaseStatus.DRAFT, *[CaseStatus.ACCEPTED] * 5))
    if age < 35:
        return CaseStatus.ACCEPTED
    roll = rng.random()
    if roll < 0.03:
        return CaseStatus.DECLINED
    if roll < 0.05:
        return CaseStatus.TRANSFERRED_OUT
    if roll < 0.07:
        return CaseStatus.RETURNED
    return CaseStatus.HEARD


def generate(
    count: int,
    *,
    seed: int = 2026,
    today: date | None = None,
    years: int = 3,
    dash_questions: int = 24,
    recent: int = 0,
) -> list[TrainingCase]:
    """`count` referrals over the last `years` years, oldest first; `recent` of them
    made in the past four weeks, waiting for the next meeting."""
    rng = random.Random(seed)
    today = today or date(2026, 11, 1)
    start = add_months(today, -12 * years)
    # The first years came from a register that wrote ethnicity as text.
    typed_before = add_months(today, -24)
    span = (today - start).days
    recent = min(recent, count)
    days = [start + timedelta(days=rng.randint(0, span)) for _ in range(count - recent)]
    days = sorted(days + [today - timedelta(days=rng.randint(1, 27)) for _ in range(recent)])
    cases: list[TrainingCase] = []
    # Each victim: the person, the perpetrator, the last referral date and its case.
    victims: list[tuple[_Person, _Person, date, int]] = []
    for number, day in enumerate(days, start=1):
        earlier = _earlier_within_window(rng, victims, day)
        earlier_case: int | None = None
        if earlier is not None:
            victim, perpetrator, _, earlier_case = victims[earlier]
            victim_doc, _ = _as_written_again(rng, victim)
            perpetrator_doc, _ = _as_written_again(rng, perpetrator)
            victims[earlier] = (victim, perpetrator, day, len(cases))
        else:
            victim_gender = "Female" if rng.random() < 0.936 else "Male"
            perpetrator_gender = (
                "Male" if victim_gender == "Female" else rng.choice(("Female", "Male"))
            )
            victim = _adult(rng, victim_gender, day)
            perpetrator = _adult(rng, perpetrator_gender, day, youngest=18)
            victim_doc, perpetrator_doc = _person_doc(victim), _person_doc(perpetrator)
            victims.append((victim, perpetrator, day, len(cases)))
        address, postcode = _address(rng)
        victim_doc |= {"address": address, "postcode": postcode, "relationship": "Partner"}
        perpetrator_doc["relationship"] = "Partner"
        agency = "POLICE" if rng.random() < POLICE_RATE else rng.choice(PARTNER_AGENCIES)
        referral: dict[str, Any] = {
            "referral_date": day.isoformat(),
            "referring_agency": agency,
            "referrer_name": "Training Referrer",
            "reason": "Fictional training referral.",
        }
        if rng.random() < TRANSFER_RATE:
            referral["transfer_from"] = rng.choice(OTHER_MARACS)
        doc: dict[str, Any] = {
            "referral": referral,
            "victim": victim_doc,
            "perpetrators": [perpetrator_doc],
            "children": _children(rng, victim, perpetrator.surname, day),
            "others": _others(rng, victim, day),
            "consent": {"aware": "Yes", "consent": "Consent given"},
            "contact": {"safe_to_call": "Yes"},
            "dash": _dash(rng, dash_questions) | {"completed_on": day.isoformat()},
        }
        # Their own random stream, so adding them left every earlier fact as it was.
        _return_facts(random.Random(seed * 1_000_003 + number), doc, day)
        if day < typed_before:
            _typed_ethnicity(random.Random(seed * 2_000_003 + number), doc)
        if number == len(days):  # the latest referral: one that cannot wait
            referral |= {
                "urgent": "Yes",
                "urgent_reason": "Threats to kill made yesterday; the person causing harm "
                "is due for release from custody on Friday.",
            }
        status = _status(rng, day, today)
        if status is CaseStatus.HEARD:
            # Heard before the vault kept meetings, as an earlier register would say.
            referral["heard_on"] = _meeting_after(day + timedelta(days=7)).isoformat()
        cases.append(
            TrainingCase(
                reference=f"TRAINING-{number:05d}",
                status=status,
                referral_date=day,
                doc=doc,
                is_repeat=earlier_case is not None,
                earlier=earlier_case,
            )
        )
    return cases


def _meeting_after(day: date) -> date:
    """The first fortnightly Thursday meeting on or after `day`."""
    first = date(2020, 1, 2)  # a Thursday
    waited = (day - first).days
    return first + timedelta(days=-(-waited // 14) * 14)


def _return_facts(rng: random.Random, doc: dict[str, Any], day: date) -> None:
    """What the data return counts: ethnicity, disability, LGBT+, children in the
    household, the IDVA, and whether the referrer came to the meeting."""
    victim = doc["victim"]
    roll = rng.random()
    if roll < 0.05:
        victim["ethnicity_category"] = "Not known"
    elif roll < 0.05 + MINORITISED_RATE:
        victim["ethnicity_category"] = rng.choice(_MINORITISED)
    else:
        victim["ethnicity_category"] = rng.choice(_WHITE)
    victim["disability"] = "Yes" if rng.random() < DISABLED_RATE else "No"
    victim["lgbt"] = "Yes" if rng.random() < LGBT_RATE else rng.choice(("No", "No", "Not known"))
    for child in doc["children"]:
        child["lives_in_household"] = "Yes" if rng.random() < 0.85 else "No"
    for perpetrator in doc["perpetrators"]:
        perpetrator["under_18"] = "No"
    outcome = rng.random()
    offered = (day + timedelta(days=rng.randint(0, 3))).isoformat()
    idva: dict[str, Any] = {"offered": "Yes", "offered_on": offered}
    if outcome < IDVA_ENGAGED:
        idva |= {"allocated": "Yes", "allocated_on": offered, "outcome": "Engaged"}
    elif outcome < IDVA_ENGAGED + IDVA_DECLINED:
        idva |= {"allocated": "No", "outcome": "Declined"}
    elif outcome < IDVA_ENGAGED + IDVA_DECLINED + IDVA_UNREACHED:
        idva |= {"allocated": "Yes", "allocated_on": offered, "outcome": "Not contactable"}
    else:
        idva |= {"outcome": "Not yet known"}
    doc["idva"] = idva
    doc["referral"]["referrer_attended"] = "Yes" if rng.random() < 0.7 else "No"


# Ethnicity as an earlier register wrote it, by the census group it would be: a
# coordinator chooses the group on the Data return page (never mapped by marac-desk).
_TYPED = {
    "White: English, Welsh, Scottish, Northern Irish or British": (
        "White British",
        "white british",
        "WB",
        "British",
    ),
    "White: any other White background": ("White Other", "Polish"),
    "White: Irish": ("Irish",),
    "Asian or Asian British: Pakistani": ("Pakistani", "Asian"),
    "Asian or Asian British: Indian": ("Indian", "Asian"),
    "Black, Black British, Caribbean or African: African": ("Black African",),
    "Black, Black British, Caribbean or African: Caribbean": ("Black Caribbean",),
    "Mixed or multiple: White and Black Caribbean": ("Mixed",),
    "Other ethnic group: Arab": ("Arab",),
}


def _typed_ethnicity(rng: random.Random, doc: dict[str, Any]) -> None:
    """Half the older referrals: the ethnicity as typed, with no census group yet."""
    victim = doc["victim"]
    typed = _TYPED.get(victim.get("ethnicity_category", ""))
    if typed and rng.random() < 0.5:
        victim["ethnicity"] = rng.choice(typed)
        del victim["ethnicity_category"]


def _earlier_within_window(
    rng: random.Random, victims: list[tuple[_Person, _Person, date, int]], day: date
) -> int | None:
    """An earlier victim referred again within 12 months, at about the national rate."""
    if not victims or rng.random() >= REPEAT_RATE:
        return None
    for _ in range(8):
        index = rng.randrange(max(0, len(victims) - 400), len(victims))
        if add_months(victims[index][2], 12) >= day and victims[index][2] < day:
            return index
    return None
