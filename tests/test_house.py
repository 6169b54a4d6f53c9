"""The house rules a newcomer relies on (issue 15): no module imports itself round a circle, no file
of the engine or the app is over 300 lines, and the app's top folder keeps only its entry points.

Static: the sources are parsed, not imported, so the test needs no Qt and sees imports inside
functions too (a circle through a lazy import is still a circle a reader has to untangle)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("explainer", "gui")
MAX_LINES = 300
GUI_TOP_LEVEL = 6


def sources() -> dict[str, Path]:
    """Every module of the engine and the app, by dotted name (a package by its own name)."""
    out = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imports(name: str, path: Path, modules: set[str]) -> set[str]:
    """The modules of ours that `name` imports anywhere in its file."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            subs = {f"{target}.{alias.name}" for alias in node.names} & modules
            found |= subs if subs else {target}
    return {m for m in found if m in modules and m != name}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return groups


def test_no_module_imports_itself_round_a_circle():
    mods = sources()
    graph = {name: imports(name, path, set(mods)) for name, path in mods.items()}
    assert circles(graph) == []


def test_the_circle_finder_finds_a_circle():
    """Or the test above could pass by finding nothing at all."""
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_file_of_the_engine_or_the_app_is_over_300_lines():
    long = {str(p.relative_to(ROOT)): n for p in sources().values()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, f"split these along their responsibilities: {long}"


def test_the_app_folder_keeps_only_its_entry_points():
    top = sorted(p.name for p in (ROOT / "gui").glob("*.py"))
    assert len(top) <= GUI_TOP_LEVEL, top
    for page in ("explore", "train", "align", "compare"):  # every page folder has the same shape
        names = {p.name for p in (ROOT / "gui" / page).glob("*.py")}
        assert {"texts.py", "screenshots.py", f"{page}_actions.py"} <= names, (page, names)
        assert any(n.startswith("qt_") and n.endswith("_page.py") for n in names), (page, names)
