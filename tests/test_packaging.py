"""The wheel ships the rule data; the code base stays ruff- and mypy-clean."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_ships_rule_data_and_types(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                    str(tmp_path / "dist"), str(src)], check=True)
    [wheel] = (tmp_path / "dist").glob("tonecoach-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    rule_files = {p.name for p in (ROOT / "rules").glob("*.yaml")}
    assert rule_files, "no rule files in rules/"
    for name in rule_files:
        assert f"tonecoach/rules/{name}" in names
    assert "tonecoach/py.typed" in names
    static = ROOT / "tonecoach" / "integrations" / "server" / "static"
    for page in static.iterdir():  # the playground ships with the server
        assert f"tonecoach/integrations/server/static/{page.name}" in names
    packages = {p.parent.relative_to(ROOT).as_posix()
                for p in (ROOT / "tonecoach").rglob("__init__.py")}
    for package in packages:  # a subpackage left out of [tool.setuptools] packages
        assert f"{package}/__init__.py" in names, package
    assert not any(n.startswith("tests/") for n in names)


def test_every_rule_file_is_registered() -> None:
    from tonecoach.rulebook.book import DATA_FILES, RULE_FILES

    assert {*RULE_FILES, *DATA_FILES} == {p.name for p in (ROOT / "rules").glob("*.yaml")}


def test_ruff_is_clean() -> None:
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", str(ROOT)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean() -> None:
    proc = subprocess.run([sys.executable, "-m", "mypy", "--config-file",
                           str(ROOT / "pyproject.toml")], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_rule_data_is_found_beside_a_source_tree_without_package_data(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``import tonecoach`` from a clone's root after a plain ``pip install .`` imports the tree,
    where ``tonecoach.rules`` is no package: the rules are read from ``rules/`` beside it."""
    from tonecoach.errors import RuleDataError
    from tonecoach.rulebook import book

    def no_package(name: str) -> None:
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(book.resources, "files", no_package)
    text = book._read("formality.yaml")
    assert "TC101" in text
    with pytest.raises(RuleDataError, match="reinstall"):
        book._read("no-such-family.yaml")


def test_the_readme_rule_table_is_the_rulebook() -> None:
    """README's table of rules is what ``tonecoach rules --format markdown`` prints."""
    done = subprocess.run([sys.executable, "-m", "tonecoach", "rules", "--format", "markdown"],
                          capture_output=True, text=True, timeout=120, check=True)
    rows = sorted(line for line in done.stdout.splitlines() if line.startswith("| TC"))
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert rows and rows == sorted(line for line in readme.splitlines()
                                   if line.startswith("| TC"))
