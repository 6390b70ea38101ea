"""One csdesk per workspace. The OS releases the lock when a process dies, so a crash never
locks the user out; a small owner file says who holds it, for the message."""

from __future__ import annotations

import contextlib
import json
import os
import socket
from pathlib import Path

from filelock import FileLock, Timeout

from csdesk import clock
from csdesk.errors import WorkspaceLockedError

# Who holds the lock, for the other's message: the command line names its command (never its
# arguments, which may name private files).
holder = "the csdesk window"


class InstanceLock:
    def __init__(self, db_path: Path) -> None:
        self.lock_path = db_path.with_name(db_path.name + ".lock")
        self.owner_path = db_path.with_name(db_path.name + ".lock-owner")
        self._lock = FileLock(self.lock_path, timeout=0, thread_local=False)

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise WorkspaceLockedError(self._held_message()) from None
        owner = {"pid": os.getpid(), "host": socket.gethostname(), "what": holder,
                 "since": clock.now().isoformat(timespec="seconds")}
        with contextlib.suppress(OSError):  # only for the other's message: a full disk may not
            self.owner_path.write_text(json.dumps(owner), encoding="utf-8")

    def release(self) -> None:
        if self._lock.is_locked:
            self.owner_path.unlink(missing_ok=True)
            self._lock.release()

    @property
    def is_held(self) -> bool:
        return self._lock.is_locked

    def _held_message(self) -> str:
        try:
            owner = json.loads(self.owner_path.read_text(encoding="utf-8"))
            who = owner.get("what") or "csdesk window"
            holder = (f"in use by {who} (process {owner['pid']} on {owner['host']}, since "
                      f"{owner['since']})")
        except (OSError, ValueError, KeyError, AttributeError):
            holder = "already open in another csdesk window"
        return (f"this workspace is {holder}: close it, or wait until it finishes; nothing "
                "was changed")

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
