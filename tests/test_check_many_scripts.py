"""check_many run from real scripts, as users write them: never a re-import loop, worker
processes only when a call is under ``if __name__ == "__main__":``, one Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

import tonecoach

DRAFT = "Привет, ты как?"
CODES = " ".join(s.code for s in tonecoach.check(DRAFT).suggestions)

# Every time the script's top-level code runs (in this process or in a worker re-running it
# as __mp_main__) it adds a line to runs.log.
PRELUDE = f"""\
import multiprocessing, os
import tonecoach
with open("runs.log", "a") as log:
    log.write(__name__ + "\\n")
DRAFTS = [{DRAFT!r}] * 600


def show(results):
    results = iter(results)
    first = next(results)
    workers = len(multiprocessing.active_children())  # the pool's, while it runs
    rest = list(results)
    print(len(rest) + 1, " ".join(s.code for s in first.suggestions), workers)
"""

SCRIPTS = {
    "no guard": PRELUDE + "show(tonecoach.check_many(DRAFTS, n_process=2))\n",
    "guard below a top-level call": PRELUDE + """\
show(tonecoach.check_many(DRAFTS, n_process=2))


def main():
    print("main")


if __name__ == "__main__":
    main()
""",
    "__main__ only in a comment": PRELUDE + """\
# run me as a script; __main__ is not checked here
show(tonecoach.check_many(DRAFTS, n_process=2))
""",
}


def run(tmp_path: Path, source: str, *args: str, timeout: float = 60) -> \
        subprocess.CompletedProcess[str]:
    script = tmp_path / "script.py"
    script.write_text(source, encoding="utf-8")
    return subprocess.run([sys.executable, str(script), *args], capture_output=True,
                          text=True, timeout=timeout, cwd=tmp_path, check=False)


def runs(tmp_path: Path) -> list[str]:
    return (tmp_path / "runs.log").read_text(encoding="utf-8").split()


@pytest.mark.parametrize("kind", list(SCRIPTS))
def test_a_top_level_call_runs_here_once_with_a_warning(tmp_path: Path, kind: str) -> None:
    """Outside the guard, workers would re-run the call: it is checked in this process, the
    script runs once, and one warning names the line."""
    done = run(tmp_path, SCRIPTS[kind], timeout=30)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines()[0] == f"600 {CODES} 0"
    assert runs(tmp_path) == ["__main__"]
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) <= 3
    assert done.stderr.count("RuntimeWarning") == 1
    line = SCRIPTS[kind].splitlines().index(
        next(x for x in SCRIPTS[kind].splitlines() if x.startswith("show(tonecoach"))) + 1
    assert f"script.py:{line}, outside `if __name__ == \"__main__\":`" in done.stderr


@pytest.mark.slow
def test_a_call_under_the_guard_uses_worker_processes(tmp_path: Path) -> None:
    source = PRELUDE + """\
if __name__ == "__main__":
    show(tonecoach.check_many(DRAFTS, n_process=2))
"""
    done = run(tmp_path, source)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == f"600 {CODES} 2"
    assert done.stderr == ""
    # each worker re-ran the script as __mp_main__ (one still starting when the work is done
    # may be stopped before it gets that far)
    assert runs(tmp_path)[0] == "__main__" and runs(tmp_path)[1:] in (
        ["__mp_main__"], ["__mp_main__", "__mp_main__"])


@pytest.mark.slow
def test_a_worker_re_running_a_top_level_call_starts_no_workers(tmp_path: Path) -> None:
    """The loop's cause: a worker re-running the script as ``__mp_main__`` (parent_process()
    still None) reaches the top-level call — it checks in-process and starts nothing."""
    source = PRELUDE + """\
import sys
results = list(tonecoach.check_many(DRAFTS, n_process=2))
print(__name__, len(results), file=sys.stderr if __name__ != "__main__" else sys.stdout)

if __name__ == "__main__":
    show(tonecoach.check_many(DRAFTS, n_process=2))
"""
    done = run(tmp_path, source)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.splitlines() == ["__main__ 600", f"600 {CODES} 2"]
    # no worker started workers: the script ran here and in at most the two workers (one
    # still starting when the work is done may be stopped before it gets that far); the
    # first worker finished the top-level call, in its own process, before any task
    children = runs(tmp_path)[1:]
    assert runs(tmp_path)[0] == "__main__" and children in (
        ["__mp_main__"], ["__mp_main__", "__mp_main__"])
    assert 1 <= done.stderr.count("__mp_main__ 600") <= len(children)
    assert done.stderr.count("RuntimeWarning") == 1 and "Traceback" not in done.stderr


@pytest.mark.slow
def test_ctrl_c_is_one_keyboard_interrupt_not_one_per_worker(tmp_path: Path) -> None:
    """Ctrl-C reaches the whole process group, workers too — also while they are still
    starting: only the parent reports it."""
    source = """\
import os, signal, threading
import tonecoach

if __name__ == "__main__":
    threading.Timer(0.5, os.killpg, (0, signal.SIGINT)).start()  # workers are importing
    for _ in tonecoach.check_many(["Привет, ты как?"] * 100_000, n_process=2):
        pass
"""
    script = tmp_path / "script.py"
    script.write_text(source, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path, check=False, start_new_session=True)
    assert done.returncode in (1, -signal.SIGINT, 128 + signal.SIGINT), done.stderr
    assert done.stderr.count("KeyboardInterrupt") == 1, done.stderr
    assert "SpawnPoolWorker" not in done.stderr and "spawn_main" not in done.stderr
    assert done.stderr.rstrip().endswith("KeyboardInterrupt")


@pytest.mark.slow
def test_python_m_tonecoach_batch_uses_the_cores_without_a_warning(tmp_path: Path) -> None:
    """``python -m tonecoach batch``: the package's ``__main__`` is never re-run by a worker
    (and has the guard anyway), so the user is not told to edit tonecoach's files."""
    path = tmp_path / "replies.jsonl"
    path.write_text("".join(json.dumps({"text": DRAFT}, ensure_ascii=False) + "\n"
                            for _ in range(300)), encoding="utf-8")
    out = tmp_path / "report.jsonl"
    done = subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-m", "tonecoach", "batch", str(path),
         "--out", str(out), "-j", "2", "--fail-on", "never"],
        capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False,
        env={**os.environ, "NO_COLOR": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    assert "RuntimeWarning" not in done.stderr and "__main__" not in done.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 300
