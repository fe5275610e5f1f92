"""Coverage-guided fuzzing of ``check`` and ``apply_fixes`` with atheris (libFuzzer).

    python fuzz/fuzz_check.py -runs=20000            # the CI smoke run
    python fuzz/fuzz_check.py -runs=1000000 -max_len=512 -print_final_stats=1

Seeds: every example text of the shipped rules, plus ``../shared/eval/dev.jsonl`` when it is
there. An input is UTF-8 (bad bytes replaced); a byte 0x01 splits it into the draft and the
client's message. Any exception, an offset outside the text, a fix that does not give a
``str`` or a report whose JSON does not load back is a crash. Needs ``pip install atheris``.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["tonecoach"]):
    import tonecoach.analysis.draft
    import tonecoach.checks
    import tonecoach.coach
    import tonecoach.fixes
    from tonecoach.checks import family_classes
    from tonecoach.models import Report
    from tonecoach.rulebook.book import builtin_rules

    family_classes()  # imports every rule family, instrumented

DEV_SET = Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"
COACH = tonecoach.coach.Coach()


def seeds() -> list[str]:
    texts = []
    for rule in builtin_rules().values():
        texts += [case.text.replace("[[", "").replace("]]", "") for case in rule.examples.fail]
        texts += [p.text for p in rule.examples.pass_]
    if DEV_SET.is_file():
        for line in DEV_SET.read_text("utf-8").splitlines():
            case = json.loads(line)
            texts.append(case["text"] + ("\x01" + case["client_message"]
                                         if case.get("client_message") else ""))
    return texts


def one_input(data: bytes) -> None:
    text, _, message = data.decode("utf-8", "replace").partition("\x01")
    report = COACH.check(text, client_message=message or None,
                         client_name="Ольга" if len(data) % 3 == 0 else None)
    for s in report.suggestions:
        if not 0 <= s.start <= s.end <= len(text):
            raise AssertionError(f"{s.code} span {s.start}:{s.end} outside 0:{len(text)}")
    fixed = tonecoach.fixes.apply_fixes(text, report.suggestions)
    if not isinstance(fixed, str):
        raise AssertionError("apply_fixes gave no str")
    if Report.model_validate_json(report.model_dump_json()) != report:
        raise AssertionError("the report's JSON does not load back")


def main() -> None:
    corpus = Path(tempfile.mkdtemp(prefix="tonecoach-fuzz-"))
    for i, text in enumerate(seeds()):
        (corpus / f"seed-{i:04d}").write_bytes(text.encode("utf-8"))
    args = [sys.argv[0], "-max_len=2048", *sys.argv[1:], str(corpus)]  # later flags win
    atheris.Setup(args, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
