"""Vault tools benchmark: a backup and a verify of a vault with a year's audit log.

Builds a training vault of `--cases` cases and adds `--entries` audit entries (a busy
MARAC's year: cases viewed, searches, saves), then times, alternating in the same run,
`--runs` times each (medians):

  backup     marac-desk's backup as the user waits for it: the encrypted copy, the
             manifest, the archive written, read back and verified (pages, structure,
             audit chain and its head)        vs  a bare keyed `sqlcipher_export` of the
                                                  same vault into a new file
  verify     marac-desk's verify: pages, structure, links, the audit chain and its head,
             the accounts' signatures          vs  the bare checks on a raw sqlcipher3
                                                  connection: cipher_integrity_check,
                                                  integrity_check, foreign_key_check

    .venv/bin/python benchmarks/vault_tools.py [--cases 20000] [--entries 200000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import sqlcipher3

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._stats import HEADER, Row, Samples, machine
from marac_desk.storage import backup, integrity
from marac_desk.storage.connection import key_pragma
from marac_desk.storage.training import make_training_vault
from marac_desk.storage.vault import Vault

_KINDS = (
    ("case_viewed", lambda n: {"case_id": n % 5000 + 1, "reference": f"M2026-{n % 5000:05d}"}),
    ("register_searched", lambda n: {"length": n % 12 + 3, "hits": n % 40}),
    ("referral_saved", lambda n: {"case_id": n % 5000 + 1, "reference": f"M2026-{n % 5000:05d}"}),
)


def add_entries(vault: Vault, count: int) -> None:
    """`count` entries through the vault's own writer, so the chain is the real one."""
    for start in range(0, count, 20_000):
        with vault.transaction():
            for n in range(start, min(count, start + 20_000)):
                action, detail = _KINDS[n % len(_KINDS)]
                vault.audit(action, detail(n))


def bare_export(vault: Vault, target: Path) -> None:
    conn = sqlcipher3.connect(str(vault.paths.vault))
    try:
        conn.execute(key_pragma(vault.key))
        attach = key_pragma(vault.key).split("=", 1)[1].strip()
        conn.execute(f"ATTACH DATABASE ? AS copy KEY {attach}", (str(target),))
        conn.execute("SELECT sqlcipher_export('copy')").fetchone()
        conn.execute("DETACH DATABASE copy")
    finally:
        conn.close()


def bare_checks(vault: Vault) -> None:
    conn = sqlcipher3.connect(str(vault.paths.vault))
    try:
        conn.execute(key_pragma(vault.key))
        conn.execute("PRAGMA cipher_integrity_check").fetchall()
        conn.execute("PRAGMA integrity_check").fetchall()
        conn.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--entries", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        vault = make_training_vault(folder / "vault", args.cases)
        add_entries(vault, args.entries)
        entries = vault.conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        size = vault.paths.vault.stat().st_size
        taken: dict[str, list[float]] = {"backup": [], "export": [], "verify": [], "checks": []}
        for number in range(args.runs):
            start = time.perf_counter()
            backup.create_backup(vault, folder / f"backup{number}.mdbackup")
            taken["backup"].append(time.perf_counter() - start)
            start = time.perf_counter()
            bare_export(vault, folder / f"export{number}.db")
            taken["export"].append(time.perf_counter() - start)
            start = time.perf_counter()
            report = integrity.verify(vault)
            taken["verify"].append(time.perf_counter() - start)
            assert report.ok, report.lines()
            start = time.perf_counter()
            bare_checks(vault)
            taken["checks"].append(time.perf_counter() - start)
            for made in (folder / f"backup{number}.mdbackup", folder / f"export{number}.db"):
                made.unlink()
        vault.close(action=None)
    made, exported = Samples(taken["backup"]), Samples(taken["export"])
    checked, bare = Samples(taken["verify"]), Samples(taken["checks"])
    print(machine())
    print(f"{args.cases:,} cases, {entries:,} audit entries, vault {size / 2**20:.0f} MiB; "
          f"{args.runs} runs each, alternating")  # fmt: skip
    print(HEADER)
    print(
        Row(
            "backup: copy, archive, read back and verify",
            made,
            exported,
            "≤1.5 × sqlcipher_export",
            made.median_ms <= 1.5 * exported.median_ms,
        ).line()
    )
    print(
        Row(
            "verify: pages, structure, links, audit chain and head, accounts",
            checked,
            bare,
            "≤1.5 × the bare checks",
            checked.median_ms <= 1.5 * bare.median_ms,
        ).line()
    )


if __name__ == "__main__":
    main()
