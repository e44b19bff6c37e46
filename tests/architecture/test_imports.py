"""The import direction of the apps (docs/architecture.md): read from the source, never run.

Each app of ``src/kinerja`` (and the pure ``scoring`` package) imports the apps below it at the
top of its modules. An import inside a function that reaches another app hides a cycle, so it
fails here; so does a new cycle between apps. Imports under ``if TYPE_CHECKING:`` are only for
type hints and do not count. Migrations are history and are not read.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import kinerja

ROOT = Path(kinerja.__file__).parent
APPS = frozenset(p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists())

# Apps that still import each other (strongly connected groups of the app graph), each to be
# untangled by moving a page or a rule to the layer it belongs to. The test fails when a group
# grows, when a new one appears, and when one is gone but still listed here.
KNOWN_TANGLES: set[frozenset[str]] = set()


def _is_type_checking(node: ast.If) -> bool:
    return "TYPE_CHECKING" in ast.unparse(node.test)


def _imported_apps(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = [node.module]
    elif isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        return []
    return [
        name.split(".")[1]
        for name in names
        if name.startswith("kinerja.") and name.split(".")[1] in APPS
    ]


def _walk(node: ast.AST, *, in_function: bool):
    """(imported app, inside a function?, line) for every import under ``node``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            continue
        for app in _imported_apps(child):
            yield app, in_function, child.lineno
        nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
        yield from _walk(child, in_function=nested)


def _modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if len(parts) > 1 and "migrations" not in parts:
            yield parts[0], path


def _imports():
    for app, path in _modules():
        for target, in_function, line in _walk(ast.parse(path.read_text()), in_function=False):
            if target != app:
                yield app, target, in_function, f"{path.relative_to(ROOT)}:{line}"


def app_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for app, target, in_function, _ in _imports():
        if not in_function:
            graph[app].add(target)
    return graph


def tangles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected groups of more than one app (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.add(frozenset(group))

    for node in sorted(set(graph) | {n for targets in graph.values() for n in targets}):
        if node not in index:
            visit(node)
    return found


def test_no_app_imports_another_inside_a_function():
    hidden = sorted(
        f"{where} imports kinerja.{target}" for _, target, inside, where in _imports() if inside
    )
    assert hidden == []


def test_apps_import_in_one_direction():
    assert tangles(app_graph()) == KNOWN_TANGLES


def test_tangles_finds_a_cycle_and_ignores_a_chain():
    assert tangles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}
    assert tangles({"a": {"b"}, "b": {"c"}}) == set()


def test_walk_sees_function_imports_and_skips_type_checking():
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "from kinerja.units.models import Unit\n"
        "if TYPE_CHECKING:\n    from kinerja.cycles.models import Cycle\n"
        "def f():\n    from kinerja.results.compute import recompute\n"
    )
    assert list(_walk(tree, in_function=False)) == [("units", False, 2), ("results", True, 6)]
