"""The Jinja2 sandbox documents render in: no reach into Python (SandboxedEnvironment), and
bounded work. A user's template cannot run for minutes, fill the memory or the disk: every
loop, call, filter, operator and the output itself count against the limits (sandbox_limits.py),
and a template that goes past one stops with a SecurityError saying which, in plain words.
"""

from __future__ import annotations

import functools
import re
import time
import types
from collections.abc import Iterable, Mapping, MappingView
from typing import Any, cast

from jinja2 import (
    StrictUndefined,
    nodes,
    pass_eval_context,
)
from jinja2.runtime import BlockReference, LoopContext, Macro, markup_join, str_join
from jinja2.sandbox import (
    SandboxedEnvironment,
    SandboxedEscapeFormatter,
    SandboxedFormatter,
    SecurityError,
)
from jinja2.utils import generate_lorem_ipsum
from jinja2.visitor import NodeTransformer
from markupsafe import Markup

from csdesk.documents.controls import control
from csdesk.documents.sandbox_filters import FilterEstimates
from csdesk.documents.sandbox_limits import (
    MAX_BUILT,
    MAX_CALLS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LOOP_STEPS,
    MAX_NUMBER_BITS,
    MAX_OUTPUT,
    MAX_SECONDS,
    MAX_SEQUENCE,
    MAX_TEXT,
    TEXTS,
    check_digits,
    check_width,
    ints,
    too_large,
    weight,
)

# Filters whose int arguments are values, not sizes (map, select and the like hand theirs to
# another filter or test, which is checked itself).
_VALUE_ARGUMENTS = frozenset({
    "attr", "d", "default", "dictsort", "first", "float", "format", "groupby", "int", "items",
    "last", "map", "max", "min", "random", "reject", "rejectattr", "replace", "round", "select",
    "selectattr", "sort", "sum", "truncate", "unique"})
# Filters that never turn their value into text nor compare its items: no need to weigh it.
_STRUCTURAL = frozenset({
    "abs", "attr", "batch", "count", "d", "default", "first", "float", "int", "items", "last",
    "length", "list", "map", "random", "reverse", "round", "slice", "sum"})
_STEPS_FILTER = "_bounded_steps"  # wraps every for-loop's iterable (see _BoundWork)
_JOIN_FILTER = "_bounded_join"  # replaces every ~
_PRINTF = re.compile(r"%(\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.)", re.DOTALL)


class _Steps:
    """An iterable whose every step counts against the rendering's loop budget and deadline."""

    __slots__ = ("_env", "_iterator")

    def __init__(self, env: BoundedSandbox, iterable: Any) -> None:
        self._env = env
        self._iterator = iter(iterable)

    def __iter__(self) -> _Steps:
        return self

    def __next__(self) -> Any:
        item = next(self._iterator)
        self._env._step()
        return item


class _FieldBounds(SandboxedFormatter):
    """str.format in a template: widths in a format spec, and the size of what it builds."""

    _env: BoundedSandbox
    size = 0

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        self._env._weigh(value)
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        for digits in re.findall(r"\d+", format_spec):
            check_digits(digits)
        self._env._weigh(value)
        text = super().format_field(value, format_spec)
        self.size += len(text)
        if self.size > MAX_TEXT:
            raise too_large()
        return text


class _BoundedFormatter(_FieldBounds):
    pass


class _BoundedEscapeFormatter(_FieldBounds, SandboxedEscapeFormatter):
    pass


class _BoundWork(NodeTransformer):
    """Every for-loop iterates through the loop budget, and every ~ joins through a size check."""

    def visit_For(self, node: nodes.For) -> nodes.For:  # noqa: N802 - Jinja's visitor names
        self.generic_visit(node)
        node.iter = nodes.Filter(node.iter, _STEPS_FILTER, [], [], None, None,
                                 lineno=node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Filter:  # noqa: N802
        self.generic_visit(node)
        parts = nodes.Tuple(node.nodes, "load", lineno=node.lineno)
        return nodes.Filter(parts, _JOIN_FILTER, [], [], None, None, lineno=node.lineno)


class BoundedSandbox(FilterEstimates, SandboxedEnvironment):
    """A sandbox that also bounds work: every loop step, call and filter counts against budgets
    and a deadline, and everything a template builds (texts, lists, numbers, the output) is
    capped, checked before the work when the work itself would be the harm."""

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, finalize=self._finalize)
        self._deadline = time.monotonic() + MAX_SECONDS
        self._steps = 0
        self._calls = 0
        self._depth = 0
        self._built_total = 0
        self.globals["range"] = self._range
        self.globals["lipsum"] = self._lipsum
        self.filters = {name: self._bounded_filter(name, function)
                        for name, function in self.filters.items()}

        @pass_eval_context
        def join(eval_ctx: Any, parts: tuple[Any, ...]) -> str:
            return self._join(eval_ctx, parts)

        self.filters[_STEPS_FILTER] = self._steps_of
        self.filters[_JOIN_FILTER] = join

    # Budgets

    def _check_time(self) -> None:
        if time.monotonic() > self._deadline:
            raise SecurityError(f"the template runs longer than {MAX_SECONDS:g} s")

    def _step(self) -> None:
        self._steps += 1
        if self._steps > MAX_LOOP_STEPS:
            raise SecurityError(f"the template loops more than {MAX_LOOP_STEPS:,} times")
        self._check_time()

    def _tick(self) -> None:
        self._calls += 1
        if self._calls > MAX_CALLS:
            raise SecurityError(f"the template makes more than {MAX_CALLS:,} calls")
        self._check_time()

    def _weigh(self, value: Any) -> None:
        if not isinstance(value, str) and weight(value) > MAX_TEXT:
            raise too_large()

    def _built(self, value: Any, floor: int = 0) -> Any:
        """Count a text or list just built; one may be as long as its input, or MAX_TEXT."""
        size = len(value)
        if size > max(MAX_TEXT, floor):
            raise too_large()
        self._built_total += size
        if self._built_total > MAX_BUILT:
            raise SecurityError(f"the template builds more than {MAX_BUILT:,} characters of "
                                "text in all")
        return value

    def _range(self, *args: int) -> _Steps:
        return _Steps(self, range(*args))

    def _steps_of(self, iterable: Any) -> _Steps:
        return iterable if isinstance(iterable, _Steps) else _Steps(self, iterable)

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:
        # Jinja's lipsum() and its keyword names: n paragraphs of min to max words each.
        if isinstance(n, int) and isinstance(max, int) and n * max * 8 > MAX_TEXT:
            raise too_large()
        return generate_lorem_ipsum(n, html, min, max)

    # The hooks Jinja calls

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        # Jinja has no public hook between parsing and compiling; compile() calls _parse (2.x-3.x).
        tree = _BoundWork().visit(super()._parse(source, name, filename))
        tree.set_environment(self)
        return tree

    def concat(self, chunks: Any) -> str:
        """Joins the output of a template, a macro, a call block or a {% set %} block."""
        parts = []
        size = 0
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_OUTPUT:
                raise SecurityError(f"the template writes more than {MAX_OUTPUT:,} characters")
            parts.append(chunk)
        self._check_time()
        return self._built("".join(parts), MAX_OUTPUT)

    def _finalize(self, value: Any) -> Any:
        """Every {{ value }}, before it becomes text."""
        self._weigh(value)
        return value

    def _join(self, eval_ctx: Any, parts: tuple[Any, ...]) -> str:
        """``a ~ b``."""
        if sum(len(p) if isinstance(p, str) else weight(p) for p in parts) > MAX_TEXT:
            raise too_large()
        self._check_time()
        return self._built(markup_join(parts) if eval_ctx.autoescape else str_join(parts))

    def call_binop(self, context, operator: str, left, right):
        self._check_time()
        if operator == "**" and isinstance(right, int | float):
            if abs(right) > MAX_EXPONENT:
                raise SecurityError(f"the number is too large (power {right})")
            if isinstance(left, int) and isinstance(right, int) \
                    and left.bit_length() * right > MAX_NUMBER_BITS:
                raise SecurityError(f"the number is too large (power {right})")
        if operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | bytes | list | tuple) and isinstance(count, int) \
                        and (len(seq) * count > MAX_SEQUENCE
                             or not isinstance(seq, str) and weight(seq) * count > MAX_TEXT):
                    raise SecurityError("the template builds a text or list that is too large")
            if isinstance(left, int) and isinstance(right, int) \
                    and left.bit_length() + right.bit_length() > MAX_NUMBER_BITS:
                raise SecurityError("the number is too large")
        if operator == "%" and isinstance(left, TEXTS):
            self._check_printf(left, right)
        result = super().call_binop(context, operator, left, right)
        if isinstance(result, int) and result.bit_length() > MAX_NUMBER_BITS:
            raise SecurityError("the number is too large")
        if isinstance(result, TEXTS | list | tuple):
            self._built(result)
            if isinstance(result, list | tuple):
                self._weigh(result)
        return result

    def _check_printf(self, fmt: str | bytes | bytearray, args: Any) -> None:
        """``"%5d" % x`` and |format: widths, precisions and the size of the result."""
        text = fmt if isinstance(fmt, str) else bytes(fmt).decode("latin-1")
        mapping = args if isinstance(args, Mapping) else {}
        values = args if isinstance(args, tuple) else (args,)
        size = len(text)
        positional = False
        for key, width, precision, _conversion in _PRINTF.findall(text):
            for digits in (width, precision):
                if digits == "*":
                    for number in ints(values, {}):
                        check_width(number)
                elif digits:
                    size += check_digits(digits)
            if key:  # "%(name)s" may name the same long value many times
                size += weight(mapping.get(key[1:-1], ""))
            elif not positional:
                positional = True
                size += weight(values)
            if size > MAX_TEXT:
                raise too_large()

    def wrap_str_format(self, value: Any) -> Any:
        # Jinja's own (jinja2/sandbox.py), with formatters that bound widths and sizes.
        if not isinstance(value, types.MethodType | types.BuiltinMethodType) \
                or value.__name__ not in ("format", "format_map"):
            return None
        f_self = value.__self__
        if not isinstance(f_self, str):
            return None
        str_type = type(f_self)
        is_format_map = value.__name__ == "format_map"
        formatter: _FieldBounds = (
            _BoundedEscapeFormatter(self, escape=f_self.escape) if isinstance(f_self, Markup)
            else _BoundedFormatter(self))

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs:
                    raise TypeError("format_map() takes no keyword arguments")
                if len(args) != 1:
                    raise TypeError(
                        f"format_map() takes exactly one argument ({len(args)} given)")
                kwargs = args[0]
                args = ()
            formatter.size = len(f_self)
            text = formatter.vformat(f_self, args, kwargs)
            return self._built(str_type(text))

        return functools.update_wrapper(wrapper, value)

    def call(self, context, obj, /, *args, **kwargs):
        """Every call in a template: macros, loop(...) of recursive loops, methods, globals.
        (Positional-only, so that a template may pass keywords named self, context or obj.)"""
        self._tick()
        own = isinstance(obj, Macro | BlockReference | LoopContext)
        if isinstance(obj, LoopContext) and args:
            args = (_Steps(self, args[0]), *args[1:])
        elif not own:
            args = self._check_method(obj, args, kwargs)
        if self._depth >= MAX_DEPTH:
            raise SecurityError(f"the template's macros or loops call themselves more than "
                                f"{MAX_DEPTH} levels deep")
        self._depth += 1
        try:
            result = super().call(context, obj, *args, **kwargs)
        finally:
            self._depth -= 1
        if not own and isinstance(result, TEXTS | list | tuple):
            bound = getattr(obj, "self__", None)
            self._built(result, len(bound) if isinstance(bound, TEXTS | list | tuple) else 0)
        return result

    def _check_method(self, method: Any, args: tuple[Any, ...],
                      kwargs: dict[str, Any]) -> tuple[Any, ...]:
        """Methods of texts (and int.to_bytes) whose arguments say how much they build."""
        bound = getattr(method, "__self__", None)
        name = getattr(method, "__name__", "")
        if isinstance(bound, int) and name == "to_bytes":
            for number in ints(args, kwargs):
                check_width(number, f" for .{name}()")
        if not isinstance(bound, TEXTS):
            return args
        for number in ints(args, kwargs):
            check_width(number, f" for .{name}()")
        size = len(bound)
        if name == "replace" and len(args) >= 2 and isinstance(args[0], TEXTS) \
                and isinstance(args[1], TEXTS):
            count = bound.count(args[0]) if args[0] else size + 1  # type: ignore[arg-type]
            size += count * max(0, len(args[1]) - len(args[0]))
        elif name == "join" and args:
            items = list(args[0])
            size = weight(items) + len(bound) * len(items)
            args = (items, *args[1:])
        elif name == "expandtabs":
            tabsize = args[0] if args else kwargs.get("tabsize", 8)
            tab = "\t" if isinstance(bound, str) else b"\t"
            if isinstance(tabsize, int):
                size += bound.count(tab) * tabsize  # type: ignore[arg-type]
        elif name == "translate" and args:
            table = args[0]
            targets = table.values() if isinstance(table, Mapping) else table
            if isinstance(targets, Mapping | MappingView | list | tuple):  # (see weight)
                size *= max(1, max((len(t) for t in cast(Iterable[Any], targets)
                                    if isinstance(t, TEXTS)), default=1))
        if size > max(MAX_TEXT, len(bound)):
            raise too_large()
        return args

    def _bounded_filter(self, name: str, function: Any) -> Any:
        """``function`` (a filter) checked: size arguments before, what it built after."""
        first = 0 if getattr(function, "jinja_pass_arg", None) is None else 1
        check_ints = name not in _VALUE_ARGUMENTS
        weigh = name not in _STRUCTURAL
        estimate = getattr(self, f"_estimate_{name}", None)

        @functools.wraps(function)
        def bounded(*args: Any, **kwargs: Any) -> Any:
            self._tick()
            value = args[first] if len(args) > first else None
            if check_ints:
                for number in ints(args[first + 1:], kwargs):
                    check_width(number, f" for |{name}")
            if weigh:
                self._weigh(value)
            if estimate is not None:
                args = estimate(args, first, kwargs)
            result = function(*args, **kwargs)
            if result is not value and isinstance(result, TEXTS | list | tuple):
                self._built(result, len(value) if isinstance(value, TEXTS | list | tuple) else 0)
            return result

        return bounded


def sandbox() -> SandboxedEnvironment:
    env = BoundedSandbox()
    env.filters["control"] = env._bounded_filter("control", control)  # controls.py
    return env
