"""The limits of the bounded sandbox (sandbox.py), and the measures of a value checked against
them: about how long it becomes as text, and whether a width or count is too large.
"""

from __future__ import annotations

from collections.abc import Iterable, MappingView
from typing import Any, cast

from jinja2.sandbox import SecurityError
from jinja2.utils import Namespace

# What one rendering may do: one render_docx (every part of the .docx together) or render_html.
# A template that goes past one is stopped with a SecurityError that says which, in plain words.
MAX_SECONDS = 10.0  # the whole rendering, parsing included
MAX_LOOP_STEPS = 20_000  # iterations of every for-loop, range() and loop(...) together
MAX_CALLS = 200_000  # calls (macros and methods) and filters together
MAX_DEPTH = 50  # macros or recursive loops calling themselves, nested
MAX_SEQUENCE = 100_000  # characters or items one * may build
MAX_TEXT = 1_000_000  # characters (or items) one expression may build: ~, +, %, a filter, a method
MAX_OUTPUT = 20_000_000  # characters of output: one part's XML, one macro's or {% set %} block's
MAX_BUILT = 100_000_000  # characters of every text built, together (so retained texts stay small)
MAX_WIDTH = 10_000  # a width, padding or count given to a filter, a method or a format spec
MAX_EXPONENT = 64
MAX_NUMBER_BITS = 10_000  # about 3,000 digits
MAX_WRAP_WORK = 10**10  # |wordwrap: characters × lines for long words (textwrap is quadratic)

TEXTS = str | bytes | bytearray


def too_large() -> SecurityError:
    return SecurityError(f"the template builds a text or list that is too large (over "
                         f"{MAX_TEXT:,} characters or items)")


def weight(value: Any, limit: int = MAX_TEXT) -> int:
    """About how many characters ``value`` becomes as text, counting no further than ``limit``.
    A list can hold the same long text many times: its text is far longer than its memory."""
    total = 0
    stack = [value]
    while stack and total <= limit:
        item = stack.pop()
        if isinstance(item, TEXTS):
            total += len(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset | MappingView):
            total += 2 + 2 * len(item)
            if total <= limit:
                stack.extend(cast(Iterable[Any], item))  # typeshed: MappingView is only Sized
        elif isinstance(item, Namespace):  # shown with its attributes
            total += 12
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        else:
            total += 4
    return total


def check_width(number: Any, where: str = "") -> None:
    if isinstance(number, int) and abs(number) > MAX_WIDTH:
        raise SecurityError(f"a width or count of {number:,} is too large{where} (at most "
                            f"{MAX_WIDTH:,})")


def check_digits(digits: str) -> int:
    """A width or precision written in a format: its value, or a refusal."""
    if len(digits) > 18:
        raise SecurityError(f"a width of {digits[:24]}… is too large (at most {MAX_WIDTH:,})")
    number = int(digits)
    if number > MAX_WIDTH:
        raise SecurityError(f"a width of {number:,} is too large (at most {MAX_WIDTH:,})")
    return number


def ints(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[int]:
    return [a for a in (*args, *kwargs.values()) if isinstance(a, int) and not isinstance(a, bool)]
