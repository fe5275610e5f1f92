"""How often each rule fires on unlabelled real replies (e.g. ../shared/eval/real/*.jsonl).

Usage: python benchmarks/real_flags.py FILE.jsonl [FILE.jsonl ...]
       [--category formality] [--show 30] [--first-reply]

Each line is a JSON object; the draft is read from ``reply`` (else ``text``). Prints, per file,
how many rows were flagged (per category and per code) and a sample of flags to read by hand.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import tonecoach


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="+", type=Path)
    ap.add_argument("--category", help="only this category")
    ap.add_argument("--show", type=int, default=0, help="print this many flags per file")
    ap.add_argument("--first-reply", action="store_true",
                    help="treat every reply as the first in its conversation")
    args = ap.parse_args()
    coach = tonecoach.Coach()
    for path in args.files:
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        flagged_rows = 0
        by_code: Counter[str] = Counter()
        rows_by_category: Counter[str] = Counter()
        samples: list[str] = []
        for row in rows:
            text = row.get("reply") or row.get("text") or ""
            report = coach.check(text, context=tonecoach.Context(
                client_message=row.get("client"), first_reply=args.first_reply))
            found = [s for s in report.suggestions
                     if not args.category or s.category == args.category]
            if found:
                flagged_rows += 1
            for category in {s.category for s in found}:
                rows_by_category[category] += 1
            for s in found:
                by_code[s.code] += 1
                context = text[max(0, s.start - 40):s.end + 40].replace("\n", " ")
                samples.append(f"  {row.get('id')} {s.code} «{text[s.start:s.end]}» … {context}")
        print(f"{path.name}: {len(rows)} rows, {flagged_rows} flagged "
              f"({flagged_rows / max(1, len(rows)):.1%})")
        print(f"  rows per category: {dict(sorted(rows_by_category.items()))}")
        print(f"  flags per code:    {dict(sorted(by_code.items()))}")
        for line in samples[: args.show]:
            print(line)


if __name__ == "__main__":
    main()
