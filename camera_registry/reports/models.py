"""The summaries, kept by database triggers, that make monthly reports fast.

* ``incident_month_tally``: per commune version, local month
  (Asia/Ho_Chi_Minh) and incident type, how many incidents were recorded, how
  many of them are clarified with footage, and how many lay in the view of a
  camera working at their moment (footage available);
* ``incident_in_view``: which incidents lay in such a view — the per-incident
  answer the triggers keep, so that a change to a camera or its status history
  re-tests only the incidents in that camera's view;
* ``camera_month_tally``: per camera and local month of the incident, the
  incidents a decisive or supporting clip of the camera helped, and how many of
  those are clarified.

Triggers (migrations ``20261122_reports`` and ``20261122_report_tallies``)
keep them in step with every write to ``incident``, ``footage_evidence``,
``camera`` and ``camera_status_event``, on both engines; a report sums a few
thousand summary rows instead of scanning millions of incidents.
``tests/reports/test_tally.py`` checks them against recounts with the
incidents and coverage domains' own definitions after every kind of write.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from camera_registry.db import Base


class IncidentMonthTally(Base):
    """Incidents, those clarified with footage and those with footage available, per cell."""

    __tablename__ = "incident_month_tally"

    commune_id: Mapped[int] = mapped_column(ForeignKey("admin_unit.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    type: Mapped[str] = mapped_column(String(32), primary_key=True)
    incidents: Mapped[int] = mapped_column(Integer, default=0)
    clarified: Mapped[int] = mapped_column(Integer, default=0)
    footage_available: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class IncidentInView(Base):
    """An incident whose point lay in the view of a camera active at its moment.

    No foreign key: the incident triggers remove the row themselves, after
    reading it (a cascade could run first and hide it from them).
    """

    __tablename__ = "incident_in_view"

    incident_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class CameraMonthTally(Base):
    """Incidents a camera's useful clips helped (and those clarified), per month of incident."""

    __tablename__ = "camera_month_tally"

    camera_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    month: Mapped[date] = mapped_column(Date, primary_key=True)
    helped: Mapped[int] = mapped_column(Integer, default=0)
    clarified: Mapped[int] = mapped_column(Integer, default=0)
