"""What an exported document's content controls said (see documents/controls.py), kept with
the export so the customer's edited copy can be compared three ways when it comes back, and
the custom properties that tie the file to its workspace, account and export."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from csdesk.documents.controls import read_controls
from csdesk.documents.custom_properties import set_custom_properties
from csdesk.models import DocumentExport, WorkspaceSetting

WORKSPACE_UID_KEY = "workspace_uid"
# The custom properties of an exported document
WORKSPACE, ACCOUNT, EXPORT = "csdesk.workspace", "csdesk.account", "csdesk.export"


def workspace_uid(session: Session) -> str:
    """The workspace's own id: made once, the same for everyone sharing the workspace."""
    setting = session.get(WorkspaceSetting, WORKSPACE_UID_KEY)
    if setting is None:
        setting = WorkspaceSetting(key=WORKSPACE_UID_KEY, value=uuid.uuid4().hex)
        session.add(setting)
        session.flush()
    return str(setting.value)


class ExportCapture:
    """The finishing step of one export: reads the controls the template made and, when
    there are any, names the workspace, account and export in the file's properties."""

    def __init__(self, workspace: str, account_id: int) -> None:
        self.workspace, self.account_id = workspace, account_id
        self.uid = uuid.uuid4().hex
        self.values: dict[str, str] = {}

    def after(self, step: Callable[[Any], None]) -> Callable[[Any], None]:
        """``step``, then this capture's own finishing."""
        def both(document: Any) -> None:
            step(document)
            self.finish(document)
        return both

    def finish(self, document: Any) -> None:
        self.values = {value.ref: value.text for value in read_controls(document.element.body)}
        if self.values:
            set_custom_properties(document, {WORKSPACE: self.workspace,
                                             ACCOUNT: str(self.account_id), EXPORT: self.uid})

    def record(self, session: Session, kind: str, file_name: str) -> None:
        """Keep what the controls said (nothing to keep for a template without controls)."""
        if self.values:
            session.add(DocumentExport(uid=self.uid, account_id=self.account_id, kind=kind,
                                       file_name=file_name[:255], values=self.values))
