"""Searching words with `_` (OPENAI_API_KEY): the two ways to make the detail=none index take
them, measured side by side with a full scan as the raw baseline.

1. ours: the index narrows to rows holding every piece the unicode61 tokenizer cuts the
   word into (`"openai"* "api"* "key"*`), then the word itself is looked for, as written,
   in those rows only. The index stays as it is, and finds exactly what a scan finds.
2. tokenchars: an index whose tokenizer keeps `_` inside words (`tokenchars '_'`), queried
   with the whole word. Every vault's index would have to be rebuilt, and a search for a
   piece (`KEY`, `api_key`) no longer finds the longer names that hold it.

    python -m tests.benchmarks.bench_search_words [--findings N]
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from automation_admin.models.demo.generator import write_demo
from automation_admin.models.findings import service as findings_data
from tests.benchmarks.common import best_of, new_vault

NAMES = ["OPENAI_API_KEY", "STRIPE_SECRET_KEY", "GITHUB_TOKEN", "api_key", "AWS_ACCESS_KEY_ID"]
TEXT = (
    "source_title || ' ' || source_snippet || ' ' || impact_summary || ' ' || action_recommendation"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=20_000)
    args = parser.parse_args()
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        vault = new_vault(Path(folder) / "data")
        write_demo(vault, str(args.findings), seed=5)
        db = vault.database()
        rowids = [r[0] for r in db.execute_sql("SELECT rowid FROM discovery_findings")]
        with db.atomic():
            for rowid in rng.sample(rowids, len(rowids) // 50):
                db.execute_sql(
                    "UPDATE discovery_findings SET source_title = source_title || ' (' || ? || ')' "
                    "WHERE rowid = ?",
                    (rng.choice(NAMES), rowid),
                )
        pages_before = db.execute_sql("PRAGMA page_count").fetchone()[0]
        rebuild_ours = best_of(
            1,
            lambda: db.execute_sql(
                "INSERT INTO discovery_findings_fts(discovery_findings_fts) VALUES ('rebuild')"
            ),
        )
        db.execute_sql(
            "CREATE VIRTUAL TABLE alt_fts USING fts5(source_title, source_snippet, "
            "impact_summary, action_recommendation, content='discovery_findings', "
            "content_rowid='rowid', tokenize=\"unicode61 tokenchars '_'\", detail='none')"
        )
        rebuild_alt = best_of(
            1, lambda: db.execute_sql("INSERT INTO alt_fts(alt_fts) VALUES ('rebuild')")
        )
        alt_pages = db.execute_sql("PRAGMA page_count").fetchone()[0] - pages_before
        print(
            f"{args.findings:,} findings; index rebuild: ours {rebuild_ours:.2f} s, "
            f"tokenchars {rebuild_alt:.2f} s (+{alt_pages:,} pages for the second index)"
        )
        for word in ("OPENAI_API_KEY", "api_key", "KEY", "openai"):
            query = findings_data.FindingQuery(statuses=(), text=word)
            ours_count = sum(findings_data.status_counts(vault, query).values())
            ours = best_of(5, lambda q=query: findings_data.status_counts(vault, q))
            first_page = best_of(5, lambda q=query: findings_data.page(vault, q))
            alt_sql = "SELECT count(*) FROM alt_fts WHERE alt_fts MATCH ?"
            alt_query = f'"{word.lower()}"*'
            alt_count = db.execute_sql(alt_sql, (alt_query,)).fetchone()[0]
            alt = best_of(5, lambda s=alt_sql, q=alt_query: db.execute_sql(s, (q,)).fetchall())
            scan_sql = f"SELECT count(*) FROM discovery_findings WHERE instr(lower({TEXT}), ?)"
            scan_count = db.execute_sql(scan_sql, (word.lower(),)).fetchone()[0]
            scan = best_of(3, lambda s=scan_sql, w=word: db.execute_sql(s, (w.lower(),)).fetchall())
            print(
                f"{word!r:<18} ours {ours * 1000:7.2f} ms ({ours_count:,} rows; first page "
                f"{first_page * 1000:.2f} ms)  tokenchars {alt * 1000:7.2f} ms "
                f"({alt_count:,} rows)  raw scan {scan * 1000:7.2f} ms ({scan_count:,} rows)  "
                f"ratio ours/scan {ours / scan:.2f}"
            )
        vault.lock()


if __name__ == "__main__":
    main()
