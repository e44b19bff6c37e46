"""The layout of ``kinerja.scoring`` (docs/architecture.md): read from the source, never run.

The sub-packages import one way (``model`` below ``formats`` and ``engine``, ``cli`` on top),
nothing is imported inside a function, and no module imports another's private ``_name``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import kinerja.scoring

ROOT = Path(kinerja.scoring.__file__).parent

# What each sub-package may import of the others (itself always).
ALLOWED = {
    "model": set(),
    "formats": {"model"},
    "engine": {"model"},
    "cli": {"model", "engine"},
}


def _modules() -> list[tuple[str, Path, ast.Module]]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found.append((".".join(parts), path, ast.parse(path.read_text())))
    return found


def _absolute(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    """The import's target relative to ``kinerja.scoring`` ("" for the package itself)."""
    if node.level == 0:
        name = node.module or ""
        return name.removeprefix("kinerja.scoring").lstrip(".")
    base = module.split(".") if module else []
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join([*base, *([node.module] if node.module else [])])


def _imports():
    for module, path, tree in _modules():
        is_package = path.name == "__init__.py"
        name = module.removesuffix("__init__").rstrip(".")
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("kinerja.scoring")
            ):
                yield name, path, node, _absolute(name, node, is_package)


def test_scoring_subpackages_import_in_one_direction():
    wrong = []
    for module, path, node, target in _imports():
        own, other = module.split(".")[0], target.split(".")[0]
        if own in ALLOWED and other and other != own and other not in ALLOWED[own]:
            wrong.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {target}")
    assert wrong == []


def test_scoring_never_imports_inside_a_function():
    hidden = []
    for _, path, tree in _modules():
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import | ast.ImportFrom):
                        hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == []


def test_scoring_never_imports_a_private_name():
    private = [
        f"{path.relative_to(ROOT)}:{node.lineno} imports {alias.name}"
        for _, path, node, _ in _imports()
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []


def test_scoring_modules_stay_under_600_lines():
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for _, path, _ in _modules()
        if (lines := len(path.read_text().splitlines())) > 600
    ]
    assert long == []
