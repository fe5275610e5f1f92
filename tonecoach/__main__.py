from tonecoach.cli import main

raise SystemExit(main())
