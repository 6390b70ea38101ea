"""Engine and sessions, migrations, backups, integrity checks, the instance lock and secrets."""

from csdesk.store.paths import WorkspaceLocation, resolve_location
from csdesk.store.workspace import OpenReport, Workspace

__all__ = ["OpenReport", "Workspace", "WorkspaceLocation", "resolve_location"]
