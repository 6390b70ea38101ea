"""One import file's column mapping: which field each of its columns goes to.

``ColumnMapping`` is what a file is imported with: its columns' fields (or IGNORE, or left
undecided), how each was decided, what keeps it from being used, and its JSON form (a
--mapping file, a saved mapping). ``describe`` shows it a column a line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from csdesk.services.column_mapping import IGNORE, KINDS, MappingError, field_label

MAX_COLUMNS = 2_000


def header_key(text: str) -> str:
    """Case and punctuation do not count: 'Contract-End Date' is 'ContractEndDate'."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def same_header(header: str) -> str:
    """Headers saved and found again: case and runs of spaces do not count."""
    return " ".join(unicodedata.normalize("NFKC", header).split()).casefold()


@dataclass
class ColumnMapping:
    kind: str
    columns: dict[str, str | None]  # header as in the file → field, IGNORE, or None
    how: dict[str, str] = field(default_factory=dict)  # header → how it was decided

    def field_of(self, header: str) -> str | None:
        if header in self.columns:
            return self.columns[header]
        wanted = same_header(header)
        return next((target for h, target in self.columns.items()
                     if same_header(h) == wanted), None)

    def choose(self, header: str, target: str | None) -> None:
        """The user's choice for a column (a field, IGNORE, or None to undecide)."""
        if target is not None and target != IGNORE and target not in self._names():
            raise MappingError(f"'{target}' is not a field of {self.kind}")
        self.columns[header] = target
        self.how[header] = "chosen"

    def missing_required(self) -> list[str]:
        given = set(self.columns.values())
        return [f.name for f in KINDS[self.kind] if f.required and f.name not in given
                and not (f.or_all and all(name in given for name in f.or_all))]

    def undecided(self) -> list[str]:
        return [header for header, target in self.columns.items() if target is None]

    def problems(self) -> list[str]:
        """What keeps the mapping from being used, in plain sentences."""
        problems: list[str] = []
        names = self._names()
        given: dict[str, list[str]] = {}
        for header, target in self.columns.items():
            if target is None or target == IGNORE:
                continue
            if target not in names:
                problems.append(f"'{header}' goes to '{target}', which is not a field of "
                                f"{self.kind}")
            else:
                given.setdefault(target, []).append(header)
        for target, headers in given.items():
            if len(headers) > 1:
                listed = ", ".join(f"'{h}'" for h in headers[:-1]) + f" and '{headers[-1]}'"
                problems.append(f"{listed} all give the {field_label(self.kind, target)}: "
                                "keep one and ignore the others")
        for name in self.missing_required():
            f = next(f for f in KINDS[self.kind] if f.name == name)
            also = (" (or the " + " and the ".join(field_label(self.kind, n) for n in f.or_all)
                    + ")") if f.or_all else ""
            problems.append(f"no column gives the {f.label}{also}, which is required")
        problems += [f"'{header}' is not decided: choose a field for it, or ignore it"
                     for header in self.undecided()]
        return problems

    def to_json(self) -> dict[str, Any]:
        return {"version": 1, "kind": self.kind, "columns": dict(self.columns)}

    @classmethod
    def from_json(cls, data: Any) -> ColumnMapping:
        """A mapping from its JSON form; a field may be written as its name or its label,
        'ignore' ignores a column, null leaves it undecided."""
        if not isinstance(data, Mapping):
            raise MappingError("a column mapping is a JSON object with \"kind\" and \"columns\"")
        if data.get("version", 1) != 1:
            raise MappingError(f"column mapping version {data.get('version')!r} is not one "
                               "this csdesk reads (1)")
        kind = data.get("kind")
        if not isinstance(kind, str) or kind not in KINDS:
            raise MappingError(f"\"kind\" must be one of {', '.join(KINDS)}, not {kind!r}")
        columns = data.get("columns")
        if not isinstance(columns, Mapping) or not columns:
            raise MappingError("\"columns\" must be an object of at least one column: "
                               "{\"header in the file\": \"field\", …}")
        if len(columns) > MAX_COLUMNS:
            raise MappingError(f"a mapping has at most {MAX_COLUMNS:,} columns")
        targets = _targets_by_key(kind)
        mapped: dict[str, str | None] = {}
        errors: list[str] = []
        for header, target in columns.items():
            if not isinstance(header, str) or len(header) > 1_000:
                errors.append(f"column {str(header)[:60]!r}: a header is text of at most "
                              "1,000 characters")
            elif target is None:
                mapped[header] = None
            elif not isinstance(target, str) or header_key(target) not in targets:
                errors.append(f"column '{header}': {target!r} is not a field of {kind} "
                              f"({', '.join(f.name for f in KINDS[kind])}) or \"ignore\"")
            else:
                mapped[header] = targets[header_key(target)]
        if errors:
            more = f" (and {len(errors) - 3} more)" if len(errors) > 3 else ""
            raise MappingError("; ".join(errors[:3]) + more)
        return cls(kind, mapped, {h: "chosen" for h, t in mapped.items() if t is not None})

    def _names(self) -> set[str]:
        return {f.name for f in KINDS.get(self.kind, ())}


def _targets_by_key(kind: str) -> dict[str, str]:
    targets = {header_key(IGNORE): IGNORE}
    for f in KINDS[kind]:
        targets[header_key(f.label)] = f.name
        targets[header_key(f.name)] = f.name
    return targets


def describe(mapping: ColumnMapping) -> list[str]:
    """One line a column, for --show-mapping: 'Account Name → name (known name, Salesforce)'."""
    lines = []
    for header, target in mapping.columns.items():
        shown = "ignored" if target == IGNORE else "not decided" if target is None else target
        why = re.sub(r"^known name \(([^)]*)\)", r"known name, \1", mapping.how.get(header, ""))
        lines.append(f"{header or '(no header)'} → {shown}" + (f" ({why})" if why else ""))
    return lines
