"""The dependency direction of docs/architecture.md, checked on the source: an app imports
only itself and apps *below* it (module level or inside a function alike). A new app is
added to LAYERS in the same commit that creates it; the test fails on any upward import
and on an app missing from the table."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. Apps on one line are peers: they may not import each other either.
LAYERS = [
    ["qms"],
    ["organisation"],
    ["accounts", "notifications"],
    ["signatures", "reminders"],
    ["documents"],
    ["approvals", "renditions", "reviews", "search"],
    ["audits", "transfer"],
    ["procedures"],
    ["nonconformities"],
    # objectives opens a nonconformity from a missed target: above nonconformities.
    ["objectives"],
    ["risks", "dossiers"],
    ["management_reviews"],
    ["demo"],
]
# The project's own wiring sits above every app: it may import them all.
PROJECT_MODULES = {"qms/settings", "qms/urls.py", "qms/celery.py", "qms/wsgi.py", "qms/asgi.py"}
LEVEL = {app: level for level, apps in enumerate(LAYERS) for app in apps}


def _apps_on_disk():
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "benchmarks", "docs"}
        and (path.parent / "apps.py").exists()
        or path.parent.name == "qms"
    )


def _imports(path: Path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module.split(".")[0]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]


def _is_project_module(relative: str) -> bool:
    return any(relative == module or relative.startswith(module + "/") for module in PROJECT_MODULES)


def test_every_app_has_a_layer():
    missing = [app for app in _apps_on_disk() if app not in LEVEL]
    assert missing == [], (
        f"add these apps to LAYERS (tests/test_layering.py, docs/architecture.md): {missing}"
    )


def test_no_app_imports_an_app_above_it_or_beside_it():
    upward = []
    for app in LEVEL:
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).exists() else []:
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or _is_project_module(relative):
                continue
            for line, imported in _imports(path):
                if imported in LEVEL and imported != app and LEVEL[imported] >= LEVEL[app]:
                    upward.append(f"{relative}:{line} imports {imported}")
    assert upward == [], "\n".join(upward)
