"""Repeat matching on the project's hard set: how often the right earlier case is found,
and how often "likely the same person" is right.

The set (tests/fixtures/repeat_set.json, made by tests/fixtures/make_repeat_set.py) holds
300 earlier victims and 148 new referrals: 80 true repeats written another way (a slip,
another spelling or transliteration, names swapped, day and month swapped, the date of
birth unknown or approximate, an alias, a married name) and 68 hard negatives (twins:
same surname and date of birth, another forename; the same name with a clearly
different date of birth; another person with the same surname).

Reported: recall of true repeats in the top 3 and first, and precision of the top band
(the share of "likely the same person" candidates that are the right person), with the
negatives that reached it by kind. This is a quality measure, not a timing: there is no
baseline to divide by.

    .venv/bin/python benchmarks/repeat_bands.py
"""

from __future__ import annotations

import platform
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.fixtures.repeat_set import evaluate


def main() -> int:
    outcome = evaluate()
    negatives = sum(outcome.negatives.values())
    print(f"repeat bands on the hard set, {date.today().isoformat()}, {platform.platform()}")
    print(f"true repeats: {outcome.repeats}; hard negatives: {negatives}")
    for kind, count in sorted(outcome.negatives.items()):
        print(f"  {kind}: {count}, in the top band: {outcome.wrong_in_top_band[kind]}")
    print(f"recall, right case in the top 3: {outcome.recall_top3:.1%}")
    print(f"recall, right case first: {outcome.found_first / outcome.repeats:.1%}")
    print(
        f"top band ('likely the same person'): {outcome.top_band} candidates, precision "
        f"{outcome.top_band_precision:.1%}; true repeats in it: "
        f"{outcome.true_in_top_band / outcome.repeats:.1%}"
    )
    for missed in outcome.missed:
        print(f"  not in the top 3: {missed}")
    return 0 if outcome.recall_top3 >= 0.95 and not outcome.wrong_in_top_band else 1


if __name__ == "__main__":
    sys.exit(main())
