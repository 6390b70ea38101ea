"""Checks before a sandbox filter runs whose arguments decide how much it builds (|replace,
|indent, |wordwrap, |urlize, |join, |format, |tojson, |sum): a mixin of BoundedSandbox, which
looks each one up by the filter's name.
"""

from __future__ import annotations

from numbers import Number
from typing import TYPE_CHECKING, Any

from jinja2.sandbox import SecurityError

from csdesk.documents.sandbox_limits import MAX_TEXT, MAX_WRAP_WORK, too_large, weight

_Args = tuple[Any, ...]
_Kwargs = dict[str, Any]


class FilterEstimates:
    """``_estimate_<filter>(args, first, kwargs)``: the filter's arguments checked (value at
    args[first]), returned as the filter is to be called."""

    if TYPE_CHECKING:
        def _weigh(self, value: Any) -> None: ...
        def _check_printf(self, fmt: str | bytes | bytearray, args: Any) -> None: ...

    # Filters whose arguments decide how much they build (value at args[first]; the other
    # arguments as Jinja's filters name them)

    @staticmethod
    def _argument(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str,
                  default: Any = None) -> Any:
        return args[index] if len(args) > index else kwargs.get(name, default)

    def _estimate_replace(self, args: _Args, first: int, kwargs: _Kwargs) -> _Args:
        text = args[first]
        old = str(self._argument(args, kwargs, first + 1, "old", ""))
        new = str(self._argument(args, kwargs, first + 2, "new", ""))
        count = self._argument(args, kwargs, first + 3, "count")
        length = len(text) if isinstance(text, str) else weight(text)
        found = (text.count(old) if old else length + 1) if isinstance(text, str) else length + 1
        if isinstance(count, int) and count >= 0:
            found = min(found, count)
        if length + found * max(0, len(new) - len(old)) > max(MAX_TEXT, length):
            raise too_large()
        return args

    def _estimate_indent(self, args: _Args, first: int, kwargs: _Kwargs) -> _Args:
        text = args[first]
        width = self._argument(args, kwargs, first + 1, "width", 4)
        pad = len(width) if isinstance(width, str) else width if isinstance(width, int) else 0
        lines = text.count("\n") + 1 if isinstance(text, str) else weight(text)
        if len(str(text)) + pad * lines > MAX_TEXT:
            raise too_large()
        return args

    def _estimate_wordwrap(self, args: _Args, first: int, kwargs: _Kwargs) -> _Args:
        text = args[first]
        if not isinstance(text, str):
            return args
        width = self._argument(args, kwargs, first + 1, "width", 79)
        wrapstring = self._argument(args, kwargs, first + 3, "wrapstring") or "\n"
        if not isinstance(width, int) or width < 1:
            return args
        lines = len(text) // width + text.count("\n") + 1
        if len(text) + lines * len(str(wrapstring)) > MAX_TEXT:
            raise too_large()
        if len(text) * lines > MAX_WRAP_WORK \
                and len(text) * max(map(len, text.split()), default=0) // width > MAX_WRAP_WORK:
            raise SecurityError(f"wrapping a text of {len(text):,} characters at a width of "
                                f"{width:,} is too much work")
        return args

    def _estimate_urlize(self, args: _Args, first: int, kwargs: _Kwargs) -> _Args:
        text = args[first]
        if isinstance(text, str):
            extra = 64 + sum(len(str(self._argument(args, kwargs, first + i, key) or ""))
                             for i, key in ((3, "target"), (4, "rel")))
            links = sum(1 for word in text.split() if "." in word or "@" in word or ":" in word)
            if 2 * len(text) + links * extra > MAX_TEXT:
                raise too_large()
        return args

    def _estimate_join(self, args: _Args, first: int, kwargs: _Kwargs) -> _Args:
        items = list(args[first])
        separator = self._argument(args, kwargs, first + 1, "d", "")
        self._weigh(separator)
        if weight(items) + len(str(separator)) * len(items) > MAX_TEXT:
            raise too_large()
        return (*args[:first], items, *args[first + 1:])

    def _estimate_format(self, args: _Args, first: int, kwargs: _Kwargs) -> _Args:
        if isinstance(args[first], str):
            self._check_printf(args[first], kwargs or tuple(args[first + 1:]))
        return args

    def _estimate_tojson(self, args: _Args, first: int, kwargs: _Kwargs) -> _Args:
        indent = self._argument(args, kwargs, first + 1, "indent")
        if weight(args[first]) * (6 + (indent if isinstance(indent, int) else 0)) > MAX_TEXT:
            raise too_large()
        return args

    def _estimate_sum(self, args: _Args, first: int, kwargs: _Kwargs) -> _Args:
        start = self._argument(args, kwargs, first + 2, "start", 0)
        if not isinstance(start, Number):
            raise SecurityError("|sum adds numbers only, not texts or lists")
        return args
