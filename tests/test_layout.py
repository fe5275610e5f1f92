"""The layout tells the pipeline, and imports run one way: models ← analysis ← rulebook ←
context ← checks ← coach ← integrations (module-level imports; a function may reach up, as
``Report.fixed_text`` does)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tonecoach
from tonecoach.models import CATEGORIES

ROOT = Path(tonecoach.__file__).parent
FLOORS = [
    ("tonecoach.errors", 0), ("tonecoach.models", 0),
    ("tonecoach.analysis", 1), ("tonecoach.rulebook", 2), ("tonecoach.context", 3),
    ("tonecoach.checks", 4), ("tonecoach.coach", 5), ("tonecoach.fixes", 5),
    ("tonecoach.examples", 5),
    ("tonecoach.integrations", 6),
]


def floor(module: str) -> int | None:
    if module == "tonecoach":  # the public API, for the faces
        return 5
    for prefix, level in FLOORS:
        if module == prefix or module.startswith(prefix + "."):
            return level
    return None


def modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        if name not in ("tonecoach", "tonecoach.__main__"):
            out.append((name, path))
    return out


def top_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    body = list(tree.body)
    for node in tree.body:  # `if TYPE_CHECKING:` blocks count too
        if isinstance(node, ast.If):
            body.extend(node.body)
    for node in body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
    return [m for m in found if m.startswith("tonecoach")]


@pytest.mark.parametrize("name, path", modules(), ids=[m for m, _ in modules()])
def test_imports_run_one_way(name: str, path: Path) -> None:
    own = floor(name)
    assert own is not None, f"{name} sits on no floor of the pipeline"
    for target in top_level_imports(path):
        level = floor(target)
        assert level is not None and level <= own, f"{name} imports {target} (floor {level})"


def test_one_rule_file_per_category_and_one_family_each() -> None:
    from tonecoach.checks import family_classes
    from tonecoach.rulebook.book import RULE_FILES

    assert tuple(f"{c}.yaml" for c in CATEGORIES) == RULE_FILES
    assert [cls.category for cls in family_classes()] == list(CATEGORIES)
