"""Every app exposes its extension points under the same file names (docs/architecture.md):
``ui.py`` registers menu entries and panels and nothing else, ``panels.py`` builds the
panels' context, ``reminders.py`` registers the app's reminder kinds and ``hooks.py`` its
hooks into a lower app. Read from the source, like tests/test_layering.py."""

import ast

from tests.test_layering import LEVEL, ROOT

UI_CALLS = {"register_nav", "register_panel", "register_action_with_own_page", "register_tile"}
HOOK_CALLS = {"lifecycle_hook_register", "visibility_grant_register", "finding_nc_opener_register"}


def _modules():
    for app in LEVEL:
        for path in sorted((ROOT / app).rglob("*.py")) if (ROOT / app).exists() else []:
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" not in relative:
                yield relative, ast.parse(path.read_text(), filename=relative)


def _called(tree) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


def _imports_reminder_registration(tree) -> bool:
    """``from reminders.registry import register``, or ``from reminders import registry``
    in a module that calls ``register``."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        names = {alias.name for alias in node.names}
        if node.module == "reminders.registry" and "register" in names:
            return True
        if node.module == "reminders" and "registry" in names and "register" in _called(tree):
            return True
    return False


def _app_file(relative: str) -> str:
    """'approvals/ui.py' -> 'ui.py'; a module deeper in the app keeps its path."""
    return relative.split("/", 1)[1]


def test_each_extension_point_is_registered_from_its_own_file():
    misplaced = []
    for relative, tree in _modules():
        if relative.startswith("qms/"):
            continue  # qms offers the registries; it registers nothing
        called = _called(tree)
        if called & UI_CALLS and _app_file(relative) != "ui.py":
            misplaced.append(f"{relative} registers menu entries or panels: move it to ui.py")
        if called & HOOK_CALLS and _app_file(relative) != "hooks.py":
            misplaced.append(f"{relative} registers hooks: move it to hooks.py")
        if _imports_reminder_registration(tree) and _app_file(relative) != "reminders.py":
            misplaced.append(f"{relative} registers reminder kinds: move it to reminders.py")
    assert misplaced == [], "\n".join(misplaced)


def test_ui_only_registers_and_panels_build_the_context():
    wrong = []
    for relative, tree in _modules():
        if _app_file(relative) != "ui.py":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Panel" and len(node.args) > 1:
                context = node.args[1]
                from_panels = (
                    isinstance(context, ast.Attribute)
                    and isinstance(context.value, ast.Name)
                    and context.value.id == "panels"
                )
                if not from_panels:
                    wrong.append(f"{relative}:{node.lineno} builds a panel's context: move it to panels.py")
    assert wrong == [], "\n".join(wrong)


def test_no_app_keeps_an_extension_point_under_another_name():
    # Names used before the extension points had one name each.
    old_names = {"due_events.py", "reminder_kinds.py", "kinds.py", "approvals_kinds.py"}
    found = [relative for relative, _tree in _modules() if relative.rsplit("/", 1)[-1] in old_names]
    assert found == []
