"""Meeting notes that could not be saved (the team server out of reach, say) wait here, on
this computer, until a save succeeds: switching meetings, closing csdesk or a crash loses
nothing. One small JSON file per meeting (the text and the stored notes it was typed over, so
a later save still notices someone else's change), in a folder per workspace, written
atomically."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from csdesk.files import replace_file
from csdesk.store.paths import WorkspaceLocation, data_dir
from csdesk.store.privacy import make_private_dir


@dataclass(frozen=True)
class NotesDraft:
    text: str
    base: str  # the stored notes the text was typed over


class NoteDrafts:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def for_workspace(cls, location: WorkspaceLocation) -> NoteDrafts:
        key = hashlib.sha256(location.describe().encode("utf-8")).hexdigest()[:16]
        return cls(data_dir() / "unsaved-notes" / key)

    def keep(self, meeting_id: int, draft: NotesDraft) -> None:
        make_private_dir(self.folder)
        replace_file(self._path(meeting_id),
                     json.dumps({"text": draft.text, "base": draft.base}).encode("utf-8"))

    def get(self, meeting_id: int) -> NotesDraft | None:
        try:
            data = json.loads(self._path(meeting_id).read_text(encoding="utf-8"))
            return NotesDraft(str(data["text"]), str(data["base"]))
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError):  # a damaged draft: its text, if any
            text = self._path(meeting_id).read_text(encoding="utf-8", errors="replace")
            return NotesDraft(text, "")

    def drop(self, meeting_id: int) -> None:
        self._path(meeting_id).unlink(missing_ok=True)

    def meetings(self) -> list[int]:
        """The meetings with notes still waiting to be saved."""
        if not self.folder.is_dir():
            return []
        return sorted(int(p.stem) for p in self.folder.glob("*.json") if p.stem.isdigit())

    def _path(self, meeting_id: int) -> Path:
        return self.folder / f"{int(meeting_id)}.json"
