"""The entry point PyInstaller freezes: the same `csdesk` command as the installed package."""

from csdesk.cli import main

raise SystemExit(main())
