"""The layout's rules (docs/architecture.md §4), held by reading the code and the app's routes."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

import studybuddy
from studybuddy.app import create_app

SRC = Path(studybuddy.__file__).parent


def _modules() -> dict[str, tuple[ast.Module, str]]:
    """Each module's name -> its syntax tree and the package its relative imports start from."""
    found = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        found[name] = (ast.parse(path.read_text(), str(path)), name if is_package else name.rsplit(".", 1)[0])
    return found


def _imports(name: str, tree: ast.Module, package: str, modules: set[str]) -> set[str]:
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            targets.add(base)
            targets |= {f"{base}.{alias.name}" for alias in node.names}
    return {t for t in targets if t in modules and t != name}


def test_no_module_imports_itself_back_through_others():
    modules = _modules()
    graph = {
        name: _imports(name, tree, package, set(modules)) - {"studybuddy"} for name, (tree, package) in modules.items()
    }
    assert len(graph) > 50 and sum(map(len, graph.values())) > 100  # the walk found the code and its imports
    try:
        list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as exc:
        raise AssertionError(f"import cycle: {' -> '.join(exc.args[1])}") from None


def test_only_repositories_and_the_store_query_collections():
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "repository.py" or path.parent.name == "store":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "collection":
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == [], f"store.collection(...) outside a repository: {offenders}"


def test_every_api_route_declares_its_response_model(settings):
    app = create_app(settings)
    # Routers are included lazily: iter_route_contexts walks app.routes into every included router.
    routes = [
        (context.path, context.original_route)
        for context in iter_route_contexts(app.routes)
        if isinstance(context.original_route, APIRoute) and context.path.startswith("/api/v1")
    ]
    assert len(routes) > 20
    missing = [
        f"{sorted(route.methods)} {path}"
        for path, route in routes
        if not (isinstance(route.response_model, type) and issubclass(route.response_model, BaseModel))
    ]
    assert missing == [], f"routes without a response_model: {missing}"


def test_openapi_shows_the_shape_of_results_tests_attempts_and_test_results(settings):
    schemas = create_app(settings).openapi()["components"]["schemas"]
    results = schemas["SessionResults"]["properties"]["results"]
    assert results == {"$ref": "#/components/schemas/SessionMaterial"}
    material = schemas["SessionMaterial"]["properties"]
    assert set(material) == {"questions", "mock_tests", "mnemonics", "cheat_sheets", "notes"}
    assert material["questions"]["items"] == {"$ref": "#/components/schemas/Question"}
    for shape in ("MockTestToTake", "AttemptRead", "AttemptList", "SubmittedResult", "TestResult"):
        assert schemas[shape]["properties"], shape
    assert "performance_analytics" in schemas["TestResult"]["properties"]


def test_the_examples_openapi_shows_are_valid_responses(settings):
    from studybuddy.material.schemas import MockTestRead, SessionMaterial
    from studybuddy.mocktests.schemas import AttemptRead, MockTestToTake, SubmittedResult, TestResult

    schemas = create_app(settings).openapi()["components"]["schemas"]
    for model in (SessionMaterial, MockTestRead, MockTestToTake, AttemptRead, TestResult, SubmittedResult):
        shown = schemas[model.__name__]["examples"]
        assert shown, model.__name__
        for example in shown:
            model.model_validate(example)  # an example that does not validate would mislead the web app
