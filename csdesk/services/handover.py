"""The handover pack: one account, or the whole book, in one file another CSM imports.

The pack is a plain .zip: `handover.json` holds the data (every record of each account, with
references between records as ids local to the pack) and `documents/` holds each account's
success plan as a Word document, for reading. Importing merges the data into the workspace in
one transaction (handover_merge.py): an account is found by its name (any case), and each
record by what it is (a contact by name, a meeting by date and title, a KPI by name…), the n-th
record with the same key matching the n-th one already there. Found records are updated from
the pack, missing ones created, and nothing the receiving CSM added is removed, so importing
the same pack twice changes nothing the second time. The kinds of record: handover_kinds.py.

A pack may come from anyone: reading it is bounded and every value is checked by the forms'
rules before anything is written (handover_pack.py), and the plans of an export are rendered in
a private scratch folder beside the workspace, never the system's temporary folder (scratch.py).
"""

from __future__ import annotations

import io
import json
import threading
import zipfile
import zlib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.exc import DataError, IntegrityError

from csdesk import __version__, clock
from csdesk.documents.kinds import PLAN
from csdesk.errors import CsdeskError
from csdesk.files import replace_file
from csdesk.models import Account, CriticalPathTemplate, FeatureRequest, Milestone, SuccessPlan
from csdesk.services import handover_pack, handover_pack_bounds
from csdesk.services.base import Service
from csdesk.services.handover_kinds import KINDS, LOADS, SKIPPED_COLUMNS, Kind, columns
from csdesk.services.handover_merge import HandoverResult, merge_pack
from csdesk.services.handover_pack import FORMAT, VERSION
from csdesk.services.renewals import ensure_start_renewal_items
from csdesk.store import fulltext, scratch
from csdesk.store.scratch import private_file, scratch_dir

if TYPE_CHECKING:
    from csdesk.services.documents import DocumentService

# Values to and from JSON


def _to_json(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _row(obj: Any, kind: Kind | None, ids: dict[tuple[str, int], int]) -> dict[str, Any]:
    """One record as JSON: its pack id, its references as pack ids, its other columns."""
    skip = set(SKIPPED_COLUMNS)
    data: dict[str, Any] = {}
    if kind is not None:
        skip |= {kind.parent[0], *kind.refs}
        data["ref"] = ids[(kind.name, obj.id)]
        data["parent"] = ids[(kind.parent[1], getattr(obj, kind.parent[0]))]
        for column, target in kind.refs.items():
            value = getattr(obj, column)
            data[column] = None if value is None else ids.get((target, value))
    for attr in columns(type(obj)):
        if attr.key not in skip and not attr.key.endswith("_id"):
            data[attr.key] = _to_json(getattr(obj, attr.key))
    return data


class HandoverService(Service):
    def __init__(self, workspace: Any, *, documents: DocumentService) -> None:
        super().__init__(workspace)
        self._documents = documents

    # Export

    def pack_bytes(self, account_ids: Sequence[int] | None, today: date, *,
                   documents: bool = True,
                   progress: Callable[[int, int], None] | None = None) -> bytes:
        data, names = self._data(account_ids)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as pack:
            pack.writestr(handover_pack_bounds.DATA_NAME,
                          json.dumps(data, ensure_ascii=False, indent=1))
            if documents:
                self._add_documents(pack, names, today, progress)
        return buffer.getvalue()

    def _add_documents(self, pack: zipfile.ZipFile, names: dict[int, str], today: date,
                       progress: Callable[[int, int], None] | None) -> None:
        """Each account's success plan, from the workspace's own plan template."""
        service = self._documents
        # Beside the workspace, owner-only, never the system temporary folder: a killed export
        # must not leave a customer's plan readable there (remove_leftovers cleans up).
        with scratch_dir(scratch.base_for(self._workspace.path)) as folder:
            out = folder / "plan.docx"
            for done, (account_id, name) in enumerate(names.items(), start=1):
                service.render(PLAN.name, None, service.plan_document(account_id, today), out,
                               f"{PLAN.heading}: {name}")
                pack.writestr(f"documents/{_file_name(name)}/Success plan.docx",
                              private_file(out).read_bytes())
                if progress:
                    progress(done, len(names))

    def export(self, path: Path, today: date, account_ids: Sequence[int] | None = None, *,
               documents: bool = True,
               progress: Callable[[int, int], None] | None = None) -> Path:
        """Write the pack; the target is replaced only by a complete file."""
        if path.suffix.lower() != ".zip":
            raise CsdeskError(f"{path.name}: a handover pack is written as .zip")
        data = self.pack_bytes(account_ids, today, documents=documents, progress=progress)
        return replace_file(path, data)

    def _data(self, account_ids: Sequence[int] | None) -> tuple[dict[str, Any], dict[int, str]]:
        with self._uow() as session:
            query = select(Account).where(Account.archived_at.is_(None)).order_by(
                Account.name_key)
            if account_ids is not None:
                query = select(Account).where(Account.id.in_(list(account_ids))).order_by(
                    Account.name_key)
            accounts = list(session.scalars(query))
            if account_ids is not None and len(accounts) != len(set(account_ids)):
                raise CsdeskError("some of the accounts to hand over do not exist")
            ids: dict[tuple[str, int], int] = {}  # (kind, local id) -> id in the pack
            local_ids: dict[str, list[int]] = {"account": [a.id for a in accounts]}
            for number, account in enumerate(accounts, start=1):
                ids[("account", account.id)] = number
            records: dict[str, list[dict[str, Any]]] = {}
            templates: dict[int, CriticalPathTemplate] = {}
            for kind in KINDS:
                parent_column = getattr(kind.model, kind.parent[0])
                rows = list(session.scalars(select(kind.model).options(*LOADS.get(kind.model, ()))
                                            .where(parent_column.in_(local_ids[kind.parent[1]]))
                                            .order_by(kind.model.id)))
                local_ids[kind.name] = [row.id for row in rows]
                for number, row in enumerate(rows, start=1):
                    ids[(kind.name, row.id)] = number
                out = []
                for row in rows:
                    entry = _row(row, kind, ids)
                    if kind.model is SuccessPlan and row.template_id is not None:
                        template = row.template
                        templates[template.id] = template
                        entry["template"] = template.name
                    if kind.model is FeatureRequest:
                        entry["gap"] = row.gap.title
                    if kind.model is Milestone and row.stage_id is not None:
                        entry["stage"] = [row.stage.template.name, row.stage.name]
                    out.append(entry)
                records[kind.name] = out
            from csdesk.services.templates import template_to_dict

            data = {
                "format": FORMAT, "version": VERSION, "csdesk": __version__,
                "exported_at": clock.now().replace(microsecond=0).isoformat(),
                "accounts": [{"ref": ids[("account", a.id)], **_row(a, None, ids)}
                             for a in accounts],
                "records": records,
                "templates": [template_to_dict(t) for t in templates.values()],
            }
            names = {a.id: a.name for a in accounts}
        return data, names

    # Import

    def import_pack(self, path: Path) -> HandoverResult:
        data = _checked(path)
        with self._uow() as session, fulltext.batched(session):
            try:
                result = merge_pack(session, data)
                # Taken-over accounts renewing within 90 days get their item at once.
                ensure_start_renewal_items(session, clock.today())
                return result
            except (IntegrityError, DataError) as error:  # the first line: no values, no SQL
                raise CsdeskError(f"{path.name} does not fit this workspace: "
                                  f"{str(error.orig).splitlines()[0][:200]}") from None


# The last pack read and checked, so that checking a pack before opening the workspace (the
# command line, the window) and importing it read and parse it once: (file identity, data).
_last_checked: dict[tuple[Any, ...], dict[str, Any]] = {}
_last_checked_lock = threading.Lock()


def read_pack(path: Path) -> dict[str, Any]:
    """The pack's data with every value checked (handover_pack): CsdeskError naming what is
    wrong otherwise. Nothing is written."""
    data = handover_pack.check(handover_pack.load(path), path.name, KINDS)
    identity = _identity(path)
    with _last_checked_lock:
        _last_checked.clear()
        if identity is not None:
            _last_checked[identity] = data
    return data


def _checked(path: Path) -> dict[str, Any]:
    """The data ``read_pack`` just checked for this very file, else read and check it."""
    identity = _identity(path)
    with _last_checked_lock:
        data = _last_checked.pop(identity, None) if identity is not None else None
    return data if data is not None else read_pack(path)


def _identity(path: Path) -> tuple[Any, ...] | None:
    try:
        stat = path.stat()
        return (str(path.resolve()), stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except OSError:
        return None


def save_documents(path: Path, folder: Path) -> list[Path]:
    """Copy the pack's Word documents into ``folder`` (kept in their account folders), each
    held to MAX_DOCUMENT_BYTES and all together to MAX_UNCOMPRESSED_BYTES while writing."""
    saved = []
    written = 0
    try:
        handover_pack_bounds.check_size(path)
        with path.open("rb") as handle:
            handover_pack_bounds.check_directory(handle, path.name)
            with zipfile.ZipFile(handle) as pack:
                for info in handover_pack_bounds.check_entries(pack, path.name):
                    parts = Path(info.filename).parts
                    if len(parts) != 3 or parts[0] != "documents" \
                            or not info.filename.endswith(".docx"):
                        continue  # only documents/<account>/<file>.docx; never a path outside
                    target = folder / _file_name(parts[1]) / _file_name(parts[2])
                    target.parent.mkdir(parents=True, exist_ok=True)
                    limit = min(handover_pack_bounds.MAX_DOCUMENT_BYTES,
                                handover_pack_bounds.MAX_UNCOMPRESSED_BYTES - written)
                    _save_member(pack, info, target, limit, path.name)
                    written += target.stat().st_size
                    saved.append(target)
    except (OSError, zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError,
            RuntimeError, ValueError) as error:
        raise CsdeskError(f"cannot save the documents of {path.name}: {error}") from None
    return saved


def _save_member(pack: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, limit: int,
                 name: str) -> None:
    """One document, whole or not at all: a partial file is removed."""

    def copy(partial: Path) -> None:
        with partial.open("wb") as out:
            handover_pack_bounds.copy_member(pack, info, out, limit, name)

    replace_file(target, copy, hidden=True)


def _file_name(name: str) -> str:
    cleaned = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name)
    return cleaned.strip(" .")[:100] or "account"
