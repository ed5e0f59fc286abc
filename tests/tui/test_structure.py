"""The layout of `riskctl.tui`: documented widgets, one dialog per module, no import cycle
through the app.

Screens, widgets and dialogs reach the app through a typed property (`cast("RiskctlApp",
self.app)`), importing it only under `if TYPE_CHECKING:`; the app imports the screens, so a
run-time import of the app from any of them would be a cycle.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.widget import Widget

import riskctl.tui

TUI = Path(riskctl.tui.__file__).parent


def _modules() -> list[str]:
    return [
        info.name
        for info in pkgutil.walk_packages(riskctl.tui.__path__, prefix="riskctl.tui.")
        if not info.ispkg
    ]


def _runtime_imports(tree: ast.Module, package: str) -> set[str]:
    """The modules that `tree` (a module of `package`) imports when it runs, lazy imports in
    functions included."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for stmt in node.body for inner in ast.walk(stmt))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from the package, one level up per dot past the first
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                module = ".".join([*parts, node.module] if node.module else parts)
            else:
                module = node.module or ""
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_every_widget_screen_and_dialog_says_what_the_user_sees_there():
    undocumented = []
    for name in _modules():
        module = importlib.import_module(name)
        for cls_name, cls in vars(module).items():
            if not inspect.isclass(cls) or cls.__module__ != name:
                continue
            # Screens and modal screens are widgets too.
            if issubclass(cls, Widget) and not (cls.__dict__.get("__doc__") or "").strip():
                undocumented.append(f"{name}.{cls_name}")
    assert undocumented == []


def test_each_dialog_module_holds_one_class():
    crowded = {}
    for path in sorted((TUI / "dialogs").glob("*.py")):
        if path.name == "__init__.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
        if len(classes) != 1:
            crowded[path.name] = classes
    assert crowded == {}


def test_no_module_of_the_tui_imports_the_app_at_run_time():
    importers = []
    for path in sorted(TUI.rglob("*.py")):
        if path == TUI / "app.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = ".".join(("riskctl", "tui", *path.parent.relative_to(TUI).parts))
        imports = _runtime_imports(tree, package)
        if "riskctl.tui.app" in imports or "riskctl.tui.app.RiskctlApp" in imports:
            importers.append(str(path.relative_to(TUI)))
    assert importers == []
