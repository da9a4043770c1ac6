"""Runs a notebook top to bottom with nbclient, in its own directory, and fails on the first
cell that raises. The notebook file is not written."""

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient


def main(path: str) -> None:
    # The kernel's debugger warns about frozen modules on every start; it is not used here.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    notebook_path = Path(path).resolve()
    notebook = nbformat.read(notebook_path, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(notebook_path.parent)}})
    client.execute()
    cells = sum(1 for cell in notebook.cells if cell.cell_type == "code")
    print(f"{notebook_path.name}: {cells} code cells ran")


if __name__ == "__main__":
    main(sys.argv[1])
