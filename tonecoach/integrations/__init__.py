"""The faces: CLI, language server, batch, Dask, spaCy component, notebook HTML, evaluation.
Each uses only the public API and can be removed without touching the core."""
