"""No import cycle in the project's own modules but the Celery one: services enqueue tasks, tasks call services.

Every ``import`` is read from the source with ``ast``, also those deferred into
functions (a deferred import hides a cycle from start-up, not from the
reader). The one cycle allowed is the usual Celery pattern: ``directives.tasks``
calls the services, and a service enqueues a task with an import deferred into
the function that queues it. Run ``python tests/project/test_import_cycles.py``
to print the graph's cycles.
"""
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("directives", "tracker")
CELERY_TASKS = "directives.tasks"
SERVICES = "directives.services"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path, packages=PACKAGES) -> dict[str, Path]:
    """Every module of the packages (migrations left out: Django imports them, they import nothing of ours)."""
    modules = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[module_name(path, root)] = path
    return modules


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, bool]]:
    """The project modules ``module`` imports, each with whether the import is deferred into a function."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, bool]] = []

    def visit(node, deferred: bool):
        for child in ast.iter_child_nodes(node):
            inner = deferred or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    name = alias.name
                    while name and name not in modules:
                        name = name.rpartition(".")[0]
                    if name:
                        found.append((name, deferred))
            elif isinstance(child, ast.ImportFrom):
                target = _resolve(module, path, child)
                for alias in child.names:
                    submodule = f"{target}.{alias.name}"
                    if submodule in modules:
                        found.append((submodule, deferred))
                    elif target in modules:
                        found.append((target, deferred))
            visit(child, inner)

    visit(tree, False)
    return [(name, deferred) for name, deferred in found if name != module]


def import_graph(root: Path = ROOT, packages=PACKAGES) -> dict[str, dict[str, bool]]:
    """{module: {imported module: deferred}}; deferred is True only if every import of it is in a function."""
    modules = project_modules(root, packages)
    graph: dict[str, dict[str, bool]] = {}
    for module, path in modules.items():
        edges: dict[str, bool] = {}
        for name, deferred in imports_of(module, path, modules):
            edges[name] = edges.get(name, True) and deferred
        graph[module] = edges
    return graph


def is_celery_leg(source: str, target: str) -> bool:
    """A service importing the Celery tasks to enqueue one: the allowed way back from services to tasks."""
    return target == CELERY_TASKS and (source == SERVICES or source.startswith(SERVICES + "."))


def cycles(graph: dict[str, dict[str, bool]], allowed=is_celery_leg) -> list[list[str]]:
    """The strongly connected groups of more than one module once the allowed edges are left out (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = [0]

    def edges(node):
        return [t for t in graph.get(node, {}) if t in graph and not allowed(node, t)]

    def strongconnect(start):
        work = [(start, iter(edges(start)))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter[0]
                    counter[0] += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges(child))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            strongconnect(node)
    return groups


# ----------------------------------------------------------------- the project


def test_project_has_no_import_cycle_but_tasks_and_services():
    # given / when
    found = cycles(import_graph())
    # then
    assert found == [], "import cycles: " + "; ".join(" ↔ ".join(group) for group in found)


def test_services_import_the_celery_tasks_only_inside_functions():
    # The module-level import would run directives.tasks half-initialised at start-up (tasks imports services).
    graph = import_graph()
    at_top = [source for source, edges in graph.items() if is_celery_leg(source, CELERY_TASKS)
              and CELERY_TASKS in edges and not edges[CELERY_TASKS]]
    assert at_top == []


def test_services_and_selectors_never_import_admin_or_views():
    graph = import_graph()
    lower = [m for m in graph if m.startswith(("directives.services", "directives.selectors", "directives.exports",
                                               "directives.models", "directives.permissions", "directives.extraction"))]
    upward = {(m, t) for m in lower for t in graph[m] if t.startswith(("directives.admin", "directives.views"))}
    assert upward == set()


def test_extraction_imports_nothing_of_the_app():
    graph = import_graph()
    outside = {(m, t) for m in graph if m.startswith("directives.extraction")
               for t in graph[m] if not t.startswith("directives.extraction")}
    assert outside == set()


# ----------------------------------------------------------------- the checker itself


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_cycles_finds_a_cycle_hidden_in_a_function(tmp_path):
    # given: a → b at the top, b → a inside a function
    root = _package(tmp_path, {
        "app/__init__.py": "",
        "app/a.py": "from .b import helper\n",
        "app/b.py": "def helper():\n    from . import a\n    return a\n",
        "app/c.py": "import app.a\n",
    })
    # when
    graph = import_graph(root, ("app",))
    # then
    assert graph["app.b"] == {"app.a": True}
    assert cycles(graph) == [["app.a", "app.b"]]


def test_cycles_allows_services_enqueueing_tasks(tmp_path):
    # given: the Celery pattern, and a second cycle through views that is not allowed
    root = _package(tmp_path, {
        "directives/__init__.py": "",
        "directives/tasks.py": "from .services import jobs\n",
        "directives/services/__init__.py": "",
        "directives/services/jobs.py": "def enqueue():\n    from ..tasks import job_task\n",
        "directives/services/exports.py": "from ..views.exports import response\n",
        "directives/views/__init__.py": "",
        "directives/views/exports.py": "from ..services.exports import write\n",
    })
    # when
    found = cycles(import_graph(root, ("directives",)))
    # then
    assert found == [["directives.services.exports", "directives.views.exports"]]


if __name__ == "__main__":
    groups = cycles(import_graph())
    for group in groups:
        print(" ↔ ".join(group))
    sys.exit(1 if groups else 0)
