"""Reading a handover pack that may have been made to do harm: bounded work first, then every
value checked by the rules of the app's forms, before anything is written.

``load`` checks the zip's own directory (how many files, how big once uncompressed) before it
reads any data, reads ``handover.json`` once and with a size limit, and parses it with bounded
numbers and nesting (the bounds: handover_pack_bounds.py). ``check`` then checks the
structure (the types the export writes, lists and objects where they belong), every value by
the forms' rules (handover_fields.py), and that a record's references stay inside its own
account. Problems name the record and the field, never SQL and never a whole row:
``account 3 'Acme', field arr_cents 'a lot' is not a whole number of cents``.

Keys the export does not write are ignored, never imported: the export writes every column of
each record, so a pack from a newer csdesk of the same format version may carry a field this one
does not know (a change this version cannot read raises the format version instead).
"""

from __future__ import annotations

import json
import zipfile
import zlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from csdesk.errors import CsdeskError, ValidationError
from csdesk.models.enums import SurveyKind
from csdesk.services import validation as v
from csdesk.services.handover_checks import MAX_LIST_ITEMS, encodable, shown, stamp
from csdesk.services.handover_fields import FIELDS, UNIQUE_PER_PARENT, Field
from csdesk.services.handover_pack_bounds import (
    DATA_NAME,
    MAX_ACCOUNTS,
    MAX_DATA_BYTES,
    MAX_RECORDS,
    check_directory,
    check_entries,
    check_size,
    parse,
    read_member,
)

FORMAT = "csdesk-handover"
VERSION = 1
MAX_PROBLEMS_SHOWN = 10  # the rest are counted: the message stays readable


class PackKind(Protocol):
    """What ``check`` needs of handover_kinds.Kind (frozen): its name, its parent, its
    references."""

    @property
    def name(self) -> str: ...
    @property
    def parent(self) -> tuple[str, str]: ...
    @property
    def refs(self) -> dict[str, str]: ...


def load(path: Path) -> Any:
    """The parsed (not yet checked) data of the pack at ``path``."""
    check_size(path)
    try:
        with path.open("rb") as handle:
            check_directory(handle, path.name)
            with zipfile.ZipFile(handle) as pack:
                check_entries(pack, path.name)
                try:
                    info = pack.getinfo(DATA_NAME)
                except KeyError:
                    raise CsdeskError(f"{path.name} is not a handover pack (no {DATA_NAME} "
                                      "inside)") from None
                raw = read_member(pack, info, MAX_DATA_BYTES, path.name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError,
            NotImplementedError, RuntimeError, ValueError) as error:
        if isinstance(error, zipfile.BadZipFile) and "File is not a zip file" in str(error):
            raise CsdeskError(f"{path.name} is not a handover pack (not a .zip file)") from None
        raise CsdeskError(f"{path.name} is not a readable handover pack (the zip is damaged: "
                          f"{error})") from None
    except OSError as error:
        raise CsdeskError(f"cannot read {path}: {error.strerror or error}") from None
    return parse(raw, path.name)


# The pack as a whole


class _Problems:
    def __init__(self, source: str) -> None:
        self.source = source
        self.shown: list[str] = []
        self.count = 0

    def add(self, text: str) -> None:
        self.count += 1
        if len(self.shown) < MAX_PROBLEMS_SHOWN:
            self.shown.append(text)

    def raise_any(self) -> None:
        if not self.count:
            return
        errors = {str(number): text for number, text in enumerate(self.shown)}
        errors["0"] = f"{self.source}: {errors['0']}"
        if self.count > len(self.shown):
            errors["more"] = f"and {self.count - len(self.shown):,} more problems"
        errors["end"] = "nothing was imported"
        raise ValidationError(errors)


def _ref(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= 10**12:
        return None
    return value


def check(data: Any, source: str, kinds: Sequence[PackKind]) -> dict[str, Any]:
    """The pack's data with every value checked and cleaned, ready to merge; ValidationError
    naming each problem (the first ten) otherwise. Nothing is written."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CsdeskError(f"{source} is not a csdesk handover pack")
    made_by = data.get("csdesk")
    made_by = shown(made_by)[1:-1] if isinstance(made_by, str) else "an unknown version"
    version = data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version > VERSION:
        raise CsdeskError(f"{source} was made by a newer csdesk ({made_by}): update csdesk to "
                          "import it")
    if version < 1:
        raise CsdeskError(f"{source}: version {version} is not a handover pack version")
    accounts_in, records_in = data.get("accounts"), data.get("records")
    templates_in = data.get("templates", [])
    if not isinstance(accounts_in, list) or not isinstance(records_in, dict):
        raise CsdeskError(f"{source}: {DATA_NAME} has no accounts or records (a list of "
                          "accounts and an object of records)")
    if not isinstance(templates_in, list | None):
        raise CsdeskError(f"{source}: {DATA_NAME} has {shown(templates_in)} where the "
                          "templates belong (a list)")
    if len(accounts_in) > MAX_ACCOUNTS:
        raise CsdeskError(f"{source} holds {len(accounts_in):,} accounts; a handover pack "
                          f"holds at most {MAX_ACCOUNTS:,}")
    lists: dict[str, list[Any]] = {}
    for kind in kinds:
        rows = records_in.get(kind.name)
        if rows is not None and not isinstance(rows, list):
            raise CsdeskError(f"{source}: records.{kind.name} is {shown(rows)}, not a list "
                              "of records")
        lists[kind.name] = rows or []
    total = sum(len(rows) for rows in lists.values())
    if total > MAX_RECORDS:
        raise CsdeskError(f"{source} holds {total:,} records; a handover pack holds at most "
                          f"{MAX_RECORDS:,}")
    problems = _Problems(source)
    exported_at = None
    try:
        exported_at = stamp()(data.get("exported_at"))
    except ValueError as error:
        problems.add(f"{DATA_NAME}, field exported_at {error}")
    checked = {"format": FORMAT, "version": version, "csdesk": made_by,
               "exported_at": exported_at.isoformat() if exported_at else None,
               "templates": _templates(templates_in or [], problems)}
    owner: dict[tuple[str, int], int] = {}  # (kind, pack ref) -> the pack ref of its account
    labels: dict[int, str] = {}  # account ref -> "account 3 'Acme'"
    checked["accounts"] = _accounts(accounts_in, owner, labels, problems)
    checked["records"] = {kind.name: _records(kind, lists[kind.name], owner, labels, problems)
                          for kind in kinds}
    problems.raise_any()
    return checked


def _templates(entries: list[Any], problems: _Problems) -> list[dict[str, Any]]:
    from csdesk.services.templates import parse_template_definition

    if len(entries) > MAX_LIST_ITEMS:
        problems.add(f"it has {len(entries):,} critical-path templates; at most "
                     f"{MAX_LIST_ITEMS:,}")
        return []
    parsed = []
    for number, entry in enumerate(entries, start=1):
        name = entry.get("name") if isinstance(entry, dict) else None
        where = f"template {number}" + (f" {shown(name)}" if isinstance(name, str) else "")
        if not encodable(json.dumps(entry, ensure_ascii=False)):
            problems.add(f"{where}: it has a character that is not text")
            continue
        try:
            parsed.append(parse_template_definition(entry))
        except ValidationError as error:
            problems.add(f"{where}: {error}")
    return parsed


def _fields(entry: dict[str, Any], fields: dict[str, Field], where: str,
            problems: _Problems) -> dict[str, Any] | None:
    cleaned: dict[str, Any] = {}
    ok = True
    for name, spec in fields.items():
        if name not in entry:
            if spec.needed:
                problems.add(f"{where}, field {name} is missing")
                ok = False
            continue
        try:
            cleaned[name] = spec.check(entry[name])
        except ValueError as error:
            problems.add(f"{where}, field {name} {error}")
            ok = False
    return cleaned if ok else None


def _accounts(entries: list[Any], owner: dict[tuple[str, int], int], labels: dict[int, str],
              problems: _Problems) -> list[dict[str, Any]]:
    from csdesk.services.accounts import name_key

    names: dict[str, int] = {}
    out = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.add(f"account {number} is {shown(entry)}, not an object")
            continue
        ref = _ref(entry.get("ref"))
        name = entry.get("name")
        where = f"account {ref if ref is not None else number}" + (
            f" {shown(name)}" if isinstance(name, str) and v.clean_line(name[:80]) else "")
        if ref is None:
            problems.add(f"{where}, field ref {shown(entry.get('ref'))} is not a record "
                         "number")
            continue
        if ("account", ref) in owner:
            problems.add(f"{where}: account {ref} appears twice")
            continue
        owner[("account", ref)] = ref
        labels[ref] = where
        cleaned = _fields(entry, FIELDS["account"], where, problems)
        if cleaned is None:
            continue
        key = name_key(cleaned["name"])
        if key in names:
            problems.add(f"{where}: the name is already account {names[key]}'s")
            continue
        names[key] = ref
        _account_rules(cleaned, where, problems)
        out.append({"ref": ref, **cleaned})
    return out


def _account_rules(values: dict[str, Any], where: str, problems: _Problems) -> None:
    start, renewal = values.get("contract_start"), values.get("renewal_date")
    if start and renewal and renewal < start:
        problems.add(f"{where}, field renewal_date {renewal.isoformat()} is before the "
                     f"contract start {start.isoformat()}")
    if values.get("sentiment") is not None and not values.get("sentiment_note"):
        problems.add(f"{where}, field sentiment_note is required with a sentiment")


def _records(kind: PackKind, entries: list[Any], owner: dict[tuple[str, int], int],
             labels: dict[int, str], problems: _Problems) -> list[dict[str, Any]]:
    title = kind.name.replace("_", " ")
    parent_kind = kind.parent[1]
    fields = FIELDS[kind.name]
    unique = UNIQUE_PER_PARENT.get(kind.name, ())
    seen: set[tuple[Any, ...]] = set()
    out = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            problems.add(f"{title} {number} is {shown(entry)}, not an object")
            continue
        ref = _ref(entry.get("ref"))
        if ref is None:
            problems.add(f"{title} {number}, field ref {shown(entry.get('ref'))} is not a "
                         "record number")
            continue
        parent = _ref(entry.get("parent"))
        account = owner.get((parent_kind, parent)) if parent is not None else None
        where = f"{title} {ref}" + (f" ({labels[account]})" if account in labels else "")
        if (kind.name, ref) in owner:
            problems.add(f"{where}: {title} {ref} appears twice")
            continue
        if account is None:
            problems.add(f"{where}, field parent {shown(entry.get('parent'))} is not "
                         f"{'an account' if parent_kind == 'account' else parent_kind} in "
                         "the pack")
            continue
        owner[(kind.name, ref)] = account
        cleaned = _fields(entry, fields, where, problems)
        refs = _references(kind, entry, account, owner, where, problems)
        if cleaned is None or refs is None:
            continue
        if unique and all(cleaned.get(name) is not None for name in unique):
            key = (parent, *(cleaned[name] for name in unique))
            if key in seen:
                problems.add(f"{where}, field {unique[0]} {_plain(cleaned[unique[0]])} is "
                             f"already on another of its {title}")
                continue
            seen.add(key)
        if kind.name == "plans":
            if ("plan of", account) in seen:
                problems.add(f"{where}: {labels[account]} has a second success plan")
                continue
            seen.add(("plan of", account))
        if not _record_rules(kind.name, cleaned, where, problems):
            continue
        out.append({"ref": ref, "parent": parent, **refs, **cleaned})
    return out


def _plain(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else shown(value)


def _references(kind: PackKind, entry: dict[str, Any], account: int,
                owner: dict[tuple[str, int], int], where: str,
                problems: _Problems) -> dict[str, int | None] | None:
    """A record's references as pack refs: each to a record of the pack, of the same
    account."""
    refs: dict[str, int | None] = {}
    ok = True
    for column, target in kind.refs.items():
        value = entry.get(column)
        if value is None:
            refs[column] = None
            continue
        ref = _ref(value)
        target_title = target.replace("_", " ")
        if ref is None or (target, ref) not in owner:
            problems.add(f"{where}, field {column} {shown(value)} is not one of the "
                         f"{target_title} in the pack")
            ok = False
        elif owner[(target, ref)] != account:
            problems.add(f"{where}, field {column} {ref} is one of the {target_title} of "
                         "another account")
            ok = False
        else:
            refs[column] = ref
    return refs if ok else None


def _record_rules(kind: str, values: dict[str, Any], where: str, problems: _Problems) -> bool:
    """The forms' rules across fields (and the database's CHECK constraints)."""
    problem = None
    if kind == "survey_responses" and values["kind"] is SurveyKind.CSAT \
            and not 1 <= values["score"] <= 5:
        problem = f"field score {values['score']} is outside 1–5 for a CSAT"
    elif kind == "risks" and (values.get("escalated_on") is None) != \
            (values.get("escalation_level") is None):
        problem = "field escalation_level and escalated_on go together (both or neither)"
    elif kind == "milestones":
        start, end = values.get("planned_date"), values.get("planned_end_date")
        if start and end and end < start:
            problem = (f"field planned_end_date {end.isoformat()} is before the planned date "
                       f"{start.isoformat()}")
    elif kind == "opportunities":
        opportunity, stage_ = values["kind"], values.get("stage")
        if not opportunity.is_commercial and values.get("expected_arr_cents"):
            problem = f"field expected_arr_cents: a {opportunity.label.lower()} has no ARR"
        elif stage_ is not None and not stage_.is_open and values.get("closed_on") is None:
            problem = "field closed_on is required once it is won or lost"
    if problem:
        problems.add(f"{where}, {problem}")
    return problem is None
