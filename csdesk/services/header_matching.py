"""A file's headers matched to an import kind's fields by name: ``auto_mapping``.

Three steps: a known name (csdesk's own, or a tool's from ``column_mapping``); then a name close
enough (a typo, an extra word); then nothing, and the user decides. One field never takes two
columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from csdesk.services.column_mapping import (
    CSDESK,
    IGNORE,
    KINDS,
    TOOLS,
    KnownName,
    check_kind,
    field_label,
    known_names,
)
from csdesk.services.import_mapping import ColumnMapping, header_key

# "Organization - Renewal date" is Pipedrive's "Renewal date" of an organization: a prefix
# naming the record is taken off when the whole header is not known.
_PREFIXES = {"accounts": ("organization", "organisation", "account", "company"),
             "contacts": ("person", "contact"), "usage": ()}
_NOISE = {"usd", "eur", "gbp", "chf", "cad", "aud", "jpy", "sek", "nok", "dkk", "in"}


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", " ", text)  # camelCase
    return [t for t in re.split(r"[\W_]+", text.casefold()) if t]


@dataclass(frozen=True)
class _Entry:
    display: str
    target: str
    tools: tuple[str, ...]
    fallback: bool
    note: str
    tokens: tuple[str, ...]


def _index(kind: str) -> dict[str, _Entry]:
    """Every known name of a kind by its key: csdesk's own names and labels first, so a
    similar header is said to be like 'Renewal date', then the tools' names."""
    entries: dict[str, _Entry] = {}

    def add(name: KnownName) -> None:
        key = header_key(name.header)
        if not key:
            return
        have = entries.get(key)
        if have is None:
            entries[key] = _Entry(name.header, name.target, name.tools, name.fallback,
                                  name.note, tuple(_tokens(name.header)))
        elif have.target != name.target:
            raise ValueError(f"'{name.header}' is declared for both {have.target} and "
                             f"{name.target} in {kind}")
        else:
            tools = tuple(t for t in (*TOOLS, CSDESK) if t in have.tools or t in name.tools)
            entries[key] = _Entry(have.display, have.target, tools,
                                  have.fallback and name.fallback, have.note or name.note,
                                  have.tokens)

    for f in KINDS[kind]:
        add(KnownName(f.label, f.name, (CSDESK,)))
        add(KnownName(f.name, f.name, (CSDESK,)))
    for name in known_names(kind):
        add(name)
    return entries


_INDEXES = {kind: _index(kind) for kind in KINDS}


def _known(header: str, kind: str) -> _Entry | None:
    index = _INDEXES[kind]
    entry = index.get(header_key(header))
    if entry is None:
        prefix = re.match(r"\s*([^\W\d_]+)\s*[-:–]\s*(.+)$", header)
        if prefix and prefix.group(1).casefold() in _PREFIXES[kind]:
            entry = index.get(header_key(prefix.group(2)))
    return entry


def _token_score(mine: list[str], theirs: tuple[str, ...]) -> float:
    """Dice overlap of two names' words, a word matching one spelt nearly alike
    ('Renewel' ~ 'Renewal', 'Strat' ~ 'Start')."""
    mine = [t for t in mine if t not in _NOISE] or mine
    left = list(theirs)
    shared = 0
    for word in mine:
        for other in left:
            if _alike(word, other):
                left.remove(other)
                shared += 1
                break
    return 2 * shared / (len(mine) + len(theirs)) if mine and theirs else 0.0


@lru_cache(maxsize=65_536)  # the same few words meet again and again
def _alike(word: str, other: str) -> bool:
    """The same word, or one typo away: a letter wrong, missing or added, or two swapped."""
    if word == other:
        return True
    if min(len(word), len(other)) < 3 or abs(len(word) - len(other)) > 1:
        return False
    differ = [i for i, (a, b) in enumerate(zip(word, other, strict=False)) if a != b]
    swapped = (len(word) == len(other) and len(differ) == 2 and differ[1] == differ[0] + 1
               and word[differ[0]] == other[differ[1]] and word[differ[1]] == other[differ[0]])
    matcher = SequenceMatcher(None, word, other)
    return swapped or (matcher.quick_ratio() >= 0.82 and matcher.ratio() >= 0.82)


SIMILAR = 0.8  # below this a column is left for the user


def _similar(header: str, kind: str) -> tuple[float, _Entry | None, _Entry | None]:
    """The best field a header looks like, and the best ignored name it looks like."""
    words = _tokens(header)
    best_field: tuple[float, _Entry | None] = (0.0, None)
    best_ignored: tuple[float, _Entry | None] = (0.0, None)
    for entry in _INDEXES[kind].values():
        score = _token_score(words, entry.tokens)
        if entry.target == IGNORE:
            if score > best_ignored[0]:
                best_ignored = (score, entry)
        elif score > best_field[0]:
            best_field = (score, entry)
    (field_score, like), (ignored_score, ignored) = best_field, best_ignored
    # A header nearer a name csdesk does not use ('Annual Revenue (USD)') is not guessed.
    if ignored is not None and ignored_score >= SIMILAR and ignored_score >= field_score:
        return field_score, like, ignored
    return field_score, like, None


def _likely_tool(headers: Iterable[str], kind: str) -> str | None:
    """The tool whose export this looks like: the one knowing the most of its headers."""
    counts: dict[str, int] = {}
    for header in headers:
        entry = _known(header, kind)
        for tool in entry.tools if entry else ():
            counts[tool] = counts.get(tool, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    return ranked[0][0]


def _known_how(entry: _Entry, tool: str | None) -> str:
    tools = (tool,) if tool in entry.tools else entry.tools
    text = f"known name ({', '.join(tools)})" if tools else "known name"
    return f"{text}; {entry.note}" if entry.note else text


@dataclass
class _Proposal:
    header: str
    target: str
    rank: tuple[int, float, int]  # known (2), known fallback (1), similar (0); score; -column
    how: str
    fallback: bool


def auto_mapping(headers: list[str], kind: str) -> ColumnMapping:
    """Map a file's headers to a kind's fields by name: every header comes back, mapped to a
    field, IGNORE, or None (left for the user); no field takes two columns."""
    check_kind(kind)
    tool = _likely_tool(headers, kind)
    columns: dict[str, str | None] = {}
    how: dict[str, str] = {}
    proposals: list[_Proposal] = []
    for position, header in enumerate(headers):
        if header in columns:
            continue  # the same header twice is one entry; the file's reader refuses it
        columns[header] = None
        if not header_key(header):
            columns[header], how[header] = IGNORE, "no header"
            continue
        entry = _known(header, kind)
        if entry is not None and entry.target == IGNORE:
            columns[header], how[header] = IGNORE, _known_how(entry, tool)
        elif entry is not None:
            proposals.append(_Proposal(header, entry.target,
                                       (1 if entry.fallback else 2, 1.0, -position),
                                       _known_how(entry, tool), entry.fallback))
        else:
            score, like, ignored = _similar(header, kind)
            if like is not None and ignored is None and score >= SIMILAR:
                proposals.append(_Proposal(header, like.target, (0, score, -position),
                                           f"similar to '{like.display}'", False))
            else:
                how[header] = (f"not recognised; nearest is '{ignored.display}', which "
                               "csdesk does not use" if ignored else "not recognised")
    _settle(proposals, columns, how, kind)
    return ColumnMapping(kind, columns, how)


def _settle(proposals: list[_Proposal], columns: dict[str, str | None], how: dict[str, str],
            kind: str) -> None:
    """One column per field: the best match wins; a fallback name that loses is ignored
    (the other column says the same better), any other loser is asked."""
    by_field: dict[str, list[_Proposal]] = {}
    for proposal in proposals:
        by_field.setdefault(proposal.target, []).append(proposal)
    for target, competing in by_field.items():
        competing.sort(key=lambda p: p.rank, reverse=True)
        winner, *losers = competing
        columns[winner.header], how[winner.header] = target, winner.how
        label = field_label(kind, target)
        for loser in losers:
            columns[loser.header] = IGNORE if loser.fallback else None
            how[loser.header] = (f"{loser.how}, but '{winner.header}' gives the {label}"
                                 if loser.fallback else
                                 f"{loser.how}, but '{winner.header}' gives the {label}: "
                                 "choose another field for it, or ignore it")
