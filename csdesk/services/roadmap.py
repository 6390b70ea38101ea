"""The product roadmap, kept once for the workspace and picked per QBR."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from csdesk.models import RoadmapHorizon, RoadmapItem
from csdesk.services import validation as v
from csdesk.services.base import (
    Service,
    apply_changes,
    date_validator,
    enum_validator,
    get_or_raise,
    get_to_change,
    refuse_overwrite,
    validate_fields,
)

ROADMAP_VALIDATORS = {
    "title": lambda x: v.required_line(x, "title"),
    "description": lambda x: v.optional_block(x, "description", 2000),
    "horizon": enum_validator(RoadmapHorizon, "when"),
    "released_on": date_validator("released on"),
    "active": bool,
}


class RoadmapService(Service):
    def list(self, active_only: bool = False) -> list[RoadmapItem]:
        with self._uow() as session:
            query = select(RoadmapItem).order_by(RoadmapItem.horizon, RoadmapItem.title)
            if active_only:
                query = query.where(RoadmapItem.active.is_(True))
            return list(session.scalars(query))

    def add(self, **fields: Any) -> RoadmapItem:
        cleaned = validate_fields(fields, ROADMAP_VALIDATORS)
        with self._uow() as session:
            item = RoadmapItem(**cleaned)
            session.add(item)
        return item

    def update(self, item_id: int, *, originals: dict[str, Any] | None = None,
               **changes: Any) -> RoadmapItem:
        """``originals``: the values the edit began from (see refuse_overwrite)."""
        cleaned = validate_fields(changes, ROADMAP_VALIDATORS)
        with self._uow() as session:
            item = get_to_change(session, RoadmapItem, item_id, "roadmap item")
            refuse_overwrite(item, cleaned, originals, ROADMAP_VALIDATORS,
                             f"The roadmap item '{item.title}'")
            apply_changes(item, cleaned)
        return item

    def remove(self, item_id: int) -> None:
        with self._uow() as session:
            session.delete(get_or_raise(session, RoadmapItem, item_id, "roadmap item"))
