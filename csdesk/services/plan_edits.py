"""The customer's edits to a success plan, proposed as changes (services/plan_compare.py) from
three versions of each value: as exported (kept with the export,
services/document_exports.py), as csdesk has it now (the plan document built today, so both
are the same text for the same value) and as the customer's document says
(services/plan_reading.py); and the ones the CSM accepts, applied (services/plan_apply.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from csdesk.documents.controls import Tracked
from csdesk.errors import CsdeskError
from csdesk.models import Account, CanvasItem, DocumentExport, Milestone, SuccessPlan
from csdesk.services.base import Service
from csdesk.services.document_exports import workspace_uid
from csdesk.services.plan_apply import PlanApplier
from csdesk.services.plan_compare import ProposedChange, compare
from csdesk.services.plan_reading import PlanReading, read_plan
from csdesk.services.tracking import RENEWAL_STAGE_NAMES

RENEWAL_DATE = ("the renewal's date is the contract's renewal date: change it in the account "
                "(Edit account…) if the contract changed")

__all__ = ["PlanEdits", "PlanEditsService", "ProposedChange", "current_values"]

@dataclass
class PlanEdits:
    reading: PlanReading
    account_id: int
    account_name: str
    exported_at: str  # when the document was exported
    changes: list[ProposedChange] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the CSM should know
    renamed: dict[str, str] = field(default_factory=dict)  # see PlanApplier.apply


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
        return self.applier.apply(edits.account_id, accepted, today, source, edits.renamed)

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
            renewals = {f"milestone:{m_id}" for m_id, m_name in session.execute(
                select(Milestone.id, Milestone.name).join(SuccessPlan)
                .where(SuccessPlan.account_id == account.id))
                if m_name.strip().casefold() in RENEWAL_STAGE_NAMES}
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
        edits.changes = [dataclasses.replace(change, problem=RENEWAL_DATE)
                         if change.record in renewals and change.field == "planned" else change
                         for change in compare(exported, ours, reading, canvas_kinds,
                                               edits.notes)]
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
