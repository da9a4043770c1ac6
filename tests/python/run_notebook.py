"""Runs a notebook top to bottom with nbclient, in its own directory, and fails on the first
cell that raises. The notebook file is not written.

With --installed, the notebook runs in this interpreter's environment (a venv's python): the
venv is registered as a kernel as docs/python.md says (`python -m ipykernel install --name
yanxiu`, here into a temporary prefix on JUPYTER_PATH rather than ~/.local), since Jupyter's
"python3" kernel is Debian's /usr/bin/python3, which does not see the venv; and a first cell
checks that `import yanxiu` loads the package installed there, not a build tree. Without it,
the "python3" kernel runs it."""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

INSTALLED_CHECK = """\
import pathlib, sys, yanxiu
where = pathlib.Path(yanxiu.__file__).resolve()
assert where.is_relative_to(pathlib.Path(sys.prefix).resolve()), f"yanxiu from {where}"
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebook")
    parser.add_argument("--installed", action="store_true",
                        help="check that the kernel imports an installed yanxiu")
    arguments = parser.parse_args()
    # The kernel's debugger warns about frozen modules on every start; it is not used here.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    notebook_path = Path(arguments.notebook).resolve()
    notebook = nbformat.read(notebook_path, as_version=4)
    with tempfile.TemporaryDirectory() as prefix:
        kernel = "python3"
        if arguments.installed:
            subprocess.run([sys.executable, "-m", "ipykernel", "install", "--prefix", prefix,
                            "--name", "yanxiu"], check=True, stdout=subprocess.DEVNULL)
            os.environ["JUPYTER_PATH"] = os.pathsep.join(
                filter(None, [str(Path(prefix) / "share" / "jupyter"),
                              os.environ.get("JUPYTER_PATH")]))
            kernel = "yanxiu"
            notebook.cells.insert(0, nbformat.v4.new_code_cell(INSTALLED_CHECK))
        client = NotebookClient(notebook, timeout=300, kernel_name=kernel,
                                resources={"metadata": {"path": str(notebook_path.parent)}})
        client.execute()
    cells = sum(1 for cell in notebook.cells if cell.cell_type == "code")
    print(f"{notebook_path.name}: {cells} code cells ran")


if __name__ == "__main__":
    main()
