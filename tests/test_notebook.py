"""The example notebook runs from top to bottom and shows the reports as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="the notebook extra is part of the test install")
nbclient = pytest.importorskip("nbclient", reason="the notebook extra is part of the test install")

NOTEBOOK = Path(__file__).resolve().parents[1] / "examples" / "tonecoach.ipynb"


@pytest.mark.slow
def test_example_notebook_runs_and_renders_reports(tmp_path: Path) -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on any error in a cell
    html = [out["data"]["text/html"] for cell in nb.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if "text/html" in out.get("data", {})]
    reports = [h for h in html if "tc-report" in h]
    assert len(reports) == 3
    assert "TC101" in reports[0] and "tc-mark" in reports[0]
    assert "TC202" in reports[1]  # «Успокойтесь» after a complaint
    errors = [out for cell in nb.cells for out in cell.get("outputs", [])
              if out.get("output_type") == "error"]
    assert errors == []
