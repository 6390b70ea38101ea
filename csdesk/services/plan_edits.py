"""The customer's edits to a success plan, proposed as changes: each value compared three ways,
as exported (kept with the export, services/document_exports.py), as csdesk has it now (the
plan document built today, so both are the same text for the same value) and as the
customer's document says (services/plan_reading.py).

- the document differs from the export and csdesk does not: **changed** (the customer's edit);
- both differ from the export, each its own way: **conflict**;
- every value of a record gone from the document: **removed**;
- a bullet or table row the customer added: **added**.

A value the customer left as exported is no change, whatever csdesk did since; the same edit
on both sides is no change either.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from csdesk.documents.controls import Tracked
from csdesk.errors import CsdeskError
from csdesk.models import Account, CanvasItem, DocumentExport, SuccessPlan
from csdesk.services.base import Service
from csdesk.services.document_exports import workspace_uid
from csdesk.services.executive_summary import TO_BE_AGREED
from csdesk.services.plan_apply import PlanApplier, customer_date, number_in
from csdesk.services.plan_reading import PlanReading, fold, read_plan

FIELD_LABELS = {"name": "name", "owner": "owner", "planned": "due date",
                "actual": "actual date", "status": "status", "baseline": "baseline",
                "target": "target", "text": "text"}


@dataclass(frozen=True)
class ProposedChange:
    kind: str  # changed, added, removed, conflict
    record: str  # "milestone:12", "canvas:17", or for an addition the kind of record
    field: str  # "owner", "text", …; "" for a whole record removed
    ours: str | None  # what csdesk has now
    theirs: str | None  # what the customer's document says
    exported: str | None = None  # what the document said when it was exported
    label: str = ""  # what it is, for the CSM: 'Milestone “Kick-off”: owner'
    fields: dict[str, str] = dataclasses.field(default_factory=dict)  # an added row's cells

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class PlanEdits:
    reading: PlanReading
    account_id: int
    account_name: str
    exported_at: str  # when the document was exported
    changes: list[ProposedChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the CSM should know


class PlanEditsService(Service):
    def __init__(self, workspace: Any, *, documents: Any, plans: Any,
                 critical_path: Any) -> None:
        super().__init__(workspace)
        self.documents = documents
        self.applier = PlanApplier(workspace, plans, critical_path)

    def apply(self, edits: PlanEdits, accepted: list[ProposedChange],
              today: date) -> Callable[[], None]:
        """Apply the changes the CSM accepted, in one transaction, noted in Activity as
        "from the customer's document of DATE"; returns their undo (one transaction)."""
        source = f"{edits.exported_at or 'unknown date'} ({edits.reading.file_name})"
        return self.applier.apply(edits.account_id, accepted, today, source)

    def propose(self, path: Path, today: date, *, account_id: int | None = None) -> PlanEdits:
        """The changes ``path`` proposes; refused when it is another workspace's or another
        account's (``account_id``: the account it is imported into), naming which."""
        reading = read_plan(path)
        with self._uow() as session:
            if not reading.workspace or reading.account_id is None or not reading.export_uid:
                raise CsdeskError(f"{reading.file_name} is not a success plan exported by csdesk "
                                  "(its document properties do not name a workspace, account "
                                  "and export)")
            if reading.workspace != workspace_uid(session):
                raise CsdeskError(f"{reading.file_name} was exported from another workspace "
                                  f"(workspace {reading.workspace[:8]}…): open that workspace "
                                  "to import it")
            account = session.get(Account, reading.account_id)
            if account is None:
                raise CsdeskError(f"{reading.file_name} is the success plan of an account this "
                                  "workspace no longer has")
            if account_id is not None and account.id != account_id:
                raise CsdeskError(f"{reading.file_name} is the success plan of {account.name}, "
                                  "not of the account open here")
            export = session.scalar(select(DocumentExport)
                                    .where(DocumentExport.uid == reading.export_uid))
            if export is not None and export.account_id != account.id:
                raise CsdeskError(f"{reading.file_name}: its properties name {account.name}, "
                                  "but its export was of another account: not imported")
            canvas_kinds: dict[int, Any] = {
                item_id: kind for item_id, kind in session.execute(
                    select(CanvasItem.id, CanvasItem.kind).join(SuccessPlan)
                    .where(SuccessPlan.account_id == account.id))}
            name = account.name
            exported = dict(export.values) if export is not None else None
            exported_at = export.exported_at.date().isoformat() if export is not None else ""
        ours = current_values(self.documents.plan_document(reading.account_id, today,
                                                           charts=False))
        edits = PlanEdits(reading, reading.account_id, name, exported_at)
        if exported is None:
            edits.notes.append("The export this document came from is not in this workspace "
                               "(restored from an older backup?): every difference from the "
                               "plan as it is now is shown as the customer's change.")
            exported = dict(ours)
        if reading.tracked_changes:
            edits.notes.append("The document has changes nobody accepted or rejected in Word: "
                               "they were read as if accepted.")
        if exported and not reading.values:
            raise CsdeskError(f"{reading.file_name} no longer holds csdesk's fields (they were "
                              "removed, say by copying the text into a new document): csdesk "
                              "cannot tell what the customer changed")
        edits.changes = _compare(exported, ours, reading, canvas_kinds, edits.notes)
        return edits


def current_values(document: Any) -> dict[str, str]:
    """Every tracked value of a document's data, by reference: what an export today says."""
    values: dict[str, str] = {}

    def walk(value: Any) -> None:
        if isinstance(value, Tracked):
            values[value.ref] = str(value)
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for item in dataclasses.fields(value):
                walk(getattr(value, item.name))
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(document)
    return values


def same(a: str | None, b: str | None) -> bool:
    """Equal as a reader sees them: spacing and Unicode forms aside."""
    if a is None or b is None:
        return a is b
    return " ".join(unicodedata.normalize("NFC", a).split()) == \
        " ".join(unicodedata.normalize("NFC", b).split())


def same_value(field_name: str, a: str | None, b: str | None) -> bool:
    """Equal as values: a date however it is written, a KPI figure with or without its unit,
    an owner still to be agreed; else as a reader sees the text."""
    if same(a, b):
        return True
    if a is None or b is None:
        return False
    if field_name in ("planned", "actual"):
        first, second = _date_or_none(a), _date_or_none(b)
        return first is not None and first == second
    if field_name in ("baseline", "target"):
        first_number, second_number = number_in(a), number_in(b)
        return first_number is not None and first_number == second_number
    if field_name == "owner":
        return {a.strip(), b.strip()} <= {"", TO_BE_AGREED}
    return False


def _date_or_none(text: str) -> date | None:
    try:
        return customer_date(text, "date")
    except (ValueError, CsdeskError):
        return None


def _record_of(ref: str) -> tuple[str, str]:
    parts = ref.split(":")
    return ":".join(parts[:2]), parts[2] if len(parts) > 2 else "text"


def _label(record: str, field_name: str, values: dict[str, str],
           canvas_kinds: dict[int, Any] | None = None) -> str:
    kind = record.split(":")[0]
    if kind == "canvas":
        section = (canvas_kinds or {}).get(int(record.split(":")[1]))
        title = section.label if section is not None else "Statement"
        return f"{title} “{_short(values.get(record, ''))}”"
    name = values.get(f"{record}:name", "")
    title = {"milestone": "Milestone", "kpi": "KPI"}.get(kind, kind)
    return f"{title} “{_short(name)}”" + (f": {FIELD_LABELS.get(field_name, field_name)}"
                                           if field_name else "")


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _compare(exported: dict[str, str], ours: dict[str, str], reading: PlanReading,
             canvas_kinds: dict[int, Any], notes: list[str]) -> list[ProposedChange]:
    theirs = reading.values
    changes: list[ProposedChange] = []
    records: dict[str, list[str]] = {}
    for ref in exported:
        records.setdefault(_record_of(ref)[0], []).append(ref)
    gone_here, unreadable, kpis_deleted = [], 0, []
    for record, refs in records.items():
        if not any(ref in ours for ref in refs):  # no longer in csdesk's plan
            gone_here.append(record)
            continue
        present = [ref for ref in refs if ref in theirs]
        if not present:  # every value of it gone from the document
            if any(fold(exported[ref]) in reading.loose for ref in refs
                   if _record_of(ref)[1] in ("text", "name") and exported[ref].strip()):
                unreadable += 1  # its text is still there: its fields were lost, not the row
            elif record.startswith("kpi:"):
                kpis_deleted.append(_label(record, "", exported))
            else:
                changes.append(ProposedChange("removed", record, "", _summary(record, ours),
                                              None, _summary(record, exported),
                                              _label(record, "", exported, canvas_kinds)))
            continue
        for ref in present:
            field_name = _record_of(ref)[1]
            was, now, sent = exported[ref], ours.get(ref), theirs[ref]
            if same_value(field_name, sent, was) or same_value(field_name, sent, now):
                continue  # the customer left it, or made csdesk's own change
            kind = "changed" if same_value(field_name, now, was) else "conflict"
            changes.append(ProposedChange(kind, record, field_name, now, sent, was,
                                          _label(record, field_name, exported,
                                                 canvas_kinds)))
    _explain(notes, gone_here, unreadable, kpis_deleted)
    known = {" ".join(text.casefold().split()) for ref, text in ours.items()
             if ref.startswith("canvas:") or ref.endswith(":name")}
    for added in reading.added:
        text = added.fields.get("text") or added.fields.get("name") or ""
        if " ".join(text.casefold().split()) in known:
            continue  # already in csdesk: imported before, or typed by the CSM too
        if added.kind == "canvas":
            anchor_id = int(added.anchor.split(":")[1])
            section = canvas_kinds.get(anchor_id)
            kind_name = section.value if section is not None else "statement"
            changes.append(ProposedChange("added", kind_name, "text", None,
                                          added.fields["text"], None,
                                          f"New {kind_name.replace('_', ' ')}"))
        else:
            name = added.fields.get("name", "")
            details = ", ".join(f"{FIELD_LABELS.get(k, k)} {v}" for k, v in added.fields.items()
                                if k != "name")
            changes.append(ProposedChange("added", "milestone", "", None,
                                          name + (f" ({details})" if details else ""), None,
                                          f"New milestone “{_short(name)}”",
                                          dict(added.fields)))
    return changes


def _explain(notes: list[str], gone_here: list[str], unreadable: int,
             kpis_deleted: list[str]) -> None:
    if gone_here:
        notes.append(f"{len(gone_here)} of the document's rows or statements are no longer in "
                     "csdesk's plan (deleted here since the export): what the customer wrote "
                     "in them is left out.")
    if unreadable:
        notes.append(f"{unreadable} of the document's rows or statements lost their csdesk "
                     "fields (their text is still there): they are left as they are.")
    for label in kpis_deleted:
        notes.append(f"{label} was deleted in the document: a KPI is removed in the Success "
                     "plan tab, with its readings, if the customer means it.")


def _summary(record: str, values: dict[str, str]) -> str | None:
    if record in values:
        return values[record]
    return values.get(f"{record}:name")
