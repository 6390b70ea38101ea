"""Global search over account names, contacts, canvas text, meeting notes and action items."""

from __future__ import annotations

from collections import OrderedDict

from csdesk.services.base import Service
from csdesk.store import fulltext
from csdesk.store.fulltext import Hit

__all__ = ["KIND_LABELS", "Hit", "SearchService"]  # Hit: one result, as the UI shows it

# The order results are grouped in, with the words the UI shows for each group.
KIND_LABELS = OrderedDict([
    ("account", "Accounts"), ("contact", "Contacts"), ("canvas", "Success plans"),
    ("kpi", "Measures of success"), ("milestone", "Milestones"), ("meeting", "Meetings"),
    ("action", "Action items"),
])


class SearchService(Service):
    def query(self, text: str, limit: int = 60) -> list[Hit]:
        if not text.strip():
            return []
        with self._uow() as session:
            return fulltext.search(session, text, limit)

    def grouped(self, text: str, limit: int = 60) -> list[tuple[str, list[Hit]]]:
        """Hits grouped by kind, in a fixed order, best first within each group."""
        hits = self.query(text, limit)
        groups = [(label, [h for h in hits if h.kind == kind])
                  for kind, label in KIND_LABELS.items()]
        return [(label, items) for label, items in groups if items]
