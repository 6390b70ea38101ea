"""Properties of the code itself: layering, import cycles, module size, lint, packaging.

The structure tests read the source with `ast` and import nothing. Every `import` and
`from … import` anywhere in a module counts: at the top, inside functions and methods, in
`try` blocks, and `importlib.import_module("…")` with a literal name. `from csdesk.x import y`
where y is a submodule is an import of csdesk.x.y; importing a package (csdesk.services, or a
name from it) is an import of its __init__. The parent packages Python runs first are not
counted: every module would otherwise be in a cycle with its own package's __init__.

Imports under `if TYPE_CHECKING:` are marked type-only and treated apart:
- the layering rules (the core and Qt, the UI and the store) count them: naming a Qt or a
  store type is a dependency on that layer all the same;
- the cycle graph leaves them out: they never run, and they are the way to name a type without
  a runtime cycle.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import count, pairwise
from pathlib import Path

import pytest

pytestmark = pytest.mark.same_every_day  # reads the code, not the calendar

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "csdesk"

# The core runs without Qt (the command line, the services, documents and charts).
# csdesk.cli may be a module (csdesk/cli.py) or a package (csdesk/cli/): both are matched.
CORE = ("csdesk.models", "csdesk.services", "csdesk.store", "csdesk.charts", "csdesk.documents",
        "csdesk.cli", "csdesk.errors")
QT = ("PySide6", "shiboken6", "PySide2", "shiboken2", "PyQt5", "PyQt6", "qtpy", "pytestqt",
      "matplotlib.backends.backend_qt",  # backend_qt, backend_qtagg, backend_qt5agg…
      "matplotlib.pyplot")  # picks a GUI backend: Qt's, when it is installed
UI = "csdesk.ui"
# `csdesk` with no command (and `csdesk screenshot`) opens the window: the command line may
# import these two, inside the command's function only, so no other command loads Qt.
LAUNCHES = {"csdesk.ui.app", "csdesk.ui.screenshot"}


# Reading the source -----------------------------------------------------------------------


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    path: str  # its file, relative to the repository
    line: int
    target: str  # a csdesk module (resolved), or the name as written for anything else
    type_only: bool  # under `if TYPE_CHECKING:`
    in_function: bool  # runs when the function is called, not when the module is imported

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def sources() -> dict[Path, str]:
    """Every module file under csdesk/ and its module name. Two files may share a name while a
    module becomes a package (csdesk/cli.py beside csdesk/cli/__init__.py): both are read."""
    return {path: _module_name(path) for path in sorted(PACKAGE.rglob("*.py"))}


@cache
def module_names() -> frozenset[str]:
    return frozenset(sources().values())


def _resolve(name: str) -> str:
    """A csdesk name to the module it imports (the longest module prefix); others as written."""
    if name != "csdesk" and not name.startswith("csdesk."):
        return name
    parts = name.split(".")
    while parts and ".".join(parts) not in module_names():
        parts.pop()
    return ".".join(parts) or name


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"
            or isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports_of(path: Path, module: str) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    where = str(path.relative_to(ROOT))
    found: list[Import] = []

    def add(node: ast.stmt | ast.expr, target: str, type_only: bool, in_function: bool) -> None:
        found.append(Import(module, where, node.lineno, _resolve(target), type_only,
                            in_function))

    def visit(node: ast.AST, type_only: bool, in_function: bool) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.body:
                visit(child, True, in_function)
            for child in node.orelse:
                visit(child, type_only, in_function)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(node, alias.name, type_only, in_function)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                add(node, submodule if submodule in module_names() else source, type_only,
                    in_function)
        elif isinstance(node, ast.Call) and node.args and \
                isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str) \
                and (isinstance(node.func, ast.Name) and node.func.id in
                     ("import_module", "__import__") or
                     isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"):
            add(node, node.args[0].value, type_only, in_function)
        inside = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef |
                                           ast.Lambda)
        for child in ast.iter_child_nodes(node):
            visit(child, type_only, inside)

    visit(tree, False, False)
    return found


@cache
def all_imports() -> tuple[Import, ...]:
    return tuple(i for path, module in sources().items() for i in _imports_of(path, module))


def _within(name: str, *packages: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in packages)


def _is_launch(i: Import) -> bool:
    return _within(i.module, "csdesk.cli") and i.target in LAUNCHES and i.in_function


# Layering ---------------------------------------------------------------------------------


def test_the_source_is_read() -> None:
    names = module_names()
    assert {"csdesk.services.accounts", "csdesk.store.workspace", "csdesk.cli",
            "csdesk.ui.app"} <= names
    imports = all_imports()
    assert any(i.target == "csdesk.store.workspace" for i in imports)
    assert any(i.in_function for i in imports) and any(i.type_only for i in imports)


def test_the_core_never_imports_qt_or_the_ui() -> None:
    """Nor does anything the core imports (csdesk.settings, csdesk.files…), at any depth: the
    chain from a core module is reported."""
    by_module: dict[str, list[Import]] = {}
    for i in all_imports():
        by_module.setdefault(i.module, []).append(i)
    core = sorted(m for m in module_names() if _within(m, *CORE))
    assert "csdesk.services.accounts" in core and "csdesk.cli" in core
    came_from: dict[str, Import | None] = dict.fromkeys(core)  # how each module was reached
    queue = deque(core)
    problems = []
    while queue:
        module = queue.popleft()
        for i in by_module.get(module, []):
            if _is_launch(i):
                continue
            if _within(i.target, *QT, UI):
                steps = [i]
                while (step := came_from[steps[-1].module]) is not None:
                    steps.append(step)
                problems.append(" -> ".join([steps[-1].module] + [
                    f"{s.target} ({s.where}{', type-only' if s.type_only else ''})"
                    for s in reversed(steps)]))
            elif i.target in module_names() and i.target not in came_from:
                came_from[i.target] = i
                queue.append(i.target)
    assert not problems, "the core reaches Qt or csdesk.ui:\n" + "\n".join(problems)


def test_the_command_line_starts_the_window_only_from_inside_a_command() -> None:
    """The one way csdesk.cli may reach csdesk.ui (LAUNCHES) is a function's own import."""
    wrong = [f"{i.where}: {i.target} imported at the top of {i.module}" for i in all_imports()
             if _within(i.module, "csdesk.cli") and i.target in LAUNCHES and not i.in_function]
    assert not wrong, "\n".join(wrong)


# The UI reaches the store only where it opens a workspace; the rest goes through services.
UI_OPENS_A_WORKSPACE = {
    "csdesk.ui.app",  # opens the workspace at start, recovers, asks for the passphrase
    "csdesk.ui.screenshot",  # `csdesk screenshot`: opens a workspace to render the window
}
# To move behind services: these import the store for something else (a type, a backup or
# keychain call) and are listed only until that goes through csdesk.services.
UI_STORE_TEMPORARY: set[str] = set()  # none left


def test_the_ui_reaches_the_store_only_where_it_opens_a_workspace() -> None:
    offenders: dict[str, set[tuple[str, int, str]]] = {}
    for i in all_imports():
        if _within(i.module, UI) and _within(i.target, "csdesk.store"):
            offenders.setdefault(i.module, set()).add((i.path, i.line, i.target))
    allowed = UI_OPENS_A_WORKSPACE | UI_STORE_TEMPORARY
    listing = "\n".join(
        f"  {'' if m in allowed else 'NOT ALLOWED '}{path}:{line}: {m} imports {target}"
        for m in sorted(offenders) for path, line, target in sorted(offenders[m]))
    new = sorted(set(offenders) - allowed)
    stale = sorted(allowed - set(offenders))
    assert not new, (f"importing csdesk.store: {', '.join(new)}; go through csdesk.services "
                     f"instead. Every UI module importing the store:\n{listing}")
    assert not stale, (f"no longer importing csdesk.store: {', '.join(stale)}; remove them "
                       "from the lists in this test. Every UI module importing the store:\n"
                       f"{listing}")


# Import cycles ----------------------------------------------------------------------------

# Cycles that exist and are not fixed yet, each as its chain of modules back to the first.
# The test passes with these and fails on any other (an import closing a new loop, even among
# modules already in one of these), and on an entry that is no longer a cycle.
KNOWN_CYCLES: set[tuple[str, ...]] = set()


def _runtime_graph() -> dict[str, dict[str, Import]]:
    graph: dict[str, dict[str, Import]] = {m: {} for m in module_names()}
    for i in all_imports():
        if not i.type_only and i.target in module_names() and i.target != i.module:
            graph[i.module].setdefault(i.target, i)
    return graph


def _components(graph: dict[str, dict[str, Import]]) -> dict[str, int]:
    """Tarjan's strongly connected components, without recursion: module -> component."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    numbers = count()
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is not None and target not in index:
                index[target] = low[target] = len(index)
                stack.append(target)
                work.append((target, iter(sorted(graph[target]))))
            elif target is not None:
                if target not in component:  # still on the stack
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    number = next(numbers)
                    while (member := stack.pop()) != node:
                        component[member] = number
                    component[node] = number
    return component


def _path(graph: dict[str, dict[str, Import]], start: str, end: str) -> list[str]:
    """The shortest import chain from start to end."""
    came_from = {start: start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == end:
            break
        for target in sorted(graph[node]):
            if target not in came_from:
                came_from[target] = node
                queue.append(target)
    chain = [end]
    while chain[-1] != start:
        chain.append(came_from[chain[-1]])
    return chain[::-1]


def _edges(chain: tuple[str, ...]) -> set[tuple[str, str]]:
    return set(pairwise(chain))


def test_no_import_cycles() -> None:
    graph = _runtime_graph()
    component = _components(graph)
    in_cycles = {(a, b) for a in graph for b in graph[a] if component[a] == component[b]}
    known = set().union(*map(_edges, KNOWN_CYCLES)) if KNOWN_CYCLES else set()
    new: dict[tuple[str, ...], str] = {}
    for a, b in sorted(in_cycles - known):
        chain = [a, *_path(graph, b, a)]
        turn = chain.index(min(chain[:-1]))  # one cycle found from any of its edges: once
        cycle = tuple(chain[turn:-1] + chain[:turn + 1])
        new[cycle] = "\n".join(f"    {x} -> {y} ({graph[x][y].where})"
                               for x, y in pairwise(cycle))
    stale = [chain for chain in KNOWN_CYCLES
             if not all(b in graph.get(a, {}) for a, b in _edges(chain))]
    assert not new, "import cycles:\n" + "\n".join(
        f"  {' -> '.join(c)}\n{lines}" for c, lines in new.items())
    assert not stale, ("no longer cycles, remove them from KNOWN_CYCLES: "
                       + "; ".join(" -> ".join(c) for c in stale))


# Module size ------------------------------------------------------------------------------

MAX_LINES = 400
# The modules over MAX_LINES when this rule came, each with its length then as a ceiling: it
# may shrink, never grow. Under MAX_LINES again, its entry must go.
OVER_MAX_LINES: dict[str, int] = {}
GENERATED = "csdesk/store/migrations/versions/"


def test_modules_stay_small() -> None:
    lengths = {str(p.relative_to(ROOT)): len(p.read_text(encoding="utf-8").splitlines())
               for p in sources() if not str(p.relative_to(ROOT)).startswith(GENERATED)}
    problems = []
    for path, lines in sorted(lengths.items()):
        ceiling = OVER_MAX_LINES.get(path)
        if ceiling is None and lines > MAX_LINES:
            problems.append(f"{path} has {lines} lines (at most {MAX_LINES}): split it")
        elif ceiling is not None and lines > ceiling:
            problems.append(f"{path} grew to {lines} lines (its ceiling is {ceiling}): "
                            "make it smaller, not larger")
    for path in sorted(OVER_MAX_LINES):
        if lengths.get(path, 0) <= MAX_LINES:
            problems.append(f"{path} is {lengths.get(path, 'gone, 0')} lines now: remove it "
                            "from OVER_MAX_LINES")
    assert not problems, "\n".join(problems)


# Replacing files --------------------------------------------------------------------------

# A file is written beside its target and renamed into place by csdesk.files.replace_file
# (a function that writes the file can be given: a library's save, a backup copied and checked).
# Only the store's swaps of a whole workspace database rename by themselves: they move existing
# files aside and back, or check a converted copy with their own words for a full disk. Each
# is allowed by module and function (its qualified name: Class.method, outer.inner).
RENAMES_ALLOWED = {
    ("csdesk.files", "replace_file"),  # the helper itself
    ("csdesk.store.backup", "restore"),  # the checked copy swapped in for the workspace
    ("csdesk.store.backup", "_put_back"),  # a restore undone: the WAL back beside its file
    ("csdesk.store.backup", "_keep_aside"),  # the old file's WAL moved with it
    ("csdesk.store.encrypting", "convert_file"),  # a database copied under another key
}
RENAMES = {"replace", "rename", "renames"}


def _renames(path: Path) -> Iterator[tuple[int, str]]:
    """(line, enclosing function) of each os.replace/os.rename/shutil.move, or a path's
    .replace(x)/.rename(x) (one argument and no keyword: not str.replace or datetime.replace),
    and of `from os import replace` and the like ("" outside any function)."""

    def visit(node: ast.AST, where: str) -> Iterator[tuple[int, str]]:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            where = f"{where}.{node.name}" if where else node.name
        if isinstance(node, ast.ImportFrom) and node.module in ("os", "shutil") and \
                any(a.name in RENAMES | {"move"} for a in node.names):
            yield node.lineno, where
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value.id if isinstance(node.func.value, ast.Name) else None
            if owner == "os" and node.func.attr in RENAMES or \
                    owner == "shutil" and node.func.attr == "move" or \
                    node.func.attr in RENAMES and len(node.args) == 1 and not node.keywords:
                yield node.lineno, where
        for child in ast.iter_child_nodes(node):
            yield from visit(child, where)

    yield from visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), "")


def test_files_are_replaced_by_replace_file() -> None:
    found = [(module, function, f"{path.relative_to(ROOT)}:{line}")
             for path, module in sources().items() for line, function in _renames(path)]
    wrong = [f"{where} ({function or 'module level'})" for module, function, where in found
             if (module, function) not in RENAMES_ALLOWED]
    assert not wrong, "write with csdesk.files.replace_file instead: " + ", ".join(wrong)
    renaming = {(module, function) for module, function, _ in found}
    stale = sorted(f"{module}.{function}" for module, function in RENAMES_ALLOWED - renaming)
    assert not stale, f"{', '.join(stale)} no longer rename files: remove them from the list"


def test_the_rename_finder_sees_a_hand_rolled_replace(tmp_path: Path) -> None:
    """What the rule above looks for: a write-and-rename in a function, or a method."""
    source = tmp_path / "example.py"
    source.write_text("import os\nfrom shutil import move\n\n\n"
                      "def save(partial, path):\n    os.replace(partial, path)\n\n\n"
                      "class Writer:\n    def save(self, partial, path):\n"
                      "        partial.rename(path)\n        return 'a'.replace('a', 'b')\n",
                      encoding="utf-8")
    assert list(_renames(source)) == [(2, ""), (6, "save"), (11, "Writer.save")]


# Lint and packaging -----------------------------------------------------------------------


def test_ruff_is_clean() -> None:
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    assert ruff, "ruff is part of the test extra"
    result = subprocess.run([ruff, "check", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_package_is_shipped() -> None:
    """pyproject.toml lists packages explicitly (resources/ is mapped in): none may be missed."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    on_disk = {".".join(p.parent.relative_to(ROOT).parts)
               for p in (ROOT / "csdesk").rglob("__init__.py")}
    assert on_disk | {"csdesk.resources"} == listed
