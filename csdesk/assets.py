"""Files shipped with csdesk (resources/ in the repository, csdesk.resources when installed)."""

from __future__ import annotations

import json
from importlib.resources import files
from importlib.resources.abc import Traversable
from typing import Any


def resource(*parts: str) -> Traversable:
    node = files("csdesk.resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def builtin_critical_paths() -> list[dict[str, Any]]:
    folder = resource("critical_paths")
    return [json.loads(entry.read_text(encoding="utf-8"))
            for entry in sorted(folder.iterdir(), key=lambda e: e.name)
            if entry.name.endswith(".json")]
