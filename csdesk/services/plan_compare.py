"""The three-way comparison behind the customer's edits (services/plan_edits.py): each value
as exported, as csdesk has it now and as the customer's document says.

- the document differs from the export and csdesk does not: **changed** (the customer's edit);
- both differ from the export, each its own way: **conflict**;
- every value of a record gone from the document: **removed**;
- a bullet or table row the customer added: **added**.

A value the customer left as exported is no change, whatever csdesk did since; the same edit
on both sides is no change either. Each change says what would stop it being applied (a date
csdesk cannot read, a status it cannot set) and carries the customer's comments on it.
"""

from __future__ import annotations

import dataclasses
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from csdesk.errors import CsdeskError
from csdesk.services.executive_summary import TO_BE_AGREED
from csdesk.services.plan_apply import customer_date, number_in, problem_of
from csdesk.services.plan_reading import PlanReading, fold

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
    problem: str = ""  # why csdesk could not apply it as written ("" when it can)
    comments: list[str] = dataclasses.field(default_factory=list)  # the customer's, on it

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


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


def _ref_parts(ref: str) -> tuple[str, str]:
    record, field_name = _record_of(ref)
    return record, "" if field_name == "text" else field_name


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


def compare(exported: dict[str, str], ours: dict[str, str], reading: PlanReading,
            canvas_kinds: dict[int, Any], notes: list[str]) -> list[ProposedChange]:
    """The changes ``reading`` proposes against the values ``exported`` and ``ours`` (csdesk's
    now), each with what stops it being applied and the comments on it; what the CSM should
    know besides goes to ``notes``."""
    _place_lost_statements(exported, reading, canvas_kinds)
    theirs = reading.values
    changes: list[ProposedChange] = []
    records: dict[str, list[str]] = {}
    for ref in exported:
        records.setdefault(_record_of(ref)[0], []).append(ref)
    gone_here, unreadable, kpis_deleted, lost = [], 0, [], []
    for record, refs in records.items():
        if not any(ref in ours for ref in refs):  # no longer in csdesk's plan
            gone_here.append(record)
            continue
        present = [ref for ref in refs if ref in theirs]
        if not present and any(ref in reading.doubled for ref in refs):
            continue  # claimed twice: said in the notes, never read as deleted
        if not present:  # every value of it gone from the document
            if any(fold(exported[ref]) in reading.loose for ref in refs
                   if _record_of(ref)[1] in ("text", "name") and exported[ref].strip()) \
                    or not _list_still_read(record, exported, theirs, canvas_kinds):
                # its text is still there, or its whole list lost its fields: the fields
                # were lost, not the row
                unreadable += 1
            elif record.startswith("kpi:"):
                kpis_deleted.append(_label(record, "", exported))
            else:
                changes.append(ProposedChange("removed", record, "", _summary(record, ours),
                                              None, _summary(record, exported),
                                              _label(record, "", exported, canvas_kinds)))
            continue
        lost += [_label(record, _record_of(ref)[1], exported, canvas_kinds)
                 for ref in refs if ref not in theirs and ref in ours
                 and ref not in reading.doubled]
        for ref in present:
            field_name = _record_of(ref)[1]
            was, now, sent = exported[ref], ours.get(ref), theirs[ref]
            if same_value(field_name, sent, was) or same_value(field_name, sent, now):
                continue  # the customer left it, or made csdesk's own change
            kind = "changed" if same_value(field_name, now, was) else "conflict"
            changes.append(ProposedChange(kind, record, field_name, now, sent, was,
                                          _label(record, field_name, exported,
                                                 canvas_kinds)))
    _explain(notes, gone_here, unreadable, kpis_deleted, lost)
    notes += [f"The document holds two fields for "
              f"{_label(*_ref_parts(ref), exported, canvas_kinds)} with different text (a "
              "copied field?): it is left as csdesk has it."
              for ref in sorted(reading.doubled) if ref in exported]
    changes += _additions(ours, reading, canvas_kinds)
    changes = [dataclasses.replace(change, problem=problem_of(change)) for change in changes]
    return _with_comments(changes, reading, exported, canvas_kinds, notes)


def _list_still_read(record: str, exported: dict[str, str], theirs: dict[str, str],
                     canvas_kinds: dict[int, Any]) -> bool:
    """Whether other rows of ``record``'s list (its canvas section, the milestones) still
    hold their fields: only then does a row gone from it say the customer deleted it."""
    kind = record.split(":")[0]
    if kind == "canvas":
        section = canvas_kinds.get(int(record.split(":")[1]))
        return any(ref.startswith("canvas:") and ref != record
                   and canvas_kinds.get(int(ref.split(":")[1])) == section for ref in theirs)
    return any(ref.startswith(f"{kind}:") and _record_of(ref)[0] != record for ref in theirs
               if ref in exported)


def _additions(ours: dict[str, str], reading: PlanReading,
               canvas_kinds: dict[int, Any]) -> list[ProposedChange]:
    changes = []
    known = {fold(text) for ref, text in ours.items()
             if ref.startswith("canvas:") or ref.endswith(":name")}
    for added in reading.added:
        text = added.fields.get("text") or added.fields.get("name") or ""
        if fold(text) in known:
            continue  # already in csdesk: imported before, or typed by the CSM too
        if added.kind == "canvas":
            anchor = added.anchor or added.before
            section = canvas_kinds.get(int(anchor.split(":")[1]))
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


def _place_lost_statements(exported: dict[str, str], reading: PlanReading,
                           canvas_kinds: dict[int, Any]) -> None:
    """Statements whose field and bookmark were both lost are read where they stood: between
    the statements either side of them (as exported, in the same section) that kept theirs.
    The paragraphs there are theirs when they are as many, or when the text is the same;
    they are then not additions."""
    order = [ref for ref in exported if ref.startswith("canvas:")]
    section = {ref: canvas_kinds.get(int(ref.split(":")[1])) for ref in order}
    index = 0
    while index < len(order):
        if order[index] in reading.values or section[order[index]] is None:
            index += 1
            continue
        end = index  # order[index:end] are lost, one after another, in one section
        while end < len(order) and order[end] not in reading.values \
                and section[order[end]] == section[order[index]]:
            end += 1
        lost = order[index:end]
        previous = order[index - 1] if index and section[order[index - 1]] == \
            section[lost[0]] else ""
        following = order[end] if end < len(order) and section[order[end]] == \
            section[lost[0]] else ""
        there = [row for row in reading.added if row.kind == "canvas" and (
            (previous and row.anchor == previous) or (following and row.before == following))]
        _pair(lost, there, exported, reading)
        index = end


def _pair(lost: list[str], there: list[Any], exported: dict[str, str],
          reading: PlanReading) -> None:
    pairs = []
    for ref in lost:  # the same text first: a statement left as it was
        same_text = next((row for row in there if fold(row.fields["text"]) ==
                          fold(exported[ref])), None)
        if same_text is not None:
            pairs.append((ref, same_text))
            there.remove(same_text)
    rest = [ref for ref in lost if ref not in dict(pairs)]
    if len(rest) == len(there):  # as many paragraphs as statements: in their order
        pairs += list(zip(rest, there, strict=True))
    for ref, row in pairs:
        reading.values[ref] = row.fields["text"]
        reading.by_place.add(ref)
        reading.added.remove(row)


def _with_comments(changes: list[ProposedChange], reading: PlanReading,
                   exported: dict[str, str], canvas_kinds: dict[int, Any],
                   notes: list[str]) -> list[ProposedChange]:
    """Each comment beside the change on the value it sits on; the others in the notes."""
    on = dict(reading.comments.on)
    shown = []
    for change in changes:
        refs = [change.record] if change.record.count(":") == 1 else []
        refs += [f"{change.record}:{change.field}"] if change.field else []
        if change.kind == "removed":
            refs += [ref for ref in on if _record_of(ref)[0] == change.record]
        comments = [text for ref in refs for text in on.pop(ref, [])]
        shown.append(dataclasses.replace(change, comments=comments) if comments else change)
    for ref, texts in on.items():
        record, field_name = _record_of(ref)
        label = _label(record, field_name, exported, canvas_kinds) if ref in exported \
            else "A value"
        notes += [f"Comment on {label}: {text}" for text in texts]
    notes += [f"Comment o{text[1:]}" if text.startswith("On ") else f"Comment: {text}"
              for text in reading.comments.elsewhere]
    return shown


def _explain(notes: list[str], gone_here: list[str], unreadable: int,
             kpis_deleted: list[str], lost: list[str]) -> None:
    if gone_here:
        notes.append(f"{_rows(len(gone_here))} no longer in "
                     "csdesk's plan (deleted here since the export): what the customer wrote "
                     "in them is left out.")
    if unreadable:
        notes.append(f"{_rows(unreadable, 'lost')} their csdesk "
                     "fields, so what the customer did to them cannot be told: they are left "
                     "as csdesk has them.")
    if lost:
        notes.append("Left as csdesk has them, their csdesk fields lost and their place not "
                     "sure: " + "; ".join(lost) + ".")
    for label in kpis_deleted:
        notes.append(f"{label} was deleted in the document: a KPI is removed in the Success "
                     "plan tab, with its readings, if the customer means it.")


def _rows(count: int, verb: str = "") -> str:
    """'1 of the document's rows or statements is' / '3 … are' (or '… lost')."""
    return f"{count} of the document's rows or statements " + (
        verb or ("is" if count == 1 else "are"))


def _summary(record: str, values: dict[str, str]) -> str | None:
    if record in values:
        return values[record]
    return values.get(f"{record}:name")
