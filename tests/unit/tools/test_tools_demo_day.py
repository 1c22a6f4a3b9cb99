"""The demo day with the in-process stand-in devices (no ptys): same driver, same checks."""

from __future__ import annotations

from datetime import date

from pos.journal import verify_journal
from pos.tools.demo_day import run_demo_day


def test_a_short_day_with_stand_in_devices_is_intact_and_closed_by_z(tmp_dir):
    path = tmp_dir / "day.sqlite"
    summary = run_demo_day(path, sales=12, day=date(2024, 5, 3), seed=2, devices="stand-in")
    assert summary.z_report is not None and summary.z_report.number == 1
    assert summary.training_sales == 3
    assert summary.z_report.sales.num == summary.sales
    assert verify_journal(path).ok
