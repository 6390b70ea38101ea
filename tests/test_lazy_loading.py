"""Every relationship refuses to load on access: what a caller touches is loaded on purpose
(selectinload/joinedload in the service, or a query), never one query per object."""

from __future__ import annotations

import csdesk.models  # noqa: F401  (registers every mapped class)
from csdesk.models import Base

ALLOWED = {"raise", "raise_on_sql"}


def test_every_relationship_raises_on_lazy_load() -> None:
    relationships = [(mapper.class_.__name__, rel.key, rel.lazy)
                     for mapper in Base.registry.mappers for rel in mapper.relationships]
    assert relationships, "no mapped relationships found"
    lazy = [f"{cls}.{key}: lazy={how!r}" for cls, key, how in relationships
            if how not in ALLOWED]
    assert not lazy, "relationships that load on access:\n" + "\n".join(lazy)


def test_every_model_module_is_mapped() -> None:
    """The check above sees the whole model (49 relationships when it was written)."""
    count = sum(len(mapper.relationships) for mapper in Base.registry.mappers)
    assert count >= 49
