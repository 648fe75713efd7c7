"""The combined case summary laid out as headed blocks of labelled rows.

The screen and the printed page both render this one layout and nothing else, so they
cannot show different things: what is on the page is what was on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

from marac_desk.domain.case_summary import CaseSummary
from marac_desk.domain.dates import uk_from_iso
from marac_desk.domain.research import ItemKind, Nature


@dataclass(frozen=True)
class Row:
    label: str
    lines: tuple[str, ...]  # user text, one paragraph each
    note: str = ""  # what kind of item, fact or opinion, who may read it
    placeholder: bool = False  # the lines say that nothing is there yet


@dataclass(frozen=True)
class Block:
    heading: str
    level: int = 1  # 1: a part of the summary; 2: one person within a part
    note: str = ""  # a line under the heading
    rows: tuple[Row, ...] = ()
    empty: str = ""  # shown when there are no rows


@dataclass(frozen=True)
class SummaryLayout:
    title: str
    subtitle: str
    blocks: tuple[Block, ...]


def _text(label: str, value: str) -> Row:
    return Row(label, (value,)) if value.strip() else Row(label, ("Not recorded",), "", True)


def _joined(label: str, values: tuple[str, ...], empty: str) -> Row:
    return Row(label, (", ".join(values),)) if values else Row(label, (empty,), placeholder=True)


def _referral(summary: CaseSummary) -> Block:
    r = summary.referral
    dash = (
        "Not recorded" if r.dash_score is None else f"{r.dash_score} (threshold {r.dash_threshold})"
    )
    by = f"{uk_from_iso(r.referral_date)} by {r.referring_agency}".strip()
    return Block(
        "Referral",
        rows=(
            Row("Referred", (by,)),
            Row("Dash score", (dash,)),
            _joined("Criteria met", r.criteria, "None recorded"),
            _text("Consent", r.consent),
            _text("Reason", r.reason),
        ),
    )


def _who_knows(summary: CaseSummary) -> Block:
    return Block(
        "Who knows the family",
        rows=(
            _joined("Known to", summary.know_family, "No agency yet"),
            _joined("Not known to", summary.do_not_know, "None"),
            _joined("Still to return", summary.missing, "None outstanding"),
        ),
    )


def left_out_line(count: int, what: str, whats: str) -> str:
    """The line a view for every agency involved shows where it leaves items out."""
    return (
        f"1 {what} is for named agencies or the MARAC record only, so it is not shown here."
        if count == 1
        else f"{count} {whats} are for named agencies or the MARAC record only, so they are "
        "not shown here."
    )


def _risks(summary: CaseSummary) -> Block:
    hidden = summary.left_out_risks
    return Block(
        "Risks named by each agency",
        note=left_out_line(hidden, "risk", "risks") if hidden and summary.risks else "",
        rows=tuple(Row(agency, risks) for agency, risks in summary.risks),
        empty=left_out_line(hidden, "risk", "risks")
        if hidden
        else "No agency has named a risk yet.",
    )


def _people(summary: CaseSummary) -> list[Block]:
    blocks = [Block("What agencies share, by person")]
    for person in summary.people:
        heading = person.title
        if person.born:
            heading += f" · born {person.born}"
        if not person.on_referral:
            heading += " (no longer on the referral)"
        note = ""
        if person.known_to or person.not_known_to:
            note = (
                f"Known to: {', '.join(person.known_to) or 'no agency'} · "
                f"not known to: {', '.join(person.not_known_to) or 'none'}"
            )
        hidden = left_out_line(person.left_out, "item", "items") if person.left_out else ""
        rows = []
        for item in person.shared:
            if item.kind is ItemKind.RISK:
                continue  # risks are set side by side in their own part
            what = "Involvement" if item.kind is ItemKind.INVOLVEMENT else "Shares"
            nature = "" if item.nature is Nature.UNSTATED else f" · {item.nature.label}"
            rows.append(Row(item.agency, (item.body,), f"{what}{nature} · {item.audience}"))
        if rows and hidden:
            note = f"{note} · {hidden}" if note else hidden
        blocks.append(
            Block(
                heading,
                2,
                note,
                tuple(rows),
                empty=hidden or "Nothing shared about this person yet.",
            )
        )
    return blocks


def _held_back(summary: CaseSummary) -> list[Block]:
    if not summary.held_back:
        return []
    rows = tuple(Row(f"{h.agency}: {h.count}", h.reasons) for h in summary.held_back)
    return [Block("Held back (counted only; never shared)", rows=rows)]


def _returns(summary: CaseSummary) -> Block:
    return Block(
        "How each return came in",
        rows=tuple(Row(agency, (how,)) for agency, how in summary.sources),
        empty="No agency has returned research yet.",
    )


def _history(summary: CaseSummary) -> Block:
    return Block(
        "History",
        note="Earlier referrals of this victim, and the actions agreed at earlier meetings "
        "with how each went.",
        rows=tuple(Row(f"{uk_from_iso(h.date)} {h.reference}", (h.text,)) for h in summary.history),
        empty="No earlier referral of this victim, and no earlier actions.",
    )


def layout(summary: CaseSummary) -> SummaryLayout:
    r = summary.referral
    flags = []
    if r.is_repeat:
        flags.append("Repeat referral")
    if r.transfer_from:
        flags.append(f"Transfer in from {r.transfer_from}")
    subtitle = f"Meeting: {summary.meeting}" + (f" · {'; '.join(flags)}" if flags else "")
    return SummaryLayout(
        title=f"{r.reference}: {r.victim}",
        subtitle=subtitle,
        blocks=(
            _referral(summary),
            _who_knows(summary),
            _risks(summary),
            *_people(summary),
            *_held_back(summary),
            _returns(summary),
            _history(summary),
        ),
    )
