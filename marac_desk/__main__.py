"""Entry point: `marac-desk` and `python -m marac_desk`."""

from __future__ import annotations

import sys


def main() -> None:
    import multiprocessing

    from marac_desk.crash_output import forbid_core_dumps

    # First of all: nothing this process learns (keys, case data) may reach a core dump.
    forbid_core_dumps()

    # The minutes export renders on several cores in spawned processes; in the packaged
    # app each of those starts this executable, which must then do only that work.
    multiprocessing.freeze_support()
    from marac_desk.cli import run

    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
