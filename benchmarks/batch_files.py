"""Make the issue-14 batch files and time `tonecoach batch` on them.

10,000 replies (sentences of ``replies.txt`` recombined, some with «;», quotes and line
breaks inside the cell) with 50 broken rows at the same places in three files:

- ``chats.csv``: Windows-1251, ``;``-separated; broken = an empty text cell, a blank one, or
  a row cut short before the text column;
- ``chats.xlsx``: broken = an empty cell, a blank one, or a number;
- ``chats.parquet``: broken = a null, an empty string, or a blank one.

    .venv/bin/python benchmarks/batch_files.py /tmp/tc-batch          # make the files
    .venv/bin/python benchmarks/batch_files.py /tmp/tc-batch --run    # and time each

With ``--run`` each file goes through ``tonecoach batch --out`` (``-j`` default: every core);
the script prints the wall time, the reports and errors written and the exit code, and
checks that the skipped rows are exactly the broken ones.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import time
from pathlib import Path

ROWS = 10_000
BROKEN = 50
HERE = Path(__file__).parent


def replies(n: int, rng: random.Random) -> list[str]:
    """``n`` replies of 2–4 sentences; a few hold «;», quotes or a line break."""
    sentences = [s for s in (HERE / "replies.txt").read_text(encoding="utf-8").splitlines()
                 if s.strip() and _cp1251(s)]
    out = []
    for i in range(n):
        parts = rng.sample(sentences, rng.randint(2, 4))
        joiner = "\n" if i % 50 == 7 else " "
        text = joiner.join(parts)
        if i % 40 == 3:
            text += ' Нажмите «Оплатить»; затем "Готово".'
        out.append(text)
    return out


def _cp1251(text: str) -> bool:
    try:
        text.encode("cp1251")
    except UnicodeEncodeError:
        return False
    return True


def table(seed: int = 14) -> tuple[list[dict[str, object]], list[int]]:
    """The rows (id, operator, client_name, reply) and the indexes of the broken ones."""
    rng = random.Random(seed)
    texts = replies(ROWS, rng)
    names = ["Ольга", "Иван", "Анна", None, "Дмитрий", None]
    rows: list[dict[str, object]] = [
        {"id": f"c{i:05d}", "operator": f"op{rng.randrange(8)}",
         "client_name": rng.choice(names), "reply": text} for i, text in enumerate(texts)]
    return rows, sorted(rng.sample(range(ROWS), BROKEN))


def write_csv(path: Path, rows: list[dict[str, object]], broken: list[int]) -> None:
    columns = ["id", "operator", "client_name", "reply"]
    with path.open("w", encoding="cp1251", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(columns)
        for i, row in enumerate(rows):
            cells = ["" if row[c] is None else str(row[c]) for c in columns]
            if i in broken:
                kind = broken.index(i) % 3
                cells = cells[:3] if kind == 2 else [*cells[:3], "" if kind == 0 else "  "]
            writer.writerow(cells)


def write_xlsx(path: Path, rows: list[dict[str, object]], broken: list[int]) -> None:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    sheet = book.create_sheet("chats")
    sheet.append(["id", "operator", "client_name", "reply"])
    for i, row in enumerate(rows):
        reply = row["reply"]
        if i in broken:
            reply = (None, "  ", 42)[broken.index(i) % 3]
        sheet.append([row["id"], row["operator"], row["client_name"], reply])
    book.save(path)


def write_parquet(path: Path, rows: list[dict[str, object]], broken: list[int]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    replies_ = [(None, "", "  ")[broken.index(i) % 3] if i in broken else r["reply"]
                for i, r in enumerate(rows)]
    data = {c: [r[c] for r in rows] for c in ("id", "operator", "client_name")}
    pq.write_table(pa.table({**data, "reply": replies_}), path)


def run(path: Path, broken_ids: set[str]) -> dict[str, object]:
    """``tonecoach batch`` on ``path``: time, counts, exit code, and whether the skipped
    rows are the broken ones."""
    out = path.with_name(f"{path.name}.report.jsonl")
    errors = out.with_name(f"{out.stem}.errors.jsonl")
    tonecoach = Path(sys.executable).with_name("tonecoach")
    started = time.perf_counter()
    done = subprocess.run([str(tonecoach), "batch", str(path), "--text-column", "reply",
                           "--out", str(out), "--group-by", "operator"],
                          capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    skipped = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    reports = sum(1 for _ in out.open(encoding="utf-8"))
    return {"file": path.name, "seconds": round(wall, 1), "reports": reports,
            "errors": len(skipped), "exit": done.returncode,
            "errors_are_the_broken_rows": {e["id"] for e in skipped} == broken_ids,
            "every_error_has_a_row": all(isinstance(e["row"], int) for e in skipped)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--run", action="store_true", help="time tonecoach batch on each")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    rows, broken = table()
    files = {"chats.csv": write_csv, "chats.xlsx": write_xlsx, "chats.parquet": write_parquet}
    for name, write in files.items():
        write(args.folder / name, rows, broken)
    print(f"{ROWS} rows, {BROKEN} broken, in {args.folder}: {', '.join(files)}")
    if args.run:
        broken_ids = {str(rows[i]["id"]) for i in broken}
        for name in files:
            print(json.dumps(run(args.folder / name, broken_ids), ensure_ascii=False),
                  flush=True)


if __name__ == "__main__":
    main()
