"""The engine must run headless: importing every explainer module pulls in no Qt, pyqtgraph or gui.
Checked in a fresh interpreter, since pytest-qt has already imported Qt into this one."""
import subprocess
import sys

CHECK = r"""
import importlib, pkgutil, sys
import explainer
for m in pkgutil.walk_packages(explainer.__path__, "explainer."):
    if m.name.endswith("__main__"):
        continue
    importlib.import_module(m.name)
bad = sorted(n for n in sys.modules if n.split(".")[0] in ("PySide6", "PyQt5", "PyQt6", "pyqtgraph", "gui", "superqt", "shiboken6"))
print("IMPORTED:", bad)
sys.exit(1 if bad else 0)
"""


def test_engine_imports_no_qt():
    result = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "IMPORTED: []" in result.stdout
