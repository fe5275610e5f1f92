"""Make a batch of chats for `tonecoach batch` by sampling real replies with their clients'
messages (with replacement, seeded), each tagged with a made-up operator.

    python benchmarks/sample_chats.py ../shared/eval/real/*_replies.jsonl -n 10000 > chats.jsonl
    /usr/bin/time -v tonecoach batch chats.jsonl --text-column reply --out r.jsonl -j 1
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rows = [json.loads(line) for f in args.files for line in f.open(encoding="utf-8")
            if line.strip()]
    rows = [r for r in rows if r.get("reply")]
    rng = random.Random(args.seed)
    for i in range(args.n):
        row = rng.choice(rows)
        out = {"id": f"{row.get('id')}#{i}", "operator": f"op{rng.randrange(8)}",
               "reply": row["reply"], "client_message": row.get("client")}
        sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
