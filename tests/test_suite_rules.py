"""The test suite's own rules (docs/architecture.md §6), held by reading the tests: one way to build the app, one
module of API helpers, no test module importing another, and the database left to the store contract tests."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent
# The modules tests share; everything else in tests/ is a test module, imported by none.
SHARED = {"tests.api", "tests.conftest", "tests.corpus", "tests.servers", "tests.fakes", "tests.fake_models"}


def _test_modules() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(), str(path)) for path in TESTS.rglob("*.py") if path.name != "conftest.py"}


def _names(tree: ast.Module) -> set[str]:
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} | {
        node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
    }


def test_the_walk_finds_the_tests():
    modules = _test_modules()
    assert len(modules) > 20 and TESTS / "auth" / "test_auth.py" in modules


def test_only_conftest_builds_the_app():
    builders = {"create_app", "lifespan_context", "ASGITransport"}
    offenders = [str(path.relative_to(TESTS)) for path, tree in _test_modules().items() if _names(tree) & builders]
    assert offenders == [], f"build the app with the make_client fixture (tests/conftest.py): {offenders}"


def test_test_modules_import_only_the_shared_modules():
    offenders = [
        f"{path.relative_to(TESTS)}: {node.module}"
        for path, tree in _test_modules().items()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tests.") and node.module not in SHARED
    ]
    assert offenders == [], f"put what tests share in tests/api.py (or corpus, servers, fakes): {offenders}"


def test_only_the_store_contract_tests_query_collections():
    offenders = [
        f"{path.relative_to(TESTS)}:{node.lineno}"
        for path, tree in _test_modules().items()
        if path.parent.name != "store"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "collection"
    ]
    assert offenders == [], f"assert through the API, or set a state through a repository: {offenders}"
