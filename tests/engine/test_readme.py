"""The README's Python example runs as written, on the bundled model."""
import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_python_example_runs(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "the README lost its Python example"
    exec(compile(blocks[0], "README.md", "exec"), {})
    assert capsys.readouterr().out.strip()  # it printed a token and its probability
