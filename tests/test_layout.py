"""The layout keeps its rules (docs/architecture.md): no import cycles, no app importing the
project package, the news sub-packages apart, every package saying what it owns, short modules.

The import graph is read from the source with `ast`, imports inside functions included: a
lazy import is still a dependency, and hiding a cycle in a function does not break it.
"""

import ast
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parent.parent
PROJECT = "cms"
NEWS_JOBS = ("news.api", "news.desk", "news.importers", "news.distribution")
MAX_LINES = 400
# Made by `make run` and friends, not written by us.
NOT_OURS = {"collected-static", "media", "node_modules", "test-artifacts"}
# Django's own conventions, which need no account of themselves.
CONVENTIONAL_PACKAGES = {"migrations", "management", "commands", "templatetags", "settings"}


def project_apps():
    """Every installed app whose code lives in this repository, in settings order."""
    return [app for app in settings.INSTALLED_APPS if (REPO / app.replace(".", "/")).is_dir()]


def python_files(root):
    return sorted(path for path in root.rglob("*.py") if "migrations" not in path.parts)


def module_name(path):
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules():
    found = {}
    for package in [PROJECT, *project_apps()]:
        for path in python_files(REPO / package):
            found[module_name(path)] = path
    return found


def nearest_module(name, known):
    """`name`, or the module it is an attribute of (`news.models.NewsArticle` → news.models)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(name, path, known):
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # `from news.api import stored` imports a module; `from news.models import X` a name.
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            module = nearest_module(target, known)
            if module and module != name:
                found.add(module)
    return found


@pytest.fixture(scope="module")
def graph():
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def within(module, package):
    return module == package or module.startswith(package + ".")


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = set()
            while not component or module not in component:
                component.add(stack.pop())
            on_stack.difference_update(component)
            if len(component) > 1:
                found.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def test_the_graph_sees_imports_of_every_kind(graph):
    # So that the rules below cannot pass on a graph that reads nothing.
    assert "caching.response_cache" in graph["news.querysets"]  # from caching import response_cache
    assert "news.api.stored" in graph["news.api.v2"]  # from news.api import stored
    assert "news.models" in graph["news.api.reader_pages"]  # from news.models import NewsArticle
    assert "news.desk.wagtail_hooks" in graph["news.wagtail_hooks"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_in_a_circle(graph):
    assert cycles(graph) == []


def test_apps_never_import_the_project_package(graph):
    offenders = {
        module: sorted(imported for imported in imports if within(imported, PROJECT))
        for module, imports in graph.items()
        if not within(module, PROJECT)
    }
    assert {module: imports for module, imports in offenders.items() if imports} == {}


def test_each_news_job_keeps_to_itself(graph):
    crossings = [
        (module, imported)
        for module, imports in graph.items()
        for job in NEWS_JOBS
        if within(module, job)
        for imported in imports
        if any(within(imported, other) for other in NEWS_JOBS if other != job)
    ]
    assert crossings == []


@pytest.mark.parametrize(
    "package, may_import",
    [
        # The story model never depends on the page that lists it.
        ("news", {"news", "people", "caching"}),
        # Live coverage builds on the story; nothing of the story's knows it.
        ("live", {"live", "news", "people", "caching"}),
        # Webhooks tell of stories and live coverage.
        ("webhooks", {"webhooks", "news", "live", "caching"}),
        # What requests meet first knows no newsroom content.
        ("frontdoor", {"frontdoor", "caching"}),
        # The cache itself is newsroom-agnostic; only its invalidation knows the models.
        ("caching.response_cache", {"caching.models", "caching.remembered"}),
        ("caching.remembered", set()),
        ("caching.fragments", {"caching.response_cache"}),
        ("caching.redis", set()),
        ("caching.models", set()),
    ],
)
def test_imports_go_one_way(graph, package, may_import):
    apps = project_apps()
    stray = {
        (module, imported)
        for module, imports in graph.items()
        if within(module, package)
        for imported in imports
        if not within(imported, package)
        and any(within(imported, app) for app in apps)
        and not any(within(imported, allowed) for allowed in may_import)
    }
    assert stray == set()


def packages():
    for app in project_apps():
        for init in (REPO / app).rglob("__init__.py"):
            parts = init.parent.relative_to(REPO).parts
            if not CONVENTIONAL_PACKAGES.intersection(parts):
                yield ".".join(parts), init
    yield PROJECT, REPO / PROJECT / "__init__.py"


@pytest.mark.parametrize("package, init", list(packages()), ids=lambda value: str(value))
def test_each_package_says_what_it_owns_and_may_import(package, init):
    docstring = ast.get_docstring(ast.parse(init.read_text())) or ""
    assert len(docstring.split()) >= 12, f"{package}/__init__.py: say what it owns and imports"
    assert "import" in docstring.lower(), f"{package}/__init__.py: say what it may import"


def our_python_files():
    """Every Python file of ours: apps, project, tests, bench; not the virtualenv."""
    for top in sorted(REPO.iterdir()):
        if top.name.startswith(".") or top.name in NOT_OURS:
            continue
        yield from [top] if top.suffix == ".py" else python_files(top) if top.is_dir() else []


def test_no_module_is_longer_than_a_reader_can_hold():
    too_long = {
        str(path.relative_to(REPO)): lines
        for path in our_python_files()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert too_long == {}
