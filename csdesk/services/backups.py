"""File → Back up now: a verified copy of the workspace's file, beside the daily ones (the
store's `backup` does the copying, checking and rotating). Seconds on a big book, so the UI
runs it on its task runner."""

from __future__ import annotations

from csdesk.errors import WorkspaceError
from csdesk.store import backup
from csdesk.store.backup_files import BackupInfo
from csdesk.store.workspace import Workspace

__all__ = ["BackupInfo", "back_up_now"]


def back_up_now(workspace: Workspace) -> BackupInfo:
    """A manual backup of ``workspace``'s file, verified; a team workspace on a server has
    no file here to copy (its server keeps its backups)."""
    if workspace.path is None:
        raise WorkspaceError("a team workspace is backed up by its server, not by csdesk")
    return backup.make_backup(workspace.path, "manual")
