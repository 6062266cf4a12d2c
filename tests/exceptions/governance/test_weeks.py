"""ISO weeks: parsed from 2026-W48, Monday to Monday in the viewer's zone, 52 or 53 a year."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from exceptions.governance.weeks import IsoWeek

PARIS = ZoneInfo("Europe/Paris")


def test_a_week_is_read_from_its_iso_name_and_written_back():
    week = IsoWeek.parse("2026-W48")

    assert (week.year, week.week) == (2026, 48)
    assert str(week) == "2026-W48"
    assert week.monday == date(2026, 11, 23)
    assert week.sunday == date(2026, 11, 29)
    assert week.describe() == "Week 48 of 2026: 23 Nov \u2013 29 Nov 2026"


@pytest.mark.parametrize("text", ["2026-48", "2026-W4", "W48", "", "2026-W00", "2026-W54",
                                  "2025-W53"])
def test_anything_but_an_existing_week_is_refused(text):
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


def test_a_year_with_53_weeks_has_a_week_53_that_ends_in_the_next_year():
    week = IsoWeek.parse("2026-W53")

    assert week.sunday == date(2027, 1, 3)
    assert week.next == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).previous == week


def test_the_first_iso_week_can_start_in_the_previous_year():
    assert IsoWeek.containing(date(2024, 12, 30)) == IsoWeek(2025, 1)
    assert IsoWeek(2025, 1).monday == date(2024, 12, 30)


def test_bounds_are_local_midnights_and_a_dst_week_is_an_hour_longer():
    start, end = IsoWeek.parse("2026-W43").bounds(PARIS)  # clocks go back on 25 Oct 2026

    assert start == datetime(2026, 10, 19, tzinfo=PARIS)
    assert start.astimezone(UTC) == datetime(2026, 10, 18, 22, tzinfo=UTC)
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=169)


def test_each_day_runs_from_its_midnight_to_the_next():
    days = IsoWeek.parse("2026-W48").day_bounds(UTC)

    assert [d for d, _, _ in days] == [date(2026, 11, 23) + timedelta(days=n) for n in range(7)]
    assert all(end - start == timedelta(days=1) for _, start, end in days)


def test_the_last_complete_week_is_the_one_before_today_in_that_zone():
    # Sunday 29 Nov 23:30 UTC is already Monday 30 Nov in Paris.
    now = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)

    assert IsoWeek.last_complete(now, UTC) == IsoWeek(2026, 47)
    assert IsoWeek.last_complete(now, PARIS) == IsoWeek(2026, 48)
    assert IsoWeek(2026, 48).has_ended(now, PARIS)
    assert not IsoWeek(2026, 48).has_ended(now, UTC)
