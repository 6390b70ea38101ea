"""Meeting notes that could not be saved yet, kept on this computer (`store/drafts.py`): the
draft type the meetings editor writes through `services.meetings.drafts`."""

from __future__ import annotations

from csdesk.store.drafts import NoteDrafts, NotesDraft

__all__ = ["NoteDrafts", "NotesDraft"]
