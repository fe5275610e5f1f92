"""Rule data → compiled matchers: the YAML schema, loading and validation (built-in and
company files) and the pattern engine (phrases and token slots, indexed by anchor)."""
