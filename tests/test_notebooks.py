"""Every notebook in notebooks/ runs top to bottom without an error (executed on each CI
run; the notebooks are stored without outputs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import scancode_or_skip

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert [p.name[:3] for p in NOTEBOOKS][:3] == ["01-", "02-", "03-"][:len(NOTEBOOKS)]
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_without_error(path: Path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    scancode_or_skip("llama-3.1-license-2024")
    notebook = nbformat.read(path, as_version=4)
    # Stored without outputs, so a diff shows code changes only.
    assert all(not c.get("outputs") and not c.get("execution_count")
               for c in notebook.cells if c.cell_type == "code")
    # Figures go to notebooks/_output/ (ignored by git), where a reader of the CI run
    # finds them, unless $LICENSEPARSE_NOTEBOOK_OUTPUT says otherwise.
    client = nbclient.NotebookClient(notebook, timeout=240, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    # A cell that raises stops the run with CellExecutionError, which fails this test.
    client.execute()
    errors = [o for c in notebook.cells if c.cell_type == "code"
              for o in c.outputs if o.output_type == "error"]
    assert errors == []
