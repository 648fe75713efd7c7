"""Reading what people type into a research form: yes or no, fact or opinion, and who may
read an item. Forgiving where the meaning is clear, and never guessing an audience: a
phrase that cannot be read is reported, because a wrong guess could share too widely."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from marac_desk.domain.research import ALL_INVOLVED, RECORD_ONLY, Audience, Known, Nature, named

_YES = re.compile(r"^(yes|y|known|open|current)\b", re.IGNORECASE)
_NO = re.compile(r"^(no|n|not known|unknown|none|nil|not found|no trace)\b", re.IGNORECASE)
_BOTH = re.compile(
    r"^(?:(?:yes|y)\s*(?:/|\\|\bor\b|\|)\s*(?:no|n)|(?:no|n)\s*(?:/|\\|\bor\b|\|)\s*(?:yes|y))\b"
    r"|^(?:yes|y)\s+(?:no|n)$|^(?:no|n)\s+(?:yes|y)$",
    re.IGNORECASE,
)


def read_known(text: str) -> tuple[Known, str] | None:
    """The answer to "known to your agency?", and any words typed after it.

    None when the cell says something else entirely.
    """
    clean = " ".join(text.split())
    if not clean:
        return Known.UNANSWERED, ""
    if _BOTH.match(clean):
        return None  # "Yes/No" left as the prompt, or both answers: neither can be taken
    # "Not known" must be tried before "known".
    for pattern, known in ((_NO, Known.NO), (_YES, Known.YES)):
        match = pattern.match(clean)
        if match:
            rest = clean[match.end() :].lstrip(" -–—:;,.").strip()
            return known, rest
    return None


_FACT = re.compile(r"^(fact|f|factual)\.?$", re.IGNORECASE)
_OPINION = re.compile(r"^((professional )?opinion|o|op|prof\.? opinion|view)\.?$", re.IGNORECASE)


def read_nature(text: str) -> Nature | None:
    """Fact or professional opinion; Nature.UNSTATED for an empty cell; None otherwise."""
    clean = " ".join(text.split())
    if not clean:
        return Nature.UNSTATED
    if _FACT.match(clean):
        return Nature.FACT
    if _OPINION.match(clean):
        return Nature.OPINION
    return None


_PREFIX = re.compile(r"^(fact|opinion|professional opinion)\s*[:\-–—]\s*", re.IGNORECASE)


def split_nature_prefix(text: str) -> tuple[Nature, str]:
    """ "Fact: he has a bail condition" typed into the information cell."""
    match = _PREFIX.match(text.strip())
    if not match:
        return Nature.UNSTATED, text.strip()
    word = match.group(1).lower()
    return (Nature.FACT if word == "fact" else Nature.OPINION), text.strip()[match.end() :]


_SEPARATORS = re.compile(r"\s*(?:,|;|/|&|\band\b|\+)\s*", re.IGNORECASE)
_ONLY = re.compile(r"^(only|named( agencies)?|share with|to)\s*[:\-–—]?\s*", re.IGNORECASE)


def read_audience(text: str, directory: Mapping[str, str]) -> Audience | None:
    """Who may read an item, from what was typed. Empty means the default (all agencies
    involved). Agencies are named by code or by name as in the directory. None when the
    phrase cannot be read for certain."""
    clean = " ".join(text.split()).strip(" .")
    if not clean:
        return ALL_INVOLVED
    lowered = clean.lower()
    if lowered in ("marac record only", "record only", "marac only", "not for minutes"):
        return RECORD_ONLY
    if lowered in ("all agencies involved", "all agencies", "all involved", "all", "everyone"):
        return ALL_INVOLVED
    by_name = {name.lower(): code for code, name in directory.items()}
    by_code = {code.lower(): code for code in directory}
    names = [part for part in _SEPARATORS.split(_ONLY.sub("", clean)) if part]
    codes: list[str] = []
    for part in names:
        key = part.lower().strip(" .")
        code = by_code.get(key) or by_name.get(key)
        if code is None:
            return None
        codes.append(code)
    return named(*codes) if codes else None


def looks_like_audience(text: str, directory: Mapping[str, str]) -> bool:
    """Whether a short cell is an audience phrase rather than information (used to sort
    out text typed into the wrong column)."""
    return bool(text.strip()) and len(text) < 120 and read_audience(text, directory) is not None


# Words that begin a restriction written into the information itself.
_RESTRICTS = re.compile(
    r"^(only\b|marac record only|record only|marac only|not for minutes|share with\b)",
    re.IGNORECASE,
)
_PIECES = re.compile(r"\([^()\n]*\)|\[[^\[\]\n]*\]|[^.;!?\n()\[\]]+[.;!?]*")


@dataclass(frozen=True)
class WrittenAudience:
    """A phrase in the information that says who may read it ("… Only IDVA service.").

    `audience` is None when the phrase restricts but names something that is not an
    agency in the directory, so what was meant cannot be known."""

    phrase: str
    audience: Audience | None
    rest: str  # the information without the phrase


def _names_an_agency(text: str, directory: Mapping[str, str]) -> bool:
    words = {w.lower() for w in re.findall(r"[A-Za-z0-9&']+", text)}
    lowered = " " + " ".join(text.lower().split()) + " "
    return any(code.lower() in words for code in directory) or any(
        f" {name.lower()} " in lowered for name in directory.values()
    )


def audience_in_text(text: str, directory: Mapping[str, str]) -> WrittenAudience | None:
    """The restriction an agency wrote into the information, if any: a line, sentence or
    bracket that starts "Only …" or says "MARAC record only". Words that merely start
    with "only" ("Only seen once at A&E") are information, unless they name an agency."""
    found: list[tuple[str, Audience | None]] = []
    for match in _PIECES.finditer(text):
        raw = match.group(0)
        piece = raw.strip().strip("()[]").strip(" .;!?:")
        head, colon, _tail = piece.partition(":")
        for candidate in ([head.strip()] if colon else []) + [piece]:
            if not _RESTRICTS.match(candidate):
                continue
            audience = read_audience(candidate, directory)
            if audience is not None and audience != ALL_INVOLVED:
                found.append((candidate if candidate is not piece else raw, audience))
                break
            if _names_an_agency(candidate, directory):
                found.append((raw, None))
                break
    if not found:
        return None
    audiences = {a for _, a in found}
    phrase = found[0][0]
    audience = found[0][1] if len(audiences) == 1 else None
    rest = text
    for piece, _ in found:
        rest = rest.replace(piece, "", 1)
    rest = "\n".join(" ".join(line.split()).strip(" :") for line in rest.splitlines())
    return WrittenAudience(" ".join(phrase.split()).strip(" .:"), audience, rest.strip())
