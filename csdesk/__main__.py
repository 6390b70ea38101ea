from csdesk.cli import main

raise SystemExit(main())
