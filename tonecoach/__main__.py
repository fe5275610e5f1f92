"""``python -m tonecoach``: the ``tonecoach`` command."""

from tonecoach.integrations.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
