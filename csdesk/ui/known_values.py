"""What this window itself last saved to each field, so a field saved again before its view has
reloaded (saves run off the GUI thread) expects its own save, not the value still shown, and
the user is never asked about their own change.

Per field (update method, record, field name): the values this window started from and wrote
(saves, undos, redos) and the one it expects stored now. A value shown that is one of them is
the window's own (a view not reloaded yet): the save expects the last. A value shown that is
none of them came from someone else, loaded since: the save expects what is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from csdesk.services.base import same_value

Key = tuple[str, int, str]  # (the update method's name, the record's id, the field)
KEPT = 20  # values remembered per field


@dataclass
class _Field:
    expected: Any
    values: list[Any] = field(default_factory=list)

    def knows(self, value: Any) -> bool:
        return any(same_value(value, known) for known in self.values)


class KnownValues:
    def __init__(self) -> None:
        self._fields: dict[Key, _Field] = {}

    def expected(self, key: Key, shown: Any) -> Any:
        """What a save of this field expects to find stored, given what its view shows."""
        known = self._fields.get(key)
        return known.expected if known is not None and known.knows(shown) else shown

    def wrote(self, key: Key, shown: Any, value: Any) -> Callable[[], None]:
        """A save of ``value`` is on its way; returns what undoes this note (not saved)."""
        before = self._fields.get(key)
        kept = None if before is None else _Field(before.expected, list(before.values))
        known = before if before is not None and before.knows(shown) else _Field(shown, [shown])
        self._fields[key] = known
        known.values = [*known.values, value][-KEPT:]
        known.expected = value

        def undo_note() -> None:
            if kept is None:
                self._fields.pop(key, None)
            else:
                self._fields[key] = kept

        return undo_note

    def moved(self, key: Key, value: Any) -> None:
        """An undo or redo of this window's puts ``value`` back."""
        known = self._fields.setdefault(key, _Field(value))
        known.values = [*known.values, value][-KEPT:]
        known.expected = value

    def forget(self, key: Key) -> None:
        """What is stored is not known any more (a step refused): the view says."""
        self._fields.pop(key, None)
