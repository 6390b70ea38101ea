"""csdesk settings show|set: the user's settings, as in Tools → Settings."""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal
from typing import Any

from csdesk.cli.common import EXIT_USAGE
from csdesk.errors import CsdeskError

# What `settings set` changes: one value each. The workspace, the backup folder, the team
# server and the recent workspaces are chosen in Tools → Settings and File → Connect.
_SETTABLE = ("my_name", "my_title", "my_email", "my_phone", "company", "currency",
             "number_format", "gross_margin", "backup_keep_daily")


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add `csdesk settings ACTION`."""
    user_settings = commands.add_parser("settings", help="your settings (as in Tools → Settings)")
    settings_commands = user_settings.add_subparsers(title="what to do", metavar="ACTION",
                                                     required=True)
    settings_show = settings_commands.add_parser("show", parents=[common],
                                                 help="every setting, and any problem")
    settings_show.add_argument("--json", action="store_true", help="as JSON")
    settings_show.set_defaults(handler=_cmd_settings_show)
    settings_set = settings_commands.add_parser(
        "set", parents=[common], help="change one setting (checked as the Settings dialog does)")
    settings_set.add_argument("key", metavar="KEY", help=", ".join(_SETTABLE))
    settings_set.add_argument("value", metavar="VALUE", help='"" clears a text setting')
    settings_set.set_defaults(handler=_cmd_settings_set)


def _cmd_settings_show(args: argparse.Namespace) -> int:
    import json

    from csdesk import settings as user_settings

    path = user_settings.settings_path()
    current = user_settings.load(path)
    values = user_settings.to_dict(current)
    values.pop("version")
    if args.json:
        values["gross_margin"] = float(current.gross_margin)  # a plain number
        print(json.dumps({"file": str(path), "read_only": current.newer, "settings": values,
                          "problems": list(current.problems)}, indent=2, ensure_ascii=False))
        return 0
    for key, value in values.items():
        shown = (json.dumps(value, ensure_ascii=False) if isinstance(value, list)
                 else "(not set)" if value in (None, "") else value)
        print(f"{key}: {shown}")
    for problem in current.problems:
        print(f"problem: {problem}")
    return 0


def _cmd_settings_set(args: argparse.Namespace) -> int:
    import json
    from contextlib import suppress
    from dataclasses import fields, replace
    from decimal import InvalidOperation

    from csdesk import settings as user_settings

    key, text = args.key, args.value
    if key not in _SETTABLE:
        others = [f.name for f in fields(user_settings.Settings)
                  if f.name not in (*_SETTABLE, "problems", "newer")]
        what = (f"{key} cannot be set this way (nor {', '.join(o for o in others if o != key)}"
                ": use Tools → Settings)" if key in others else f"unknown setting '{key}'")
        print(f"csdesk: error: {what}; settings set takes one of {', '.join(_SETTABLE)}",
              file=sys.stderr)
        return EXIT_USAGE
    path = user_settings.settings_path()
    current = user_settings.load(path)
    if current.newer:
        raise CsdeskError(f"{path} was written by a newer csdesk: it is read, never changed "
                          "here; nothing was changed")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raw = {}
    except (OSError, ValueError) as error:
        raise CsdeskError(f"{path} cannot be read ({error}); fix or remove it first; nothing "
                          "was changed") from None
    if not isinstance(raw, dict):
        raise CsdeskError(f"{path} is not a settings file; fix or remove it first; nothing "
                          "was changed")
    value: object = text.strip()  # as the Settings dialog takes them; `check` says the rest
    if key == "currency":
        value = text.strip().upper()
    elif key == "gross_margin":
        with suppress(InvalidOperation):
            value = Decimal(text.strip())
    elif key == "backup_keep_daily":
        with suppress(ValueError):
            value = int(text)
    errors = user_settings.check({**user_settings.to_dict(current), key: value})
    if key in errors:
        print(f"csdesk: error: {key} {text!r} is not {errors[key]}; nothing was changed",
              file=sys.stderr)
        return EXIT_USAGE
    for problem in current.problems:  # those values are saved as their defaults now
        print(f"csdesk: warning: {problem}", file=sys.stderr)
    try:
        user_settings.save(replace(current, **{key: value}), path)
    except OSError as error:
        raise CsdeskError(f"{path} cannot be written ({error}); nothing was changed") from None
    print(f"{key}: {value if value != '' else '(not set)'}")
    return 0
