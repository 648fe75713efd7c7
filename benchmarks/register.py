"""Register benchmark: repeat check, search, opening the register and a 20,000-row import.

Builds a training vault of 20,000 cases (about 60,000 people), and beside it a plain,
unencrypted SQLite database holding the same people and cases with ordinary indexes.
Each marac-desk operation is timed against the plain indexed query that a naive version
of it would run over the same rows, in the same run, and reported as a ratio:

  repeat check   find_earlier for a misspelled new referral  vs  SELECT by surname and DOB
  search         the register search (FTS5 + names)           vs  SELECT by surname
  register open  the register model shown, first screen read  vs  SELECT all cases ordered
  scrolling      one page read deep in the register           vs  SELECT 200 cases at an offset
  CSV import     read, preview and import 20,000 rows         vs  executemany of the rows

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/register.py [--cases 20000]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from marac_desk.domain.register_columns import COLUMNS, guess_mapping
from marac_desk.domain.training import generate
from marac_desk.exchange.table_files import read_table
from marac_desk.security import kdf
from marac_desk.storage import case_search, name_index, register_import, repeats
from marac_desk.storage.training import make_training_vault
from marac_desk.storage.training_account import TRAINING_PASSWORD, TRAINING_USER
from marac_desk.storage.vault import Vault
from marac_desk.storage.vault_setup import create_vault


def median_ms(run: Callable[[], object], times: int) -> float:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def plain_copy(vault: Vault, target: Path) -> sqlite3.Connection:
    """The same people and cases in plain SQLite, indexed as a simple register would be."""
    plain = sqlite3.connect(target)
    plain.executescript(
        "CREATE TABLE cases (id INTEGER PRIMARY KEY, reference TEXT, status TEXT, "
        "  last_referral_on TEXT);"
        "CREATE TABLE persons (id INTEGER PRIMARY KEY, case_id INTEGER, role TEXT, "
        "  surname TEXT, forenames TEXT, date_of_birth TEXT);"
    )
    plain.executemany(
        "INSERT INTO cases VALUES (?, ?, ?, ?)",
        vault.conn.execute("SELECT id, reference, status, last_referral_on FROM cases"),
    )
    plain.executemany(
        "INSERT INTO persons VALUES (?, ?, ?, ?, ?, ?)",
        vault.conn.execute(
            "SELECT p.id, cp.case_id, cp.role, p.surname, p.forenames, p.date_of_birth "
            "FROM persons p JOIN case_persons cp ON cp.person_id = p.id"
        ),
    )
    plain.executescript(
        "CREATE INDEX persons_name ON persons (surname COLLATE NOCASE, date_of_birth);"
        "CREATE INDEX cases_last ON cases (last_referral_on);"
    )
    plain.commit()
    return plain


def misspell(rng: random.Random, word: str) -> str:
    if len(word) < 5:
        return word
    at = rng.randint(1, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def register_csv(path: Path, count: int) -> None:
    """A 20,000-row register in the template's columns, as a MARAC would export it."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header for c in COLUMNS])
        for case in generate(count, seed=99, today=date.today()):
            doc = case.doc
            victim, perpetrator = doc["victim"], doc["perpetrators"][0]
            children = "; ".join(
                f"{c['forenames']} {c['surname']} ({c['date_of_birth']})".strip()
                for c in doc["children"]
                if not c.get("unborn")
            )
            values = {
                "reference": case.reference.replace("TRAINING", "OLD"),
                "referral_date": case.referral_date.strftime("%d/%m/%Y"),
                "referring_agency": doc["referral"]["referring_agency"],
                "status": case.status.label,
                "victim_surname": victim["surname"],
                "victim_forenames": victim["forenames"],
                "victim_aliases": victim.get("aliases", ""),
                "victim_dob": victim["date_of_birth"],
                "victim_gender": victim["gender"],
                "victim_address": victim["address"],
                "victim_postcode": victim["postcode"],
                "perpetrator_surname": perpetrator["surname"],
                "perpetrator_forenames": perpetrator["forenames"],
                "perpetrator_aliases": perpetrator.get("aliases", ""),
                "perpetrator_dob": perpetrator["date_of_birth"],
                "children": children,
                "dash_score": "15",
                "repeat": "Yes" if case.is_repeat else "No",
                "transfer_from": doc["referral"].get("transfer_from", ""),
            }
            writer.writerow([values[c.key] for c in COLUMNS])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=41)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.perf_counter()
        vault = make_training_vault(folder / "vault", args.cases)
        built = time.perf_counter() - started
        people = vault.conn.execute("SELECT count(*) FROM persons").fetchone()[0]
        plain = plain_copy(vault, folder / "plain.db")
        victims = vault.conn.execute(
            "SELECT p.surname, p.forenames, p.date_of_birth FROM persons p "
            "JOIN case_persons cp ON cp.person_id = p.id WHERE cp.role = 'victim'"
        ).fetchall()
        samples = [rng.choice(victims) for _ in range(args.repeat)]
        started = time.perf_counter()
        name_index.get(vault)
        index_ms = (time.perf_counter() - started) * 1000
        results: list[tuple[str, float, float]] = []

        docs = iter(
            [
                {
                    "referral": {"referral_date": date.today().isoformat()},
                    "victim": {
                        "surname": misspell(rng, s),
                        "forenames": f,
                        "date_of_birth": d,
                    },
                    "perpetrators": [{"surname": "Unknown"}],
                }
                for s, f, d in samples
            ]
        )
        keys = iter(samples)
        ours = median_ms(lambda: repeats.find_earlier(vault, next(docs), None), args.repeat)
        base = median_ms(
            lambda: plain.execute(
                "SELECT * FROM persons WHERE surname = ? COLLATE NOCASE AND date_of_birth = ?",
                (lambda k: (k[0], k[2]))(next(keys)),
            ).fetchall(),
            args.repeat,
        )
        results.append(("repeat check (misspelled victim)", ours, base))

        words = iter([misspell(rng, s) if i % 2 else s for i, (s, _, _) in enumerate(samples)])
        names = iter([s for s, _, _ in samples])
        ours = median_ms(lambda: case_search.search_hits(vault, next(words)), args.repeat)
        base = median_ms(
            lambda: plain.execute(
                "SELECT * FROM persons WHERE surname = ? COLLATE NOCASE", (next(names),)
            ).fetchall(),
            args.repeat,
        )
        results.append(("register search (half misspelled)", ours, base))

        from PySide6.QtWidgets import QApplication

        from marac_desk.ui.register_model import COLUMNS as SHOWN
        from marac_desk.ui.register_model import RegisterModel

        QApplication.instance() or QApplication(sys.argv[:1])

        def open_register() -> None:
            model = RegisterModel(vault)
            model.show_register()
            for row in range(40):  # the first screenful, every column
                for column in range(len(SHOWN)):
                    model.index(row, column).data()

        ours = median_ms(open_register, 9)
        base = median_ms(
            lambda: plain.execute(
                "SELECT id, reference, status, last_referral_on FROM cases "
                "ORDER BY last_referral_on DESC"
            ).fetchall(),
            9,
        )
        results.append(("register open (20,000 cases, first screen)", ours, base))

        model = RegisterModel(vault)
        model.show_register()
        pages = iter(range(1000, args.cases, 997))
        ours = median_ms(lambda: model.row_at(next(pages)), 15)
        offsets = iter(range(1000, args.cases, 997))
        base = median_ms(
            lambda: plain.execute(
                "SELECT * FROM cases ORDER BY last_referral_on DESC LIMIT 200 OFFSET ?",
                (next(offsets),),
            ).fetchall(),
            15,
        )
        results.append(("scrolling: one page deep in the register", ours, base))
        vault.close(action=None)

        path = folder / "register.csv"
        register_csv(path, 20_000)
        target, _ = create_vault(
            folder / "import",
            marac_name="Benchmark MARAC",
            username=TRAINING_USER,
            full_name="Benchmark",
            password=TRAINING_PASSWORD,
            kdf_n=kdf.MIN_N,
        )
        started = time.perf_counter()
        table = read_table(path)
        planned = register_import.preview(target, table, guess_mapping(table.headers))
        result = register_import.run(target, planned, source=path.name)
        ours = (time.perf_counter() - started) * 1000
        assert result.created == 20_000, planned.counts()
        target.close(action=None)
        rows = list(csv.reader(path.open(encoding="utf-8")))[1:]
        plain.execute(f"CREATE TABLE imported ({', '.join(f'c{i}' for i in range(len(COLUMNS)))})")
        plain.execute("CREATE INDEX imported_ref ON imported (c0)")
        started = time.perf_counter()
        with plain:
            marks = ", ".join("?" * len(COLUMNS))
            plain.executemany(f"INSERT INTO imported VALUES ({marks})", rows)
        base = (time.perf_counter() - started) * 1000
        results.append(("import a 20,000-row CSV (read, preview, write)", ours, base))
        plain.close()

    print(
        f"{date.today().isoformat()}, {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.system()}"
    )
    print(
        f"{args.cases:,} cases, {people:,} people; vault built in {built:.1f} s; "
        f"name index built in {index_ms:.0f} ms (once per unlock)"
    )
    print("| operation | marac-desk (median) | plain indexed SQLite | ratio |")
    print("| --- | --- | --- | --- |")
    for name, ours, base in results:
        print(f"| {name} | {ours:.1f} ms | {base:.2f} ms | {ours / base:.0f} |")


if __name__ == "__main__":
    main()
