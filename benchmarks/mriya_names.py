"""Name rules on MRIYA replies, with the client's name taken from the reply's own greeting
(«Уважаемая <Имя>!», as the reviewer typed it).

Usage: python benchmarks/mriya_names.py ../shared/eval/real/mriya_replies.jsonl [--show 40]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

import tonecoach

GREETING = re.compile(r"^\s*Уважаем(?:ый|ая|ые)\s+([^!\n]+?)\s*!")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("file", type=Path)
    ap.add_argument("--show", type=int, default=40)
    args = ap.parse_args()
    coach = tonecoach.Coach()
    by_code: Counter[str] = Counter()
    with_name = flagged = 0
    shown = 0
    for line in args.file.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        reply = row["reply"]
        m = GREETING.match(reply)
        if not m:
            continue
        with_name += 1
        report = coach.check(reply, client_name=m.group(1))
        found = report.by_category("name")
        flagged += bool(found)
        for s in found:
            by_code[s.code] += 1
            if shown < args.show:
                shown += 1
                print(f"{row['id']} name={m.group(1)!r} {s.code} «{reply[s.start:s.end]}» → "
                      f"{s.replacements[:1]}")
    print(f"{with_name} replies with a greeting name, {flagged} flagged; "
          f"flags per code: {dict(sorted(by_code.items()))}")


if __name__ == "__main__":
    main()
