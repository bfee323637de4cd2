"""The core never imports the Telegram adapter: no module under briefings/ imports telegram or bot."""

from __future__ import annotations

import ast
from pathlib import Path

import briefings

CORE = Path(briefings.__file__).parent
FORBIDDEN = {"telegram", "bot"}


def imported_packages(path: Path) -> set[str]:
    """Top-level package names a module imports, at module level or inside functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", "")) in {
                "import_module", "__import__"} and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value).split(".")[0])
    return names


def test_core_modules_never_import_telegram_or_the_bot():
    modules = sorted(CORE.rglob("*.py"))
    assert len(modules) > 30  # the walk found the core
    offenders = {str(p.relative_to(CORE.parent)): sorted(imported_packages(p) & FORBIDDEN) for p in modules}
    assert {path: names for path, names in offenders.items() if names} == {}


def test_the_check_sees_imports_in_functions_and_by_name(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("def f():\n    from bot.settings import X\n    import telegram.ext\n"
                      "    importlib.import_module('bot.app')\nimport briefings.config\n")
    assert imported_packages(sample) == {"bot", "telegram", "briefings"}
