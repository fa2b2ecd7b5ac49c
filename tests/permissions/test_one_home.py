"""Every permission rule lives in directives/permissions.py: no ``access_*`` fetch elsewhere, no import of its old homes."""
import ast
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "directives"


def _functions(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_access_functions_are_all_in_the_permissions_module():
    elsewhere = sorted(
        f"{path.relative_to(APP.parent)}:{node.name}"
        for path in APP.rglob("*.py")
        if path.name != "permissions.py" and "migrations" not in path.parts
        for node in _functions(path)
        if node.name.startswith("access_")
    )
    assert elsewhere == []


def test_the_permissions_module_is_where_views_and_admin_get_their_rules():
    # The rules are imported from the one module, never from the old homes.
    old_homes = ("selectors.access", "selectors.permissions", "selectors.exports")
    offenders = sorted(
        str(path.relative_to(APP.parent))
        for path in APP.rglob("*.py")
        if any(home in path.read_text(encoding="utf-8") for home in old_homes)
    )
    assert offenders == []
