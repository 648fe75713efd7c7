"""What a research request and a research return carry inside their sealed files, built
from the vault's own records and read back strictly: a payload that is not exactly what
marac-desk writes is refused, never guessed at, so a return imports exactly what the
agency entered, for the people it was entered under, with the audiences it chose."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.research import (
    Audience,
    AudienceKind,
    Item,
    ItemKind,
    Known,
    Nature,
    PersonResearch,
    ReturnContent,
    content_data,
)
from marac_desk.errors import ValidationError
from marac_desk.storage.case_file import CasePerson
from marac_desk.storage.research_packs import PackData

PAYLOAD_VERSION = 1
MAX_TEXT = 20_000
MAX_CASES = 500
MAX_PEOPLE = 50
MAX_ITEMS = 200


class PayloadError(ValidationError):
    """A sealed file whose contents are not what marac-desk writes."""


@dataclass(frozen=True)
class RequestCase:
    case_id: int  # the MARAC's own id for the case, quoted back in the return
    reference: str
    people: tuple[CasePerson, ...]
    draft: ReturnContent | None  # research already begun for this case, if any


@dataclass(frozen=True)
class Request:
    token: str
    marac_name: str
    marking: str
    agency_code: str
    agency_name: str
    meeting_id: int
    meeting_uid: str
    meeting_date: date
    meeting_title: str
    deadline: date | None
    directory: dict[str, str]  # every agency an item's audience may name
    cases: tuple[RequestCase, ...]

    def case(self, case_id: int) -> RequestCase:
        for case in self.cases:
            if case.case_id == case_id:
                return case
        raise KeyError(case_id)


@dataclass(frozen=True)
class ReturnFile:
    token: str
    meeting_uid: str
    agency_code: str
    cases: dict[int, ReturnContent]


# -- writing ----------------------------------------------------------------------------


def request_payload(
    data: PackData, directory: Mapping[str, str], drafts: Mapping[int, ReturnContent]
) -> dict[str, Any]:
    meeting = data.meeting
    return {
        "version": PAYLOAD_VERSION,
        "token": data.token,
        "marac_name": data.marac_name,
        "marking": data.marking,
        "agency": {"code": data.agency_code, "name": data.agency_name},
        "meeting": {
            "id": meeting.meeting_id,
            "uid": meeting.uid,
            "date": meeting.details.meeting_date.isoformat(),
            "title": meeting.details.title,
            "deadline": (
                meeting.details.research_deadline.isoformat()
                if meeting.details.research_deadline
                else None
            ),
        },
        "directory": dict(directory),
        "cases": [
            {
                "case": case.case_id,
                "reference": case.reference,
                "people": [
                    {
                        "person": p.person_id,
                        "role": p.role.value,
                        "name": p.name,
                        "date_of_birth": p.date_of_birth,
                        "dob_approximate": p.dob_approximate,
                        "gender": p.gender,
                        "aliases": list(p.aliases),
                        "address": p.address,
                        "note": p.note,
                    }
                    for p in case.people
                ],
                "draft": content_data(drafts[case.case_id]) if case.case_id in drafts else None,
            }
            for case in data.cases
        ],
    }


def return_payload(request: Request, contents: Mapping[int, ReturnContent]) -> dict[str, Any]:
    return {
        "version": PAYLOAD_VERSION,
        "token": request.token,
        "meeting_uid": request.meeting_uid,
        "agency": request.agency_code,
        "cases": [
            {"case": case_id, "people": content_data(content)}
            for case_id, content in sorted(contents.items())
        ],
    }


# -- reading (untrusted until proved otherwise) ------------------------------------------


def damaged(what: str) -> PayloadError:
    """A payload that is not what marac-desk writes: refused whole, never guessed at."""
    return PayloadError(
        f"This file's contents are not what marac-desk writes ({what}), so nothing in it "
        "was used. Ask the sender to make it again with marac-desk."
    )


def check_version(payload: Mapping[str, Any], supported: int = PAYLOAD_VERSION) -> None:
    """Refuse contents with no version, or a newer one than this marac-desk reads."""
    version = payload.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise damaged("no version")
    if version > supported:
        raise PayloadError(
            f"This file was made by a newer marac-desk (contents version {version}; this "
            f"version reads up to {supported}). Update marac-desk, then open it again."
        )


def _str(data: Mapping[str, Any], key: str, *, limit: int = 500, empty: bool = True) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > limit or (not empty and not value.strip()):
        raise damaged(f"{key!r} is not text")
    if "\x00" in value:
        raise damaged(f"{key!r} holds a NUL")
    return value


def _int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise damaged(f"{key!r} is not an id")
    return value


def _list(value: object, what: str, limit: int) -> list[Any]:
    if not isinstance(value, list) or len(value) > limit:
        raise damaged(f"{what} is not a list")
    return value


def _dict(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise damaged(f"{what} is not an object")
    return value


def _date(value: object, what: str) -> date:
    if not isinstance(value, str):
        raise damaged(f"{what} is not a date")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise damaged(f"{what} is not a date") from exc


def read_content(data: object, people: Mapping[int, object]) -> ReturnContent:
    """One case's research from a payload, exactly as written: every person must be one of
    `people`, once; every field one marac-desk writes, with a value it can hold."""
    found: list[PersonResearch] = []
    seen: set[int] = set()
    for entry in _list(data, "the people", MAX_PEOPLE):
        entry = _dict(entry, "a person")
        if set(entry) != {"person", "known", "items"}:
            raise damaged("a person has fields marac-desk does not write")
        person_id = _int(entry, "person")
        if person_id not in people or person_id in seen:
            raise damaged("research about someone the request did not ask about")
        seen.add(person_id)
        try:
            known = Known(entry["known"])
        except (ValueError, TypeError) as exc:
            raise damaged("'known' is not known, not known or not answered") from exc
        items: list[Item] = []
        for raw in _list(entry["items"], "the items", MAX_ITEMS):
            raw = _dict(raw, "an item")
            if set(raw) != {"kind", "body", "nature", "audience", "agencies"}:
                raise damaged("an item has fields marac-desk does not write")
            try:
                kind, nature = ItemKind(raw["kind"]), Nature(raw["nature"])
                audience_kind = AudienceKind(raw["audience"])
            except (ValueError, TypeError) as exc:
                raise damaged("an item's kind, nature or audience is not one there is") from exc
            codes = _list(raw["agencies"], "an audience", 100)
            if not all(isinstance(c, str) and 0 < len(c) <= 20 for c in codes):
                raise damaged("an audience names something that is not an agency code")
            body = _str(raw, "body", limit=MAX_TEXT)
            items.append(Item(kind, body, nature, Audience(audience_kind, tuple(codes))))
        found.append(PersonResearch(person_id, known, tuple(items)))
    return ReturnContent(tuple(found))


def read_request(payload: Mapping[str, Any]) -> Request:
    check_version(payload)
    agency = _dict(payload.get("agency"), "the agency")
    meeting = _dict(payload.get("meeting"), "the meeting")
    directory_data = _dict(payload.get("directory"), "the directory")
    directory: dict[str, str] = {}
    for code, name in directory_data.items():
        if not isinstance(name, str) or len(code) > 20 or len(name) > 200:
            raise damaged("the directory")
        directory[code.upper()] = name
    deadline = meeting.get("deadline")
    cases: list[RequestCase] = []
    for raw in _list(payload.get("cases"), "the cases", MAX_CASES):
        raw = _dict(raw, "a case")
        people: list[CasePerson] = []
        for position, person in enumerate(_list(raw.get("people"), "the people", MAX_PEOPLE)):
            person = _dict(person, "a person")
            try:
                role = CaseRole(str(person.get("role")))
            except ValueError as exc:
                raise damaged("a person's role") from exc
            aliases = _list(person.get("aliases"), "aliases", 50)
            if not all(isinstance(a, str) and len(a) <= 200 for a in aliases):
                raise damaged("aliases")
            people.append(
                CasePerson(
                    person_id=_int(person, "person"),
                    role=role,
                    position=position,
                    name=_str(person, "name", limit=200, empty=False),
                    date_of_birth=_str(person, "date_of_birth", limit=40),
                    dob_approximate=person.get("dob_approximate") is True,
                    gender=_str(person, "gender", limit=60),
                    aliases=tuple(aliases),
                    address=_str(person, "address", limit=1000),
                    note=_str(person, "note", limit=2000),
                )
            )
        if len({p.person_id for p in people}) != len(people) or not people:
            raise damaged("a case's people")
        ids = {p.person_id: p for p in people}
        draft = raw.get("draft")
        cases.append(
            RequestCase(
                case_id=_int(raw, "case"),
                reference=_str(raw, "reference", limit=60, empty=False),
                people=tuple(people),
                draft=None if draft is None else read_content(draft, ids),
            )
        )
    if len({c.case_id for c in cases}) != len(cases) or not cases:
        raise damaged("the cases")
    return Request(
        token=_str(payload, "token", limit=40, empty=False),
        marac_name=_str(payload, "marac_name", limit=200),
        marking=_str(payload, "marking", limit=200),
        agency_code=_str(agency, "code", limit=20, empty=False).upper(),
        agency_name=_str(agency, "name", limit=200),
        meeting_id=_int(meeting, "id"),
        meeting_uid=_str(meeting, "uid", limit=64, empty=False),
        meeting_date=_date(meeting.get("date"), "the meeting date"),
        meeting_title=_str(meeting, "title", limit=200),
        deadline=None if deadline is None else _date(deadline, "the research deadline"),
        directory=directory,
        cases=tuple(cases),
    )


def read_return(payload: Mapping[str, Any], asked: Mapping[int, list[int]]) -> ReturnFile:
    """A return, checked against what its request asked: `asked` maps each case id to the
    people asked about. A case or person outside the request is refused."""
    check_version(payload)
    if set(payload) != {"version", "token", "meeting_uid", "agency", "cases"}:
        raise damaged("it has fields a research return does not hold")
    cases: dict[int, ReturnContent] = {}
    for raw in _list(payload.get("cases"), "the cases", MAX_CASES):
        raw = _dict(raw, "a case")
        if set(raw) != {"case", "people"}:
            raise damaged("a case has fields marac-desk does not write")
        case_id = _int(raw, "case")
        if case_id not in asked or case_id in cases:
            raise damaged("research for a case the request did not ask about")
        people = {pid: None for pid in asked[case_id]}
        cases[case_id] = read_content(raw["people"], people)
    return ReturnFile(
        token=_str(payload, "token", limit=40, empty=False),
        meeting_uid=_str(payload, "meeting_uid", limit=64, empty=False),
        agency_code=_str(payload, "agency", limit=20, empty=False).upper(),
        cases=cases,
    )
