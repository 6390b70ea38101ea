"""The fields a Word template's tags use, checked against the document's.

Each field a tag uses must be one of the document's (csdesk/documents/fields.py), and each name
after a dot one of what that field holds (the data classes of csdesk/documents/data.py); the
names the template binds itself ({% for %}, {% set %}, macros) count too. A field another kind
of document has is named as such; a near miss is offered as "did you mean".
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from typing import Any

from jinja2 import nodes

from csdesk.documents import data, fields
from csdesk.documents.template_reading import (
    BLOCKS,
    ENDS,
    FoundTag,
    TagReading,
    TemplateProblem,
    did_you_mean,
)

KIND_LABELS = {"plan": "the success plan", "qbr": "the QBR", "brief": "the internal QBR brief"}
_FIELDS_HINT = "Tools → Document templates lists the fields"


def document_kinds() -> tuple[str, ...]:
    """The kinds of documents csdesk writes ("plan", "qbr", …), as fields.py declares them."""
    kinds = getattr(fields, "KINDS", None) or ("plan", "qbr")
    return tuple(k[0] if isinstance(k, tuple | list) else str(k) for k in kinds)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, f"the {kind} document")


@dataclass(frozen=True)
class _Type:
    """What a field holds, for checking the names a tag uses after a dot."""

    hint: Any  # a data class, list[…], str, or None when unknown
    path: str  # "account", "kpis[]"
    note: str = ""  # "k is an item of kpis"



def field_problems(reading: TagReading, kind: str) -> list[tuple[int, TemplateProblem]]:
    """Every name a tag uses must be one of the ``kind`` of document's: the problems, as
    (order, problem) pairs."""
    reading.problems = []
    known = {name for name, _ in fields.describe_fields(kind)}
    hints = _field_hints(kind)
    for section in reading.sections:
        scopes: list[dict[str, _Type | None]] = [{}]
        opened: list[str] = []
        for found in section.tags:
            _Names(reading, found, scopes, known, hints, kind).visit_tag(opened)
    return list(reading.problems)


class _Names:
    """The names one tag uses, checked against the document's fields and the names the
    template binds itself ({% for %}, {% set %}, macros)."""

    def __init__(self, reading: TagReading, found: FoundTag, scopes: list[dict[str, _Type | None]],
                 known: set[str], hints: dict[str, Any], kind: str) -> None:
        self.reading, self.found, self.scopes = reading, found, scopes
        self.known, self.hints, self.kind = known, hints, kind

    def visit_tag(self, opened: list[str]) -> None:
        keyword, tree = self.found.tag.keyword, self.found.tree
        if opened and opened[-1] == "raw" and keyword != "endraw":
            return
        if keyword in ENDS:
            if opened and opened[-1] == ENDS[keyword]:
                opened.pop()
                self.scopes.pop()
            return
        if tree is None:
            if keyword in BLOCKS and not (keyword == "set" and "=" in self.found.tag.inner):
                opened.append(keyword)
                self.scopes.append({})
            return
        if keyword == "if" and isinstance(tree, nodes.If):
            self.expression(tree.test)
        elif keyword == "elif" and isinstance(tree, nodes.If) and tree.elif_:
            self.expression(tree.elif_[0].test)
        elif keyword == "else":
            pass
        elif isinstance(tree, nodes.For):
            items = self.expression(tree.iter)
            scope: dict[str, _Type | None] = {"loop": None}
            self._bind(tree.target, scope, _item_of(items, tree.target))
            self.scopes.append(scope)
            if tree.test is not None:
                self.expression(tree.test)
            self.scopes.pop()
            self._open(opened, keyword, scope)
            return
        elif isinstance(tree, nodes.Macro | nodes.CallBlock):
            for default in tree.defaults:
                self.expression(default)
            if isinstance(tree, nodes.CallBlock):
                self.expression(tree.call)
            else:
                self.scopes[-1][tree.name] = None
            scope = {"caller": None, "varargs": None, "kwargs": None}
            for arg in tree.args:
                scope[arg.name] = None
            self._open(opened, keyword, scope)
            return
        elif isinstance(tree, nodes.With):
            for value in tree.values:
                self.expression(value)
            scope = {}
            for target in tree.targets:
                self._bind(target, scope, None)
            self._open(opened, keyword, scope)
            return
        elif isinstance(tree, nodes.Assign):
            assigned = self.expression(tree.node)
            self._bind(tree.target, self.scopes[-1], assigned)
        elif isinstance(tree, nodes.AssignBlock):
            if tree.filter is not None:
                self.expression(tree.filter)
            self._bind(tree.target, self.scopes[-1], None)
        elif isinstance(tree, nodes.Import):
            self.scopes[-1][tree.target] = None
        elif isinstance(tree, nodes.FromImport):
            for name in tree.names:
                self.scopes[-1][name[1] if isinstance(name, tuple) and name[1] else
                                name[0] if isinstance(name, tuple) else name] = None
        else:
            for child in tree.iter_child_nodes(exclude=("body", "else_", "elif_")):
                self.expression(child)
        if keyword in BLOCKS and (keyword != "set" or isinstance(tree, nodes.AssignBlock)):
            self._open(opened, keyword, {})

    def _open(self, opened: list[str], keyword: str, scope: dict[str, _Type | None]) -> None:
        opened.append(keyword)
        self.scopes.append(scope)

    @staticmethod
    def _bind(target: nodes.Node, scope: dict[str, _Type | None], value: _Type | None) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = value
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                if isinstance(item, nodes.Name):
                    scope[item.name] = None

    def expression(self, node: nodes.Node) -> _Type | None:
        if isinstance(node, nodes.Name):
            return self._name(node)
        if isinstance(node, nodes.Getattr):
            return self._member(node, self.expression(node.node), node.attr)
        if isinstance(node, nodes.Getitem):
            base = self.expression(node.node)
            self.expression(node.arg)
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self._member(node, base, node.arg.value)
            if base is not None and typing.get_origin(base.hint) is list \
                    and not isinstance(node.arg, nodes.Slice):
                return _Type(typing.get_args(base.hint)[0], f"{base.path}[]")
            return None
        if isinstance(node, nodes.Filter) and node.name.startswith("_bounded") \
                and node.node is not None:
            return self.expression(node.node)  # the sandbox's own wrapping (sandbox.py)
        for child in node.iter_child_nodes():
            self.expression(child)
        return None

    def _name(self, node: nodes.Name) -> _Type | None:
        if node.ctx != "load":
            return None
        for scope in reversed(self.scopes):
            if node.name in scope:
                return scope[node.name]
        if node.name in self.reading.env.globals:
            return None
        if node.name in self.known:
            return _Type(self.hints.get(node.name), node.name)
        others = [k for k in document_kinds() if k != self.kind
                  and node.name in {n for n, _ in fields.describe_fields(k)}]
        if others:
            why = f"only {' and '.join(kind_label(k) for k in others)} " \
                  f"{'has' if len(others) == 1 else 'have'} it, not {kind_label(self.kind)}"
        else:
            why = f"{kind_label(self.kind)} has no such field" \
                  f"{did_you_mean(node.name, self.known)}; {_FIELDS_HINT}"
        self._report(f"unknown field {node.name}: {why}")
        return None

    def _member(self, node: nodes.Node, base: _Type | None, name: str) -> _Type | None:
        if base is None or not dataclasses.is_dataclass(base.hint):
            return None
        members = typing.get_type_hints(base.hint)
        if name in members:
            return _Type(members[name], f"{base.path}.{name}", base.note)
        written = _written(node)
        owner = f"each item of {base.path[:-2]}" if base.path.endswith("[]") else base.path
        suggestion = did_you_mean(name, members, written[:-len(name)] if written.endswith(
            name) else "")
        if suggestion:
            why = f"{owner} has no {name}{suggestion}"
        else:
            why = f"{owner} has no {name} (its fields: {', '.join(members)})"
        note = f" ({base.note})" if base.note and not written.startswith(base.path) else ""
        self._report(f"unknown field {written}{note}: {why}")
        return None

    def _report(self, message: str) -> None:
        self.reading.problem(self.found, message)


def _item_of(items: _Type | None, target: nodes.Node) -> _Type | None:
    if items is None or typing.get_origin(items.hint) is not list \
            or not isinstance(target, nodes.Name):
        return None
    return _Type(typing.get_args(items.hint)[0], f"{items.path}[]",
                 f"{target.name} is an item of {items.path}")


def _written(node: nodes.Node) -> str:
    """A field as the tag writes it: "account.revenue", "k.nme"."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_written(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem):
        arg = node.arg.value if isinstance(node.arg, nodes.Const) else "…"
        return f"{_written(node.node)}[{arg!r}]"
    return "…"


def _field_hints(kind: str) -> dict[str, Any]:
    """The type of every field of the ``kind`` of document (fields.py's DOCUMENT_CLASSES, or
    data.py's …Document classes)."""
    hints: dict[str, Any] = {"critical_path_chart": None, "kpi_charts": list[None]}
    classes = getattr(fields, "DOCUMENT_CLASSES", {})
    if kind in classes:
        hints.update(typing.get_type_hints(classes[kind]))
        return hints
    for name, cls in vars(data).items():
        if name.endswith("Document") and dataclasses.is_dataclass(cls):
            for key, hint in typing.get_type_hints(cls).items():
                hints.setdefault(key, hint)
    return hints
