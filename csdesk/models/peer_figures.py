"""Each account's figures that the peer benchmarks compare, kept by the health refresh."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Double, ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from csdesk.models.base import Base


class PeerFigures(Base):
    """An account's time to first value and KPI progress as computed on ``as_of`` by the health
    refresh (services/benchmarks.refresh_peer_figures): what a document compares its account
    with, read back instead of tracking every comparable account's path again. Derived data:
    a row of another day is not used (the figures are computed afresh instead)."""

    __tablename__ = "peer_figures"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    as_of: Mapped[date]
    ttfv_days: Mapped[int | None]  # time to first value, actual or forecast
    kpi_progress: Mapped[float | None] = mapped_column(Double)  # % of the way to target
