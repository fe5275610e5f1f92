"""Fix safety over every source of drafts: what «Исправить всё» and single quick fixes break.

Usage: python benchmarks/fix_safety.py [--source examples|sample|repo|shared|all]
       [--examples 3] [--code TC304] [--check capital]

Runs the harness of ``tests/fix_safety.py`` (the same the test suite runs) and prints the
fixes tried, the violations per check and per rule code, and a few examples of each
(code, check) class — the list to route to the rules' owners.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tonecoach
from tests.fix_safety import (
    REPO,
    SHARED_SOURCES,
    Case,
    Outcome,
    audit,
    in_repo_corpus_files,
    in_sample,
    jsonl_cases,
    rule_example_cases,
    shared_files,
    summary,
)


def sources(which: str) -> dict[str, list[Case]]:
    """The drafts of each source the harness runs on."""
    out: dict[str, list[Case]] = {}
    corpus = [c for path in in_repo_corpus_files() for c in jsonl_cases(path, REPO)]
    if which in ("examples", "all"):
        out["rule examples"] = rule_example_cases()
    if which == "sample":
        out["in-repo sample"] = [c for c in corpus if in_sample(c)]
    if which in ("repo", "all"):
        out["in-repo corpora"] = corpus
    if which in ("shared", "all"):
        for name in SHARED_SOURCES:
            files = shared_files(name)
            if files:
                out[f"shared {name}"] = [c for f in files for c in jsonl_cases(f, f.parent)]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default="all",
                    choices=["examples", "sample", "repo", "shared", "all"])
    ap.add_argument("--examples", type=int, default=3, help="violations shown per class")
    ap.add_argument("--code", help="only violations of this rule code")
    ap.add_argument("--check", help="only violations of this check")
    args = ap.parse_args()
    coach = tonecoach.Coach()
    coach.check("Здравствуйте.")  # load the models before timing
    total = Outcome()
    for name, cases in sources(args.source).items():
        t = time.perf_counter()
        outcome = audit(coach, cases)
        took = time.perf_counter() - t
        print(f"{name}: {outcome.drafts} drafts, {outcome.alone} fixes alone, "
              f"{outcome.together} drafts together ({outcome.together_fixes} fixes), "
              f"{len(outcome.violations)} violations, {took:.1f} s")
        total.add(outcome)
    total.violations = [v for v in total.violations
                        if (not args.code or v.code == args.code)
                        and (not args.check or v.check == args.check)]
    print()
    print(summary(total, examples=args.examples))


if __name__ == "__main__":
    main()
