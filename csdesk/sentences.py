"""Texts made into sentences without touching the case of what is inside them: a path, a
person's or a product's name, or a customer's own words keep their capitals (str.capitalize
would lower every letter after the first)."""

from __future__ import annotations

import re

__all__ = ["capital_first", "sentence"]

# A first word that is a file name or a path ("bin.csv", "/home/…", "C:\\…") is left as typed:
# "Bin.csv" would name a file that is not there.
_FILE_OR_PATH = re.compile(r"^\S*(?:[/\\]|\w\.\w)")


def capital_first(text: str) -> str:
    """Capital first letter, unless it starts a file name; the rest as it was."""
    return text if _FILE_OR_PATH.match(text) else text[:1].upper() + text[1:]


def sentence(text: str) -> str:
    """Capital first letter (unless it starts a file name), a full stop at the end."""
    text = text.strip()
    if not text:
        return text
    return capital_first(text) + ("" if text.endswith((".", "!", "?")) else ".")
