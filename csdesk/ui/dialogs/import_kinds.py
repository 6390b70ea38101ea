"""The import wizard's work, without its widgets: what it runs for each kind of import.

``Choices`` is everything the user decided; ``Outcome`` is what a preview or an import found,
in the same words for every kind; ``KINDS`` declares each kind once (how it is run, undone,
and which values may need the user's word); ``load`` reads a file's sheets, headers and first
values and the mapping to start from.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csdesk.models import LifecycleStage, Segment
from csdesk.services import Services
from csdesk.services.column_mapping import IGNORE, KIND_LABELS
from csdesk.services.header_matching import auto_mapping
from csdesk.services.import_mapping import ColumnMapping
from csdesk.services.import_rows import Rejected
from csdesk.services.saved_mappings import MappingService
from csdesk.services.table_files import open_table, sheet_names

SAMPLE_ROWS = 20  # the first rows whose values the columns step shows
Progress = Callable[[int, int], None]


# What is chosen, and what a run found -----------------------------------------------------------

@dataclass
class Choices:
    """Everything the user decided: the same choices preview, import and redo."""

    mapping: ColumnMapping
    sheet: str | None = None
    date_order: str = "auto"
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field → {theirs: ours}
    good_rows_only: bool = False


@dataclass
class Outcome:
    """What a preview or an import of any kind found, in the same words."""

    created: int
    updated: int
    unchanged: int
    rejected: list[Rejected]
    footer: list[str]
    ignored: list[str]
    note: str | None
    unknown_values: dict[str, set[str]]
    date_orders: dict[str, str]
    summary: str  # the service's own summary (said after the import)
    raw: Any  # the service's result, which undo takes
    rejects_file: Path | None = None
    choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # field → options
    updated_names: list[str] = field(default_factory=list)
    saved_as: str | None = None
    not_saved: str | None = None  # why the mapping could not be saved

    @property
    def changed(self) -> int:
        return self.created + self.updated


@dataclass
class Loaded:
    sheets: list[str]
    sheet: str | None
    headers: list[str]
    samples: dict[str, list[str]]
    mapping: ColumnMapping
    saved_name: str | None


# The kinds of import, declared once --------------------------------------------------------------

def _accounts(services: Services, path: Path, choices: Choices, dry_run: bool,
              progress: Progress | None = None) -> Outcome:
    importer = services.importing
    values = {k: v for k, v in choices.values.items() if k in ("lifecycle_stage", "segment")}
    options: dict[str, Any] = {"mapping": choices.mapping, "sheet": choices.sheet,
                               "date_order": choices.date_order, "values": values or None}
    result = (importer.preview_accounts(path, **options) if dry_run else
              importer.import_accounts(path, good_rows_only=choices.good_rows_only,
                                       progress=progress, **options))
    return Outcome(len(result.created), len(result.updated), len(result.unchanged),
                   list(result.rejected), list(result.footer), list(result.ignored), result.note,
                   dict(result.unknown_values), dict(result.date_orders), result.summary(),
                   result, result.rejects_file,
                   {"lifecycle_stage": [(s.label, s.value) for s in LifecycleStage],
                    "segment": [(s.label, s.value) for s in Segment]},
                   list(result.updated))


def _records(what: str) -> Callable[..., Outcome]:
    def run(services: Services, path: Path, choices: Choices, dry_run: bool,
            progress: Progress | None = None) -> Outcome:
        importer = services.people_import
        common: dict[str, Any] = {"dry_run": dry_run, "mapping": choices.mapping,
                                  "sheet": choices.sheet,
                                  "good_rows_only": dry_run or choices.good_rows_only}
        result = (importer.import_contacts(path, **common) if what == "contacts" else
                  importer.import_usage(path, date_order=choices.date_order,
                                        metrics=choices.values.get("metric") or None,
                                        **common))
        read = result.read
        assert read is not None
        outcome = Outcome(result.created, result.updated, result.unchanged,
                          list(read.rejected), list(read.footer),
                          [h for h in read.headers if read.mapping.field_of(h) in (None, IGNORE)],
                          read.note, dict(read.unknown_values), dict(read.date_orders),
                          result.summary(), result, result.rejects_file)
        if "metric" in read.unknown_values:
            accounts = _cells_of(read.rejected, read.headers, read.mapping, "account")
            names = importer.kpi_names(sorted(accounts) or None)
            outcome.choices["metric"] = [(name, name) for name in names]
        return outcome

    return run


def _undo_accounts(services: Services, result: Any) -> None:
    services.importing.undo_import(result.changes)


def _undo_records(services: Services, result: Any) -> None:
    services.people_import.undo(result)


@dataclass(frozen=True)
class ImportKind:
    key: str
    nouns: tuple[str, str]  # one, many
    run: Callable[..., Outcome]  # (services, path, choices, dry_run, progress) → Outcome
    undo: Callable[[Services, Any], None]
    # Fields whose values may need the user's word: field → what the values are.
    value_fields: dict[str, str]

    @property
    def title(self) -> str:
        return f"Import {KIND_LABELS[self.key].lower()}"


KINDS = {
    "accounts": ImportKind("accounts", ("account", "accounts"), _accounts, _undo_accounts,
                           {"lifecycle_stage": "Lifecycle stage", "segment": "Segment"}),
    "contacts": ImportKind("contacts", ("contact", "contacts"), _records("contacts"),
                           _undo_records, {}),
    "usage": ImportKind("usage", ("reading", "readings"), _records("usage"), _undo_records,
                        {"metric": "Metric (to a KPI of the success plan)"}),
}


def load(services: Services, path: Path, kind: str, sheet: str | None) -> Loaded:
    """The file's sheets, headers and first values, and the mapping to start from: a saved
    mapping for the same headers, else matched by name."""
    sheets = sheet_names(path)
    with open_table(path, sheet) as table:
        headers = list(table.headers)
        samples: dict[str, list[str]] = {h: [] for h in headers}
        for count, (_number, cells) in enumerate(table.rows(), start=1):
            for header, cell in zip(headers, cells, strict=False):
                text = " ".join(cell.split())
                if text and text not in samples[header] and len(samples[header]) < 3:
                    samples[header].append(text if len(text) <= 40 else text[:39] + "…")
            if count >= SAMPLE_ROWS:
                break
        chosen = table.sheet
    found = MappingService(services.workspace).for_headers(headers, kind)
    mapping = found[1] if found else auto_mapping(headers, kind)
    return Loaded(sheets, chosen, headers, samples, mapping, found[0] if found else None)


def columns_of(headers: list[str], mapping: ColumnMapping, name: str) -> list[int]:
    return [i for i, h in enumerate(headers) if mapping.field_of(h) == name]


def _cells_of(rows: list[Rejected], headers: list[str], mapping: ColumnMapping,
              name: str) -> set[str]:
    columns = columns_of(headers, mapping, name)
    return {" ".join(row.cells[i].split()) for row in rows for i in columns
            if i < len(row.cells) and row.cells[i].strip()}
