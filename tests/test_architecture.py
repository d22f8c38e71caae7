"""The structure of the code, read from its imports: no import circle, no oversized file.

The import graph is built with ``ast`` from every import statement, those inside functions
too (a lazy import is still a dependency: it only hides the circle until run time). An import
of ``package.module`` is an edge to that module, not to the package's ``__init__``.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The apps whose structure this checks: every app of the project.
APPS = ("portal", "home", "events", "training", "directory", "search")
MAX_LINES = 500


def _module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _sources():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def import_graph():
    """``{module: {modules of APPS it imports}}``."""
    paths = {_module_name(path): path for path in _sources()}
    graph = {name: set() for name in paths}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - node.level + 1]
                    base = ".".join(filter(None, [*anchor, base]))
                # ``from package import module`` depends on the module itself
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base
                    for alias in node.names
                ]
            for target in targets:
                while target and target not in paths:
                    target = target.rpartition(".")[0]  # ``a.b.Name`` -> ``a.b``
                if target and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph):
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph[node]:
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_imports_it_must():
    graph = import_graph()
    assert "events.models.registrations" in graph["events.services"]
    assert "events.models" in graph["training.models"]
    assert "events.signup" in graph["events.models.bookable"]  # an import inside a method


def test_no_import_circle_between_the_modules_of_the_apps():
    assert cycles(import_graph()) == []


def test_a_circle_is_found_when_there_is_one():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("path", list(_sources()), ids=lambda path: _module_name(path))
def test_no_file_longer_than_500_lines(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)}: {lines} lines"
