from tonecoach.integrations.cli import main

raise SystemExit(main())
