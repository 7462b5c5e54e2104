"""Report cross-app imports: app cycles, function-level cross-app imports, functions over 60
lines, the largest module (issue 11 figures). Usage: python tools/imports_report.py ROOT"""

import ast
import os
import sys
from collections import defaultdict
from pathlib import Path

root = sys.argv[1]
apps = sorted(
    d
    for d in os.listdir(root)
    if os.path.isfile(os.path.join(root, d, "__init__.py")) and d not in ("tests", "benchmarks")
)
edges = defaultdict(set)
fn_imports = 0
long_funcs = []
sizes = []
for app in apps:
    for dirpath, _, files in os.walk(os.path.join(root, app)):
        if "migrations" in dirpath:
            continue
        for f in files:
            if not f.endswith(".py"):
                continue
            path = os.path.join(dirpath, f)
            src = Path(path).read_text()
            tree = ast.parse(src)
            sizes.append((src.count("\n"), os.path.relpath(path, root)))
            parents = {}
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    parents[child] = node
            for node in ast.walk(tree):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    n = node.end_lineno - node.lineno + 1
                    if n > 60:
                        long_funcs.append((n, os.path.relpath(path, root), node.name))
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names = (
                        [node.module]
                        if isinstance(node, ast.ImportFrom) and node.module
                        else [a.name for a in getattr(node, "names", [])]
                    )
                    for name in names:
                        top = (name or "").split(".")[0]
                        if top in apps and top != app:
                            p = parents.get(node)
                            inside = False
                            while p is not None:
                                if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
                                    inside = True
                                    break
                                p = parents.get(p)
                            if inside:
                                fn_imports += 1
                            # qms.urls/settings/celery/wsgi are the project root, not the base layer
                            src_app = app
                            rel = os.path.relpath(path, os.path.join(root, app))
                            if app == "qms" and (
                                rel.startswith("settings")
                                or rel in ("urls.py", "celery.py", "wsgi.py", "asgi.py")
                            ):
                                src_app = "project"
                            edges[src_app].add(top)
cycles = set()
for a in apps:
    for b in edges.get(a, ()):
        if a in edges.get(b, ()):
            cycles.add(tuple(sorted((a, b))))
print("apps:", len(apps))
print("app cycles (pairs):", len(cycles), sorted(cycles))
print("function-level cross-app imports:", fn_imports)
print("functions over 60 lines:", len(long_funcs))
[print("  ", x) for x in sorted(long_funcs, reverse=True)[:10]]
print("largest module:", max(sizes))
