"""What the import wizard's values step asks, gathered over the checks of a file.

A check (a preview run) finds values csdesk does not know (lifecycle stages, segments,
metrics) and date columns whose day and month order cannot be told; ``ValueQuestions`` keeps
them, with how many rows hold each value, and puts them to the user on the ``ValuesPage``.
"""

from __future__ import annotations

from csdesk.services.import_dates import date_order_of
from csdesk.services.import_mapping import ColumnMapping
from csdesk.services.import_values import value_key
from csdesk.ui.dialogs.import_kinds import Loaded, Outcome, columns_of
from csdesk.ui.dialogs.import_mapping_page import ValuesPage


class ValueQuestions:
    """The questions asked so far for one kind's value fields (field → title)."""

    def __init__(self, value_fields: dict[str, str]) -> None:
        self.value_fields = value_fields
        self.asked: dict[str, dict[str, int]] = {}  # field → values asked → rows with them
        self.date_question: tuple[tuple[str, list[str]], str | None] | None = None

    def clear(self) -> None:
        self.asked, self.date_question = {}, None

    def ask(self, outcome: Outcome, mapping: ColumnMapping, loaded: Loaded | None,
            page: ValuesPage) -> bool:
        """Add the questions a check raised to the values step; False when none is new."""
        headers = list(loaded.headers) if loaded else []
        new = False
        ambiguous = [name for name, order in outcome.date_orders.items() if order == "ambiguous"]
        settled = [order for order in outcome.date_orders.values() if order in ("mdy", "dmy")]
        if ambiguous and self.date_question is None:
            columns = [h for name in ambiguous for h in headers if mapping.field_of(h) == name]
            example = _ambiguous_example(outcome, headers, mapping, ambiguous, loaded)
            self.date_question = ((example, columns), settled[0] if settled else None)
            new = True
        for name in self.value_fields:
            columns = columns_of(headers, mapping, name)
            asked = self.asked.setdefault(name, {})
            for value in outcome.unknown_values.get(name, set()):
                key = value_key(value)
                rows = sum(1 for row in outcome.rejected
                           if any(i < len(row.cells) and value_key(row.cells[i]) == key
                                  for i in columns))
                if value not in asked:
                    new = True
                asked[value] = max(rows, asked.get(value, 0))
        if not new:
            return False
        questions = []
        for name, title in self.value_fields.items():
            found = sorted(self.asked.get(name, {}).items(), key=lambda v: v[0].casefold())
            if found:
                where = ", ".join(f"“{headers[i]}”" for i in columns_of(headers, mapping,
                                                                         name))
                questions.append((name, f"{title}: values in {where} csdesk does not know",
                                  found, outcome.choices.get(name, [])))
        dates, date_default = self.date_question or (None, None)
        page.show_questions(dates=dates, date_default=date_default, values=questions,
                            chosen=page.values(), order=page.date_order())
        return True


def _ambiguous_example(outcome: Outcome, headers: list[str], mapping: ColumnMapping,
                       names: list[str], loaded: Loaded | None) -> str:
    columns = [i for name in names for i in columns_of(headers, mapping, name)]
    candidates = [row.cells[i] for row in outcome.rejected for i in columns
                  if i < len(row.cells)]
    if loaded is not None:
        candidates += [s for i in columns for s in loaded.samples.get(headers[i], [])]
    for cell in candidates:
        if cell.strip() and date_order_of([cell]) == "ambiguous":
            return " ".join(cell.split()).split(" ")[0]
    return "03/04/2027"
