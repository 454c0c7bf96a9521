"""Issue 14 benchmark: redaction time grows linearly on adversarial text, and costs a few times
ordinary text of the same length at most.

Prints, for each adversarial input, the time at 10 KB, 100 KB and 1 MB with the growth per
tenfold length (linear: about 10; quadratic: about 100), and the ratio to ordinary prose of
the same length at 200 KB (the baseline, measured in the same run).

    python -m tests.benchmarks.bench_redaction [--secrets N]
"""

from __future__ import annotations

import argparse
import json
import random
import string
import sys
from collections.abc import Callable

from automation_admin.models.security.redaction import Redactor
from tests.benchmarks.common import best_of

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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--secrets", type=int, default=200, help="vault values to look for")
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
    print(json.dumps({"passed": int(ok), "failed": int(not ok)}))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
