"""Rule data shipped with tonecoach (YAML, loaded with importlib.resources)."""
