"""The `csdesk` command: the app by default, headless subcommands beside it.

Exit status 0 on success; otherwise non-zero with one clear line on stderr (an import that was
refused lists its bad rows after that line). A bug prints one line and writes the traceback to
the log file, never to the terminal.
"""

from csdesk.cli.app import main

__all__ = ["main"]
