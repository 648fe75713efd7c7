"""Agency research for a meeting: what a return holds, who may read each item, and where
each agency stands with each case (requested, returned, nil return, overdue)."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any


class Known(StrEnum):
    YES = "yes"
    NO = "no"
    UNANSWERED = "unanswered"

    @property
    def label(self) -> str:
        return {"yes": "Known", "no": "Not known", "unanswered": "Not answered"}[self.value]


class Nature(StrEnum):
    """Fact is kept apart from professional opinion."""

    FACT = "fact"
    OPINION = "opinion"
    UNSTATED = ""

    @property
    def label(self) -> str:
        return {"fact": "Fact", "opinion": "Professional opinion", "": "Not stated"}[self.value]


class ItemKind(StrEnum):
    INVOLVEMENT = "involvement"  # current involvement and history
    RISK = "risk"  # risks identified
    SHARE = "share"  # information to share at the meeting
    HELD = "held"  # held but not shared: only the reason is ever shown

    @property
    def label(self) -> str:
        return ITEM_LABELS[self]


ITEM_LABELS = {
    ItemKind.INVOLVEMENT: "Current involvement and history",
    ItemKind.RISK: "Risks identified",
    ItemKind.SHARE: "Information to share at the meeting",
    ItemKind.HELD: "Held but not shared, and why",
}
SHARED_KINDS = (ItemKind.INVOLVEMENT, ItemKind.RISK, ItemKind.SHARE)


class AudienceKind(StrEnum):
    INVOLVED = "involved"  # every agency involved in the case (the default)
    NAMED = "named"  # only the agencies named
    RECORD = "record"  # the MARAC's own record only


@dataclass(frozen=True)
class Audience:
    """Who may ever read an item: this decides what each agency's minutes carry."""

    kind: AudienceKind = AudienceKind.INVOLVED
    agencies: tuple[str, ...] = ()  # codes, upper case, for NAMED only

    def label(self, names: Mapping[str, str] | None = None) -> str:
        if self.kind is AudienceKind.INVOLVED:
            return "All agencies involved"
        if self.kind is AudienceKind.RECORD:
            return "MARAC record only"
        shown = [(names or {}).get(code, code) for code in self.agencies]
        return "Only " + ", ".join(shown)

    def is_within(self, wider: Audience) -> bool:
        """True when this audience is `wider` or narrower than it: what a coordinator may
        change an agency's choice to. Record only is the narrowest; named agencies can
        only lose names; "all involved" can become anything."""
        if self.kind is AudienceKind.RECORD or wider.kind is AudienceKind.INVOLVED:
            return True
        if wider.kind is AudienceKind.RECORD:
            return False
        return self.kind is AudienceKind.NAMED and set(self.agencies) <= set(wider.agencies)


def named(*codes: str) -> Audience:
    return Audience(AudienceKind.NAMED, tuple(sorted({c.strip().upper() for c in codes})))


RECORD_ONLY = Audience(AudienceKind.RECORD)
ALL_INVOLVED = Audience()


def audience_problem(audience: Audience, directory: Mapping[str, str]) -> str | None:
    if audience.kind is AudienceKind.NAMED:
        if not audience.agencies:
            return "Name at least one agency, or choose another audience."
        unknown = [c for c in audience.agencies if c not in directory]
        if unknown:
            return f"Not in the agency directory: {', '.join(unknown)}."
    elif audience.agencies:
        return "Only a 'named agencies' audience lists agencies."
    return None


@dataclass(frozen=True)
class Item:
    kind: ItemKind
    body: str
    nature: Nature = Nature.UNSTATED
    audience: Audience = ALL_INVOLVED


@dataclass(frozen=True)
class PersonResearch:
    person_id: int
    known: Known = Known.UNANSWERED
    items: tuple[Item, ...] = ()

    def of_kind(self, kind: ItemKind) -> list[Item]:
        return [item for item in self.items if item.kind is kind]


@dataclass(frozen=True)
class ReturnContent:
    """What one agency says about the people in one case."""

    people: tuple[PersonResearch, ...] = field(default_factory=tuple)

    @property
    def is_nil(self) -> bool:
        """A nil return: nobody known, nothing to say."""
        return all(p.known is Known.NO and not p.items for p in self.people)

    @property
    def knows_family(self) -> bool:
        return any(p.known is Known.YES for p in self.people)

    @property
    def held(self) -> list[Item]:
        return [i for p in self.people for i in p.items if i.kind is ItemKind.HELD]


def content_data(content: ReturnContent) -> list[dict[str, Any]]:
    """A return as plain data: for a draft kept while it is typed, and inside a sealed
    research return (which is read back strictly, by exchange.research_files)."""
    return [
        {
            "person": p.person_id,
            "known": p.known.value,
            "items": [
                {
                    "kind": i.kind.value,
                    "body": i.body,
                    "nature": i.nature.value,
                    "audience": i.audience.kind.value,
                    "agencies": list(i.audience.agencies),
                }
                for i in p.items
            ],
        }
        for p in content.people
    ]


def content_to_json(content: ReturnContent) -> str:
    """A return as JSON, for a draft kept while it is typed."""
    return json.dumps(content_data(content))


def content_from_json(text: str, person_ids: Collection[int]) -> ReturnContent:
    """A draft read back, keeping only people still on the case and what still reads."""
    people: list[PersonResearch] = []
    for entry in json.loads(text):
        if entry.get("person") not in person_ids:
            continue
        items = tuple(
            Item(
                ItemKind(i["kind"]),
                str(i["body"]),
                Nature(i["nature"]),
                Audience(AudienceKind(i["audience"]), tuple(i["agencies"])),
            )
            for i in entry.get("items", [])
        )
        people.append(PersonResearch(int(entry["person"]), Known(entry["known"]), items))
    return ReturnContent(tuple(people))


MAX_ITEM_CHARS = 20_000


def item_problems(item: Item, directory: Mapping[str, str]) -> list[str]:
    """Why one item cannot be stored."""
    problems: list[str] = []
    if not item.body.strip():
        problems.append("an item is empty.")
    elif len(item.body) > MAX_ITEM_CHARS:
        problems.append("keep each item under 20,000 characters.")
    problem = audience_problem(item.audience, directory)
    if problem and item.kind is not ItemKind.HELD:
        problems.append(problem)
    return problems


def content_problems(
    content: ReturnContent, person_ids: set[int], directory: Mapping[str, str]
) -> list[str]:
    """Why this return cannot be stored for a case whose people are `person_ids`."""
    problems: list[str] = []
    seen: set[int] = set()
    for person in content.people:
        if person.person_id not in person_ids:
            problems.append("The return is about someone who is not in this case.")
            continue
        if person.person_id in seen:
            problems.append("The return lists the same person twice.")
        seen.add(person.person_id)
        if person.known is Known.NO and any(i.kind in SHARED_KINDS for i in person.items):
            problems.append(
                "A person marked as not known to the agency has information to share: "
                "mark them as known, or remove the information."
            )
        for item in person.items:
            problems.extend(f"{item.kind.label}: {p}" for p in item_problems(item, directory))
    if not content.people:
        problems.append("The return says nothing about anyone in the case.")
    return problems


class Source(StrEnum):
    PACK = "pack"  # a filled-in research pack, imported
    SCREEN = "screen"  # entered by the agency's own representative
    PHONE = "phone"  # phoned in, typed by the coordinator
    EMAIL = "email"  # emailed in, typed by the coordinator

    @property
    def label(self) -> str:
        return {
            "pack": "Research pack imported",
            "screen": "Entered by the agency on screen",
            "phone": "Phoned in, recorded by the coordinator",
            "email": "Emailed in, recorded by the coordinator",
        }[self.value]


class Standing(StrEnum):
    """Where one agency stands with one case's research."""

    NOT_REQUESTED = "not_requested"
    NOT_SENT = "not_sent"  # a pack made, not yet recorded as sent: not asked yet
    REQUESTED = "requested"
    OVERDUE = "overdue"
    RETURNED = "returned"
    NIL = "nil"

    @property
    def label(self) -> str:
        return {
            "not_requested": "Not requested",
            "not_sent": "Pack not sent",
            "requested": "Requested",
            "overdue": "Overdue",
            "returned": "Returned",
            "nil": "Nil return",
        }[self.value]


def standing(
    requested: bool,
    returned: ReturnContent | None,
    deadline: date | None,
    today: date,
    *,
    made: bool = False,
) -> Standing:
    """`requested`: a request was recorded as sent, and `deadline` is the one it gave;
    `made`: a pack was made but is not recorded as sent, so the agency was not asked."""
    if returned is not None:
        return Standing.NIL if returned.is_nil else Standing.RETURNED
    if not requested:
        return Standing.NOT_SENT if made else Standing.NOT_REQUESTED
    if deadline is not None and today > deadline:
        return Standing.OVERDUE
    return Standing.REQUESTED
