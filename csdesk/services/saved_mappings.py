"""The user's own column mappings, kept in the workspace (``import_mappings``).

``MappingService`` saves, lists and deletes them, offers one again for the same headers, and
reads --mapping: auto, a saved mapping's name, or a .json file.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from csdesk.errors import NotFoundError
from csdesk.models import WorkspaceSetting
from csdesk.services.base import Service
from csdesk.services.column_mapping import MappingError, check_kind
from csdesk.services.header_matching import auto_mapping
from csdesk.services.import_mapping import ColumnMapping, same_header

SETTING_KEY = "import_mappings"
MAX_SAVED = 100
MAX_FILE_BYTES = 1_000_000


def _check_name(name: str) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not 1 <= len(name) <= 80:
        raise MappingError("a mapping's name is 1 to 80 characters")
    if not name.isprintable():
        raise MappingError("a mapping's name cannot hold tabs, line breaks or control "
                           "characters")
    if name.casefold() == "auto" or name.casefold().endswith(".json") or "/" in name \
            or "\\" in name:
        raise MappingError(f"'{name}' would read as --mapping {name}: choose another name "
                           "(not 'auto', no '/' or '\\', not ending in .json)")
    return name


def _for_file(mapping: ColumnMapping, headers: list[str], how: str) -> ColumnMapping:
    """A stored mapping on the file's own spelling of its headers; the file's columns the
    mapping does not name are left undecided."""
    stored = {same_header(h): target for h, target in mapping.columns.items()}
    columns: dict[str, str | None] = {}
    hows: dict[str, str] = {}
    for header in headers:
        if header in columns:
            continue
        columns[header] = stored.get(same_header(header))
        hows[header] = how if same_header(header) in stored else f"not in the {how}"
    return ColumnMapping(mapping.kind, columns, hows)


class MappingService(Service):
    """The user's own column mappings, kept in the workspace for everyone using it."""

    def saved(self) -> dict[str, ColumnMapping]:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, SETTING_KEY)
            stored = dict(setting.value) if setting and isinstance(setting.value, dict) else {}
        mappings = {}
        for name, data in sorted(stored.items(), key=lambda item: item[0].casefold()):
            try:
                mapping = ColumnMapping.from_json(data)
            except MappingError:
                continue  # written by a newer csdesk, or damaged: not offered
            mapping.how = {h: f"saved mapping {name}" for h in mapping.columns}
            mappings[name] = mapping
        return mappings

    def save(self, name: str, mapping: ColumnMapping) -> None:
        """Keep a mapping under a name (replacing one of the same name, in any case). Only a
        mapping that can be used is kept: every column decided, no field twice."""
        name = _check_name(name)
        check_kind(mapping.kind)
        if mapping.problems():
            raise MappingError("this mapping cannot be saved yet: " + mapping.problems()[0])
        ColumnMapping.from_json(mapping.to_json())  # it must read back as it was saved
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, SETTING_KEY, with_for_update=True)
            stored = dict(setting.value) if setting and isinstance(setting.value, dict) else {}
            stored = {k: v for k, v in stored.items() if k.casefold() != name.casefold()}
            if len(stored) >= MAX_SAVED:
                raise MappingError(f"at most {MAX_SAVED} mappings are kept: delete one first")
            stored[name] = mapping.to_json()
            if setting is None:
                session.add(WorkspaceSetting(key=SETTING_KEY, value=stored))
            else:
                setting.value = stored  # a new dict, so the JSON column is written

    def delete(self, name: str) -> None:
        with self._uow() as session:
            setting = session.get(WorkspaceSetting, SETTING_KEY, with_for_update=True)
            stored = dict(setting.value) if setting and isinstance(setting.value, dict) else {}
            kept = {k: v for k, v in stored.items() if k.casefold() != name.strip().casefold()}
            if len(kept) == len(stored):
                raise NotFoundError(_no_such(name, stored))
            assert setting is not None
            setting.value = kept

    def for_headers(self, headers: list[str], kind: str) -> tuple[str, ColumnMapping] | None:
        """A saved mapping of this kind made for exactly these headers (in any order, case or
        spacing): the same report exported again."""
        wanted = {same_header(h) for h in headers}
        for name, mapping in self.saved().items():
            if mapping.kind == kind and {same_header(h) for h in mapping.columns} == wanted:
                return name, _for_file(mapping, headers, f"saved mapping {name}")
        return None

    def resolver(self, spec: Any, kind: str) -> Callable[[list[str]], ColumnMapping]:
        """What an import reads a file's headers with: a ColumnMapping as given, else
        ``resolve(spec, headers, kind)`` once the headers are known."""
        if isinstance(spec, ColumnMapping):
            return lambda _headers: spec
        return lambda headers: self.resolve(str(spec), headers, kind)

    def resolve(self, spec: str, headers: list[str], kind: str) -> ColumnMapping:
        """--mapping: 'auto' (a saved mapping for these headers, else by name), a saved
        mapping's name, or a .json file of ``ColumnMapping.to_json``'s form."""
        check_kind(kind)
        spec = spec.strip()
        if spec.casefold() == "auto":
            found = self.for_headers(headers, kind)
            return found[1] if found else auto_mapping(headers, kind)
        saved = self.saved()
        named = next((n for n in saved if n.casefold() == spec.casefold()), None)
        if named is not None:
            return _fitted(saved[named], headers, kind, f"saved mapping {named}",
                           f"the saved mapping '{named}'")
        if len(spec) > 4096:
            raise MappingError("--mapping: too long for a mapping's name or a file's path")
        if spec.casefold().endswith(".json") or "/" in spec or "\\" in spec \
                or _is_file(spec):
            path = Path(spec).expanduser()
            return _fitted(_read_file(path), headers, kind, f"mapping file {path.name}",
                           path.name)
        raise NotFoundError(_no_such(spec, saved))


def _is_file(spec: str) -> bool:
    try:
        return Path(spec).is_file()
    except OSError:  # a name the system cannot look up (too long for a path)
        return False


def _no_such(name: str, saved: Mapping[str, Any]) -> str:
    names = ", ".join(sorted(saved, key=str.casefold))
    return (f"no saved mapping '{name}'; saved: {names}" if names else
            f"no saved mapping '{name}' (none saved yet); use auto, a name or a .json file")


def _fitted(mapping: ColumnMapping, headers: list[str], kind: str, how: str,
            source: str) -> ColumnMapping:
    if mapping.kind != kind:
        raise MappingError(f"{source} maps {mapping.kind}, not {kind}")
    have = {same_header(h) for h in headers}
    absent = [h for h in mapping.columns if same_header(h) not in have]
    if absent:
        listed = ", ".join(f"'{h}'" for h in absent[:5])
        more = f" and {len(absent) - 5} more" if len(absent) > 5 else ""
        raise MappingError(f"{source} names columns the file does not have: {listed}{more}")
    return _for_file(mapping, headers, how)


def _read_file(path: Path) -> ColumnMapping:
    def refuse_twice(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        twice = next((k for k in keys if keys.count(k) > 1), None)
        if twice is not None:
            raise MappingError(f"{path.name}: '{twice}' is named twice")
        return dict(pairs)

    try:
        if not path.is_file():  # a device (/dev/zero) or a pipe would be read forever
            raise MappingError(f"{path.name} is not a file") if path.exists() else \
                FileNotFoundError(path)
        with path.open("rb") as handle:  # read no more than a mapping can be
            data_bytes = handle.read(MAX_FILE_BYTES + 1)
        if len(data_bytes) > MAX_FILE_BYTES:
            raise MappingError(f"{path.name} is too large for a column mapping")
        text = data_bytes.decode("utf-8-sig")
    except FileNotFoundError:
        raise NotFoundError(f"no mapping file at {path}") from None
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise MappingError(f"cannot read {path}: {reason or error}") from None
    try:
        data = json.loads(text, object_pairs_hook=refuse_twice)
    except json.JSONDecodeError as error:
        raise MappingError(f"{path.name} is not JSON: {error.msg} at line {error.lineno}, "
                           f"column {error.colno}") from None
    except RecursionError:
        raise MappingError(f"{path.name} is nested too deeply to be a column mapping") from None
    try:
        return ColumnMapping.from_json(data)
    except MappingError as error:
        raise MappingError(f"{path.name}: {error}") from None
