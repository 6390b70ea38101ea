"""What a success plan said when it was exported: the value of each content control, by its
reference, so the customer's edited copy can be compared three ways (as exported, as csdesk
has it now, as the document says) when it comes back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from csdesk.models.base import Base, utcnow


class DocumentExport(Base):
    __tablename__ = "document_exports"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(32), unique=True)  # in the file's properties
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    file_name: Mapped[str] = mapped_column(String(255))
    exported_at: Mapped[datetime] = mapped_column(default=utcnow)
    values: Mapped[dict[str, Any]] = mapped_column(JSON)  # reference -> text as exported
