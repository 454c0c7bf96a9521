"""Issue 14 benchmark: redaction time grows linearly on adversarial text, and costs a few times
ordinary text of the same length at most; masking on read and the re-scrub cost little.

Prints, for each adversarial input, the time at 10 KB, 100 KB and 1 MB with the growth per
tenfold length (linear: about 10; quadratic: about 100), and the ratio to ordinary prose of
the same length at 200 KB (the baseline, measured in the same run).

With `--rows N` it also fills a vault with N findings and the given number of secret values,
and times, each against the same work with the read mask off (the connection's row factory
removed: what the program did before masking on read) and against a raw sqlcipher3 cursor:
a CSV export of every row, the first page of the findings list, and a re-scrub that finds
nothing to rewrite (one chunk, and the whole table).

    python -m tests.benchmarks.bench_redaction [--secrets N] [--rows N]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import string
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from automation_admin.models.security import read_mask, redaction
from automation_admin.models.security.redaction import Redactor
from tests.benchmarks.common import best_of, finding_rows, new_vault, report
from tests.factories import TS

PROSE = (
    "The provider announced changes to rate limits and pricing tiers for the v2 API; keys "
    "created before March keep the old quota until 2026-06-30. See the migration guide at "
    "https://docs.example.com/v2/migration for details. Token usage is billed per 1K. "
)
PEM = "-----BEGIN RSA PRIVATE KEY-----\n"

ADVERSARIAL: dict[str, Callable[[int], str]] = {
    'JWT start "eyJ" repeated': lambda n: "eyJ" * (n // 3),
    "PEM headers, no footer": lambda n: PEM * (n // len(PEM)),
    '"token" + whitespace run': lambda n: "token" + " " * (n - 5),
    '"token " repeated': lambda n: "token " * (n // 6),
    '"password=" repeated': lambda n: "password=" * (n // 9),
    '"Bearer " + short words': lambda n: "Bearer abc " * (n // 11),
    '"sk-" repeated': lambda n: "sk-" * (n // 3),
    '"SG." + run, no second dot': lambda n: "SG." + "a" * (n - 3),
    "one long base64 run": lambda n: "".join(
        random.Random(1).choice(string.ascii_letters + string.digits + "+/") for _ in range(n)
    ),
    "JSON keys and values": lambda n: json.dumps(
        {f"key{i}": f"value {i} token" for i in range(n // 24)}
    )[:n],
}
SIZES = (10_000, 100_000, 1_000_000)
RATIO_SIZE = 200_000


def prose(n: int) -> str:
    return (PROSE * (n // len(PROSE) + 1))[:n]


def timed(redactor: Redactor, text: str, json_text: bool = False) -> float:
    scrub = redactor.scrub_json_text if json_text else redactor._scrub_text
    return best_of(3, lambda: scrub(text))


def bench_reads(root: Path, rows: int, values: list[str]) -> bool:
    from automation_admin.models.findings import service as findings_data
    from automation_admin.models.jobs.export import exported_columns, write_export
    from automation_admin.models.security import rescrub
    from automation_admin.models.store.ids import uuid7

    vault = new_vault(root, "Reads")
    db = vault.database()
    key = vault.require_key()
    for value in values:
        sid = uuid7()
        db.execute_sql(
            "INSERT INTO secrets (id, profile_id, provider_id, key_name, secret_value_enc,"
            " created_at, updated_at) VALUES (?, ?, 'generic', ?, ?, ?, ?)",
            (sid, vault.profile_id, f"K{sid[-8:]}", key.encrypt_secret(value, sid), TS, TS),
        )
    redaction.invalidate()
    columns = None
    for start in range(0, rows, 50_000):
        batch = finding_rows(vault.profile_id, min(50_000, rows - start), seed=start)
        columns = columns or list(batch[0])
        sql = (
            f"INSERT INTO discovery_findings ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        with db.atomic():
            db.cursor().executemany(sql, [tuple(r[c] for c in columns) for r in batch])
    print(f"  loaded {rows:,} findings and {len(values)} secret values", flush=True)
    conn = db.connection()
    names = exported_columns(vault, "discovery_findings")

    def export() -> None:
        with open(os.devnull, "w") as out:
            write_export(vault, "discovery_findings", "csv", out)

    def raw_export() -> None:
        cursor = read_mask.raw_cursor(db)
        cursor.execute(f"SELECT {', '.join(names)} FROM discovery_findings")
        with open(os.devnull, "w") as out:
            csv.writer(out, lineterminator="\n").writerows(cursor)

    def first_page() -> None:
        findings_data.page(vault, findings_data.FindingQuery())

    def one_chunk() -> None:
        state = rescrub.start(vault)
        rescrub.step(vault, state)

    def whole_table() -> None:
        rescrub.rescrub(vault)

    ok = True
    # A first page is about a millisecond either way: its limit is looser than an export's.
    for name, work, runs, limit in (
        (f"export {rows:,} findings to CSV", export, 3, 1.5),
        ("first page of the findings list", first_page, 9, 2.0),
    ):
        # Interleaved, best of each: other processes' load drifts over a long run.
        masked, unmasked = float("inf"), float("inf")
        for _ in range(runs):
            masked = min(masked, best_of(1, work))
            conn.row_factory = None
            unmasked = min(unmasked, best_of(1, work))
            conn.row_factory = read_mask.mask_row
        ok = report(f"{name}, masked vs mask off", masked, unmasked, limit) and ok
    report("export, masked vs raw cursor", best_of(2, export), best_of(2, raw_export), 3.0)
    chunk = best_of(3, one_chunk)
    print(f"  re-scrub, one chunk of {rescrub.CHUNK_ROWS:,} rows: {chunk * 1000:.1f} ms")
    whole = best_of(1, whole_table)
    ok = report(f"re-scrub of {rows:,} findings (nothing to rewrite) vs export", whole,
                best_of(1, export), 1.5) and ok  # fmt: skip
    vault.lock()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--secrets", type=int, default=200, help="vault values to look for")
    parser.add_argument("--rows", type=int, default=0, help="findings for the read benchmarks")
    args = parser.parse_args()
    rng = random.Random(7)
    alphabet = string.ascii_letters + string.digits
    values = ["".join(rng.choice(alphabet) for _ in range(40)) for _ in range(args.secrets)]
    redactor = Redactor(values)
    base = {n: timed(redactor, prose(n)) for n in (*SIZES, RATIO_SIZE)}
    print(f"{'input':<30}" + "".join(f"{n // 1000:>9} KB" for n in SIZES) + "   growth/10x")
    print(
        f"{'ordinary prose (baseline)':<30}"
        + "".join(f"{base[n] * 1000:9.1f} ms" for n in SIZES)
        + f"   {base[SIZES[-1]] / base[SIZES[-2]]:5.1f}"
    )
    worst_growth, worst_ratio, ok = 0.0, 0.0, True
    for name, make in ADVERSARIAL.items():
        times = [timed(redactor, make(n)) for n in SIZES]
        growth = times[-1] / times[-2]
        ratio = timed(redactor, make(RATIO_SIZE)) / base[RATIO_SIZE]
        worst_growth, worst_ratio = max(worst_growth, growth), max(worst_ratio, ratio)
        print(
            f"{name:<30}"
            + "".join(f"{t * 1000:9.1f} ms" for t in times)
            + f"   {growth:5.1f}   vs prose at 200 KB: {ratio:5.2f}x"
        )
        ok = ok and growth < 20 and ratio <= 5
    print(
        f"worst growth per tenfold length {worst_growth:.1f} (linear: 10), worst ratio to "
        f"ordinary text at 200 KB {worst_ratio:.2f} (limit 5)  {'ok' if ok else 'OVER'}"
    )
    if args.rows:
        with tempfile.TemporaryDirectory() as tmp:
            ok = bench_reads(Path(tmp), args.rows, values) and ok
    print(json.dumps({"passed": int(ok), "failed": int(not ok)}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
