"""The account workspace's tabs, declared once (the workspace builds them in this order; the
screenshot command's --view takes their names). Importing it imports no Qt."""

from __future__ import annotations

from dataclasses import dataclass

from csdesk.services.changes import (
    ACCOUNTS,
    CONTACTS,
    GROWTH,
    HEALTH,
    KINDS,
    MEETINGS,
    PATH,
    PLAN,
    RISKS,
    SETTINGS,
    SIGNALS,
)


@dataclass(frozen=True)
class AccountTab:
    """One tab of the account workspace: its name, its label and the kinds of record it shows
    (it refreshes after a change only when the change touches one of them)."""

    name: str
    label: str
    shows: frozenset[str]


# Every tab, declared once: the order is the tabs' order.
ACCOUNT_TABS = (
    AccountTab("overview", "&Overview", frozenset({ACCOUNTS, CONTACTS, HEALTH, SIGNALS})),
    AccountTab("plan", "&Success plan", frozenset({ACCOUNTS, PLAN, PATH, CONTACTS, SIGNALS})),
    AccountTab("path", "&Critical path", frozenset({ACCOUNTS, PLAN, PATH, SETTINGS})),
    AccountTab("meetings", "&Meetings", frozenset({ACCOUNTS, MEETINGS, CONTACTS, PLAN})),
    AccountTab("qbr", "&QBR", KINDS),
    AccountTab("risks", "&Risks", frozenset({ACCOUNTS, RISKS, HEALTH, SETTINGS, MEETINGS,
                                             PLAN, SIGNALS})),
    AccountTab("growth", "&Growth", frozenset({ACCOUNTS, GROWTH, SETTINGS, SIGNALS})),
    AccountTab("activity", "Ac&tivity", KINDS),
)
TABS = tuple(tab.name for tab in ACCOUNT_TABS)
TAB_LABELS = {tab.name: tab.label for tab in ACCOUNT_TABS}
SHOWS = {tab.name: tab.shows for tab in ACCOUNT_TABS}


def tab_aliases() -> dict[str, str]:
    """Each tab by its name and by its label ("critical-path" for "path")."""
    aliases = {name: name for name in TABS}
    for name, label in TAB_LABELS.items():
        aliases.setdefault(label.replace("&", "").casefold().replace(" ", "-"), name)
    return aliases
