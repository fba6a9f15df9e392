"""The package's architecture as tests: who may import whom, read from the source with `ast`.

Every import counts, wherever it is: at the top of a module, inside a function, under
`if TYPE_CHECKING:`. Relative imports are resolved, and `from .x import y` where y is a module
counts as importing that module. The core (model, load, plan, simulate, rehearse) computes; views,
web and the command present what it computed, so the core never reaches them.
"""

from __future__ import annotations

import ast
from functools import cache
from itertools import pairwise
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src"
PACKAGE = "paradeplan"
CORE = ("model", "load", "plan", "simulate", "rehearse", "live", "fit")
PRESENTATION = ("views", "export", "web", "cli")
MAX_MODULE_LINES = 600
TYPED_SEAMS = ("model", "load", "plan")  # checked strictly by mypy: every attribute declared, none made at run time

Graph = dict[str, dict[str, int]]  # module -> the package's modules it imports -> the line of the first import


def module_files(source: Path, package: str) -> dict[str, Path]:
    """Every Python module of the package by dotted name; a package's __init__.py by the package's name."""
    files = {}
    for path in sorted((source / package).rglob("*.py")):
        parts = path.relative_to(source).with_suffix("").parts
        files[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return files


def resolve(importer: str, is_package: bool, level: int, target: str | None) -> str:
    """The absolute name of `from <level dots><target> import ...` written in module `importer`."""
    if level == 0:
        return target or ""
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def imported_modules(name: str, path: Path, modules: set[str]) -> dict[str, int]:
    """The modules among `modules` that module `name` imports anywhere in it, each with the line of its first import."""
    is_package = path.name == "__init__.py"
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = resolve(name, is_package, node.level, node.module)
            submodules = [f"{source}.{alias.name}" for alias in node.names]
            submodules = [module for module in submodules if module in modules]
            targets = submodules if len(submodules) == len(node.names) else [source, *submodules]
        else:
            continue
        for target in targets:
            if target in modules and target != name:
                found.setdefault(target, node.lineno)
    return found


@cache
def import_graph(source: Path = SOURCE, package: str = PACKAGE) -> Graph:
    """Module -> the package's modules it imports (-> the line of the import), for every module of the package."""
    files = module_files(source, package)
    return {name: imported_modules(name, path, set(files)) for name, path in files.items()}


def in_part(module: str, part: str, package: str = PACKAGE) -> bool:
    """Whether a module is <package>.<part> or inside it."""
    prefix = f"{package}.{part}"
    return module == prefix or module.startswith(prefix + ".")


def describe(graph: Graph, chain: list[str]) -> str:
    """'a -> b (line 3 of a) -> c (line 9 of b)': a chain of imports with the line of each."""
    return " -> ".join([chain[0]] + [f"{b} (line {graph[a][b]} of {a})" for a, b in pairwise(chain)])


def import_cycles(graph: Graph) -> list[list[str]]:
    """One cycle for each import that leads back to a module still being walked (depth first)."""
    done: set[str] = set()
    cycles: list[list[str]] = []

    def walk(module: str, stack: list[str]) -> None:
        stack.append(module)
        for target in sorted(graph[module]):
            if target in stack:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in done:
                walk(target, stack)
        stack.pop()
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            walk(module, [])
    return cycles


def chains_from(graph: Graph, start: str) -> dict[str, list[str]]:
    """Every module `start` reaches through imports, each with one chain of imports that gets there."""
    chains = {start: [start]}
    pending = [start]
    while pending:
        module = pending.pop()
        for target in sorted(graph[module]):
            if target not in chains:
                chains[target] = [*chains[module], target]
                pending.append(target)
    return chains


# ---------------------------------------------------------------- the reader, on a hand-made package


def write_package(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root


HAND_MADE = {
    "pkg/__init__.py": "from .a import run\n",
    "pkg/a.py": "def run():\n    from . import b\n",
    "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .sub import c\n",
    "pkg/sub/__init__.py": "",
    "pkg/sub/c.py": "import json\nfrom ..a import run\n",
}


def test_the_reader_finds_imports_in_functions_under_type_checking_and_relative_ones(tmp_path):
    graph = import_graph(write_package(tmp_path, HAND_MADE), "pkg")
    assert graph == {"pkg": {"pkg.a": 1}, "pkg.a": {"pkg.b": 2}, "pkg.b": {"pkg.sub.c": 3}, "pkg.sub": {},
                     "pkg.sub.c": {"pkg.a": 2}}


def test_a_cycle_through_a_function_level_import_is_found(tmp_path):
    graph = import_graph(write_package(tmp_path, HAND_MADE), "pkg")
    assert [describe(graph, cycle) for cycle in import_cycles(graph)] == [
        "pkg.a -> pkg.b (line 2 of pkg.a) -> pkg.sub.c (line 3 of pkg.b) -> pkg.a (line 2 of pkg.sub.c)"
    ]


# ---------------------------------------------------------------- paradeplan


def test_no_import_cycle():
    graph = import_graph()
    cycles = [describe(graph, cycle) for cycle in import_cycles(graph)]
    assert cycles == [], "import cycles:\n" + "\n".join(cycles)


def test_the_core_never_reaches_views_web_or_the_command():
    # one line per import that steps into presentation code, with the shortest chain from the core to it
    graph = import_graph()
    core = [module for module in sorted(graph) if any(in_part(module, part) for part in CORE)]
    entries: dict[tuple[str, str], list[str]] = {}
    for module in core:
        for chain in chains_from(graph, module).values():
            presentation = [any(in_part(m, part) for part in PRESENTATION) for m in chain]
            if presentation[-1] and not any(presentation[:-1]):
                entry = (chain[-2], chain[-1])
                entries[entry] = min(entries.get(entry, chain), chain, key=len)
    reached = [describe(graph, chain) for _, chain in sorted(entries.items())]
    assert reached == [], "the core imports presentation code:\n" + "\n".join(reached)


def test_the_model_imports_only_the_model():
    outside = [
        f"{module} imports {target} (line {line})"
        for module, targets in sorted(import_graph().items())
        if in_part(module, "model")
        for target, line in sorted(targets.items())
        if not in_part(target, "model")
    ]
    assert outside == [], "paradeplan.model imports the rest of the package:\n" + "\n".join(outside)


def test_no_module_is_over_600_lines():
    lengths = {name: len(path.read_text(encoding="utf-8").splitlines())
               for name, path in module_files(SOURCE, PACKAGE).items()}
    long = {name: lines for name, lines in sorted(lengths.items()) if lines > MAX_MODULE_LINES}
    assert long == {}, f"modules over {MAX_MODULE_LINES} lines (split them by concern): {long}"


def test_the_typed_core_makes_no_attribute_at_run_time():
    # setattr and property(lambda ...) hide attributes from mypy's strict check of model, load and plan
    hidden = [
        f"{name} line {node.lineno}: {ast.unparse(node)[:80]}"
        for name, path in module_files(SOURCE, PACKAGE).items()
        if any(in_part(name, part) for part in TYPED_SEAMS)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "property")
    ]
    assert hidden == [], "attributes made at run time:\n" + "\n".join(hidden)


def test_the_public_names_import_from_the_package():
    from paradeplan import Plan, Problem, Scenario, ScenarioError, load_scenario, make_plan, parse_scenario

    public = (load_scenario, make_plan, parse_scenario, Plan, Scenario, ScenarioError, Problem)
    assert all(callable(name) for name in public)
