"""The combined case summary: one page a chair can run the discussion of a case from.

Built by one pure function from stored data, so that the screen and the printed page
show the same thing. Information an agency holds but does not share never appears here:
only how many items each agency held back, and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from marac_desk.domain.cases import CaseRole
from marac_desk.domain.dates import uk_from_iso
from marac_desk.domain.research import Item, ItemKind, Known, Nature

_ROLE_ORDER = [CaseRole.VICTIM, CaseRole.PERPETRATOR, CaseRole.CHILD, CaseRole.OTHER]


@dataclass(frozen=True)
class ReferralFacts:
    reference: str
    victim: str
    referral_date: str
    referring_agency: str
    reason: str
    dash_score: int | None
    dash_threshold: int
    criteria: tuple[str, ...]
    consent: str
    is_repeat: bool
    transfer_from: str


@dataclass(frozen=True)
class SummaryPerson:
    person_id: int
    role: CaseRole
    name: str
    born: str = ""


@dataclass(frozen=True)
class AgencyReturn:
    """One agency's current return for the case, as stored."""

    agency_code: str
    source: str  # how it came in, in words
    recorded_at: str
    people: Mapping[int, tuple[CaseRole, str, Known]]
    items: tuple[tuple[int, Item], ...]  # (person id, item)


@dataclass(frozen=True)
class HistoryLine:
    date: str
    reference: str
    text: str


@dataclass(frozen=True)
class Shared:
    agency: str
    kind: ItemKind
    body: str
    nature: Nature
    audience: str


@dataclass(frozen=True)
class PersonSection:
    role: CaseRole
    name: str
    born: str
    known_to: tuple[str, ...]
    not_known_to: tuple[str, ...]
    shared: tuple[Shared, ...]
    on_referral: bool = True  # False: taken off the referral since research came in
    left_out: int = 0  # items about this person with a narrower audience, not shown here

    @property
    def title(self) -> str:
        return f"{self.role.label}: {self.name}"


@dataclass(frozen=True)
class HeldBack:
    agency: str
    count: int
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class CaseSummary:
    referral: ReferralFacts
    meeting: str
    people: tuple[PersonSection, ...]
    risks: tuple[tuple[str, tuple[str, ...]], ...]  # agency, the risks it names
    know_family: tuple[str, ...]
    do_not_know: tuple[str, ...]  # nil returns: a gap, or reassurance
    missing: tuple[str, ...]  # asked, not yet returned
    held_back: tuple[HeldBack, ...]
    history: tuple[HistoryLine, ...]
    sources: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # agency, how and when
    # Risks with a narrower audience, left out of a view for every agency involved (the
    # shared screen): counted, so the view never says "none" when some exist.
    left_out_risks: int = 0


def _known(r: AgencyReturn, person_id: int) -> Known | None:
    found = r.people.get(person_id)
    return found[2] if found else None


def build(
    referral: ReferralFacts,
    meeting: str,
    people: list[SummaryPerson],
    returns: list[AgencyReturn],
    requested: set[str],
    names: Mapping[str, str],
    history: list[HistoryLine],
    left_out: Iterable[tuple[int, Item]] = (),
) -> CaseSummary:
    """Bring the referral, every agency's shareable research and the history together.
    `left_out`: (person, item) for research kept out of this view, to be counted."""
    left = list(left_out)

    def name(code: str) -> str:
        return names.get(code, code)

    ordered = sorted(returns, key=lambda r: name(r.agency_code).lower())
    sections: list[PersonSection] = []
    seen: set[int] = set()
    snapshots: dict[int, tuple[CaseRole, str]] = {}
    for r in ordered:
        for pid, (role, pname, _) in r.people.items():
            snapshots.setdefault(pid, (role, pname))
    everyone = [(p.person_id, p.role, p.name, p.born, True) for p in people]
    everyone += [
        (pid, role, pname, "", False)
        for pid, (role, pname) in snapshots.items()
        if pid not in {p.person_id for p in people}
    ]
    everyone.sort(key=lambda p: _ROLE_ORDER.index(p[1]))
    for pid, role, pname, born, on_referral in everyone:
        if pid in seen:
            continue
        seen.add(pid)
        known_to = tuple(name(r.agency_code) for r in ordered if _known(r, pid) is Known.YES)
        not_known = tuple(name(r.agency_code) for r in ordered if _known(r, pid) is Known.NO)
        shared = tuple(
            Shared(
                name(r.agency_code), item.kind, item.body, item.nature, item.audience.label(names)
            )
            for r in ordered
            for item_pid, item in r.items
            if item_pid == pid and item.kind is not ItemKind.HELD
        )
        hidden = sum(
            1 for p, i in left if p == pid and i.kind not in (ItemKind.RISK, ItemKind.HELD)
        )
        sections.append(
            PersonSection(role, pname, born, known_to, not_known, shared, on_referral, hidden)
        )
    risks = tuple(
        (name(r.agency_code), tuple(i.body for _, i in r.items if i.kind is ItemKind.RISK))
        for r in ordered
        if any(i.kind is ItemKind.RISK for _, i in r.items)
    )
    know = tuple(
        name(r.agency_code)
        for r in ordered
        if any(known is Known.YES for _, _, known in r.people.values())
    )
    nil = tuple(
        name(r.agency_code)
        for r in ordered
        if all(known is Known.NO for _, _, known in r.people.values()) and not r.items
    )
    returned = {r.agency_code for r in returns}
    missing = tuple(sorted((name(c) for c in requested - returned), key=str.lower))
    held = tuple(
        HeldBack(
            name(r.agency_code),
            len(reasons),
            tuple(reasons),
        )
        for r in ordered
        if (reasons := [i.body for _, i in r.items if i.kind is ItemKind.HELD])
    )
    sources = tuple(
        (name(r.agency_code), f"{r.source}, {uk_from_iso(r.recorded_at[:10])}") for r in ordered
    )
    return CaseSummary(
        referral,
        meeting,
        tuple(sections),
        risks,
        know,
        nil,
        missing,
        held,
        tuple(sorted(history, key=lambda h: h.date)),
        sources,
        sum(1 for _, i in left if i.kind is ItemKind.RISK),
    )
