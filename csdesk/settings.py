"""The user's settings: one typed, versioned file in the user's config folder.

Settings that change computed results for everyone using a workspace (health weights, the
default Word templates) live in the workspace itself; these are the ones that belong to the
person and the laptop: how money is written, the default currency and gross margin, the
backup policy, and which workspace opens.

The file is JSON with a `version`. An older file is brought up to date by `MIGRATIONS`, one
version at a time, and saved back; a file from a newer csdesk is read as far as it goes but
never overwritten. A value that cannot be used falls back to its default, and `problems`
says which and why, so one bad line never stops the app.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import platformdirs

from csdesk import APP_NAME

VERSION = 1
# How 1234567.89 is written: thousands separator, decimal separator.
NUMBER_FORMATS = {"1,234.56": (",", "."), "1.234,56": (".", ","), "1 234,56": ("\u202f", ","),
                  "1'234.56": ("'", ".")}
BACKUP_KEEP_RANGE = (1, 90)

# MIGRATIONS[n] turns a version-n dict into a version n+1 dict.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


@dataclass(frozen=True)
class Settings:
    my_name: str = ""  # the owner of your accounts: My book, and new accounts' owner
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
    name = values.get("my_name")
    if not (isinstance(name, str) and len(name) <= 200 and name == name.strip()
            and all(ch.isprintable() for ch in name)):
        errors["my_name"] = "a name of at most 200 characters, without control characters"
    server = values.get("server_url")
    if server is not None and not _server_url_without_password(server):
        errors["server_url"] = ("a server URL without a password, such as "
                                "postgresql+psycopg://me@db.example.com/csdesk")
    recent = values.get("recent_workspaces")
    if not (isinstance(recent, list) and all(isinstance(p, str) for p in recent)):
        errors["recent_workspaces"] = "a list of paths"
    return errors


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
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(to_dict(settings), indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def remember_workspace(settings: Settings, workspace: str) -> Settings:
    """Make ``workspace`` the one that opens, most recent first in the list (at most 8)."""
    recent = [workspace, *[p for p in settings.recent_workspaces if p != workspace]][:8]
    return replace(settings, workspace=workspace, recent_workspaces=recent)
