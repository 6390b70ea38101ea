"""The user's settings: one typed, versioned file in the user's config folder.

Settings that change computed results for everyone using a workspace (health weights, the
default Word templates) live in the workspace itself; these are the ones that belong to the
person and the laptop: who you are on customer documents (name, title, e-mail, phone and
company: `signature`), how money is written, the default currency and gross margin, the
backup policy, and which workspace opens.

The file is JSON with a `version`. An older file is brought up to date by `MIGRATIONS`, one
version at a time, and saved back; a file from a newer csdesk is read as far as it goes but
never overwritten. A value that cannot be used falls back to its default, and `problems`
says which and why, so one bad line never stops the app.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import platformdirs

from csdesk import APP_NAME
from csdesk.files import replace_file

VERSION = 2
# How 1234567.89 is written: thousands separator, decimal separator.
NUMBER_FORMATS = {"1,234.56": (",", "."), "1.234,56": (".", ","), "1 234,56": ("\u202f", ","),
                  "1'234.56": ("'", ".")}
BACKUP_KEEP_RANGE = (1, 90)
LINE_MAX = 200  # a name, a title, an e-mail address, a company
PHONE_MAX = 40
PHONE_CHARACTERS = frozenset("0123456789 +()-.")
_JOINERS = frozenset("\u200c\u200d")  # zero-width (non-)joiners: Persian and Indic names


def _version_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds who you are on documents. The version matters even though every new
    field has a default: a csdesk that knows only version 1 now reads this file without
    overwriting it, so it cannot drop your title, e-mail, phone and company."""
    for name in ("my_title", "my_email", "my_phone", "company"):
        data.setdefault(name, "")
    return data


# MIGRATIONS[n] turns a version-n dict into a version n+1 dict.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _version_1_to_2}


@dataclass(frozen=True)
class Settings:
    my_name: str = ""  # the owner of your accounts (My book, new accounts), and documents' signer
    my_title: str = ""  # on documents; empty: no title is printed
    my_email: str = ""
    my_phone: str = ""
    company: str = ""  # your company: documents' properties and signature
    currency: str = "USD"  # for new accounts
    number_format: str = "1,234.56"
    gross_margin: Decimal = Decimal("0.75")  # for the customer lifetime value
    backup_keep_daily: int = 7
    backup_folder: str | None = None  # None: a folder beside the workspace
    workspace: str | None = None  # None: workspace.db in the user data folder
    server_url: str | None = None  # a team workspace (no password: that is in the keychain)
    recent_workspaces: list[str] = field(default_factory=list)
    problems: tuple[str, ...] = field(default=(), compare=False)  # what load() fell back on
    newer: bool = field(default=False, compare=False)  # written by a newer csdesk: read only


def settings_path() -> Path:
    override = os.environ.get("CSDESK_CONFIG_DIR")
    folder = Path(override) if override else platformdirs.user_config_path(APP_NAME,
                                                                           appauthor=False)
    return folder / "settings.json"


def check(values: dict[str, Any]) -> dict[str, str]:
    """Per-field messages for values that cannot be used; {} when all can."""
    errors: dict[str, str] = {}
    currency = values.get("currency")
    if not (isinstance(currency, str) and len(currency) == 3 and currency.isalpha()
            and currency.isupper()):
        errors["currency"] = "a three-letter currency code such as USD or EUR"
    if values.get("number_format") not in NUMBER_FORMATS:
        errors["number_format"] = f"one of {', '.join(NUMBER_FORMATS)}"
    try:
        margin = Decimal(str(values.get("gross_margin")))
        if not Decimal(0) < margin <= Decimal(1):
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        errors["gross_margin"] = "a fraction above 0 and at most 1, such as 0.75"
    keep = values.get("backup_keep_daily")
    low, high = BACKUP_KEEP_RANGE
    if not (isinstance(keep, int) and not isinstance(keep, bool) and low <= keep <= high):
        errors["backup_keep_daily"] = f"a whole number of days from {low} to {high}"
    for name in ("backup_folder", "workspace"):
        value = values.get(name)
        if value is not None and not (isinstance(value, str) and value.strip()
                                      and Path(value).expanduser().is_absolute()):
            errors[name] = "a full path to a folder" if name == "backup_folder" \
                else "a full path to a workspace file"
    for key, what in (("my_name", "a name"), ("my_title", "a title"),
                      ("company", "a company name")):
        if not _plain_line(values.get(key), LINE_MAX):
            errors[key] = (f"{what} of at most {LINE_MAX} characters, without control "
                           "characters or spaces at either end")
    email = values.get("my_email")
    if not (_plain_line(email, LINE_MAX) and (email == "" or _plausible_email(email))):
        errors["my_email"] = (f"an e-mail address such as dana@example.com, at most {LINE_MAX} "
                              "characters")
    phone = values.get("my_phone")
    if not (isinstance(phone, str) and len(phone) <= PHONE_MAX and phone == phone.strip()
            and set(phone) <= PHONE_CHARACTERS
            and (phone == "" or any(ch.isdigit() for ch in phone))):
        errors["my_phone"] = (f"a phone number of at most {PHONE_MAX} characters: digits, "
                              "spaces and + ( ) - . only")
    server = values.get("server_url")
    if server is not None and not _server_url_without_password(server):
        errors["server_url"] = ("a server URL without a password, such as "
                                "postgresql+psycopg://me@db.example.com/csdesk")
    recent = values.get("recent_workspaces")
    if not (isinstance(recent, list) and all(isinstance(p, str) for p in recent)):
        errors["recent_workspaces"] = "a list of paths"
    return errors


def _plain_line(value: Any, limit: int) -> bool:
    """One line of text as typed in a field: at most ``limit`` characters, trimmed; letters,
    marks, digits, punctuation, symbols and spaces, never a control, format (but the joiners),
    private-use, line or paragraph separator character."""
    return (isinstance(value, str) and len(value) <= limit and value == value.strip()
            and all(ch.isprintable() or ch in _JOINERS or unicodedata.category(ch) == "Zs"
                    for ch in value))


def _plausible_email(value: str) -> bool:
    """local@domain.tld: one @ before the domain, no spaces, no empty part of the domain."""
    local, at, domain = value.rpartition("@")
    labels = domain.split(".")
    return (bool(at and local) and "@" not in local and not any(ch.isspace() for ch in value)
            and len(labels) >= 2 and all(labels))


def _server_url_without_password(value: Any) -> bool:
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        url = make_url(value) if isinstance(value, str) else None
    except ArgumentError:
        return False
    return url is not None and url.password is None and not url.drivername.startswith("sqlite")


def _typed(values: dict[str, Any]) -> dict[str, Any]:
    typed = dict(values)
    if "gross_margin" in typed:
        typed["gross_margin"] = Decimal(str(typed["gross_margin"]))
    return typed


def from_dict(data: dict[str, Any]) -> Settings:
    """Settings from a current-version dict: unusable values fall back, with a problem each."""
    defaults = Settings()
    known = {f.name for f in fields(Settings)} - {"problems", "newer"}
    values = {name: data.get(name, getattr(defaults, name)) for name in known}
    errors = check(values)
    problems = []
    for name, message in errors.items():
        problems.append(f"{name} {data.get(name)!r} is not {message}: using "
                        f"{getattr(defaults, name)!r}")
        values[name] = getattr(defaults, name)
    return Settings(**_typed(values), problems=tuple(problems))


def to_dict(settings: Settings) -> dict[str, Any]:
    data = asdict(settings)
    data.pop("problems")
    data.pop("newer")
    data["gross_margin"] = str(settings.gross_margin)
    return {"version": VERSION, **data}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring a settings dict from its version up to VERSION, one step at a time."""
    version = data.get("version", 0)
    while version < VERSION:
        step = MIGRATIONS.get(version)
        data = step(dict(data)) if step else dict(data)
        version += 1
        data["version"] = version
    return data


def load(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, ValueError) as error:
        return replace(Settings(), problems=(f"{path} cannot be read ({error}): using the "
                                             "defaults",))
    if not isinstance(raw, dict) or not isinstance(raw.get("version", 0), int):
        return replace(Settings(), problems=(f"{path} is not a settings file: using the "
                                             "defaults",))
    if raw.get("version", 0) > VERSION:
        settings = from_dict(raw)
        return replace(settings, newer=True, problems=settings.problems + (
            f"{path} was written by a newer csdesk: it is read, not changed",))
    migrated = migrate(raw)
    settings = from_dict(migrated)
    if migrated.get("version") != raw.get("version"):
        save(settings, path)  # upgraded once, on disk too
    return settings


def save(settings: Settings, path: Path | None = None) -> Path:
    """Write atomically; a file from a newer csdesk is never overwritten."""
    path = path or settings_path()
    if settings.newer:
        raise OSError(f"{path} belongs to a newer csdesk and is not changed")
    errors = check(to_dict(settings))
    if errors:
        raise ValueError("; ".join(f"{k}: {v}" for k, v in errors.items()))
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(to_dict(settings), indent=2) + "\n"
    return replace_file(path, text.encode("utf-8"))  # its FileWriteError is an OSError


@dataclass(frozen=True)
class Signature:
    """Who prepared a customer document: the CSM from Settings. Empty strings are not set
    (a document prints no title when ``title`` is "")."""

    name: str
    title: str = ""
    email: str = ""
    phone: str = ""
    company: str = ""


def signature(settings: Settings) -> Signature | None:
    """The person on documents, from ``settings``; None while no name is set."""
    if not settings.my_name:
        return None
    return Signature(name=settings.my_name, title=settings.my_title, email=settings.my_email,
                     phone=settings.my_phone, company=settings.company)


def remember_workspace(settings: Settings, workspace: str) -> Settings:
    """Make ``workspace`` the one that opens, most recent first in the list (at most 8)."""
    recent = [workspace, *[p for p in settings.recent_workspaces if p != workspace]][:8]
    return replace(settings, workspace=workspace, recent_workspaces=recent)
