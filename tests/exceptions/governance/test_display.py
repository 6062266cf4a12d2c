"""How the review writes durations, rates, differences and times."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from exceptions.governance.chart import opened_vs_cleared, tick_step
from exceptions.governance.display import (
    duration_delta,
    in_words,
    moment,
    percent,
    rate_delta,
    signed,
)


@pytest.mark.parametrize(("value", "words"), [
    (timedelta(hours=2), "2 hours"),
    (timedelta(days=1, hours=3, minutes=20), "1 day 3 hours"),
    (timedelta(days=1, minutes=5), "1 day"),
    (timedelta(minutes=45), "45 minutes"),
    (timedelta(hours=1, minutes=1), "1 hour 1 minute"),
    (timedelta(seconds=20), "under a minute"),
    (None, "—"),
])
def test_durations_in_words(value, words):
    assert in_words(value) == words


def test_rates_and_differences():
    assert percent(0.8333) == "83%"
    assert percent(None) == "—"
    assert signed(3) == "+3"
    assert signed(-2) == "\u22122"
    assert signed(0) == "0"
    assert rate_delta(0.9, 0.75) == "+15 pts"
    assert duration_delta(timedelta(hours=1), timedelta(hours=3)) == "\u22122 hours"
    assert duration_delta(None, timedelta(hours=3)) == ""


def test_times_are_written_in_the_current_zone_with_the_zone():
    with timezone.override(ZoneInfo("Europe/Paris")):
        assert moment(datetime(2026, 11, 23, 13, 5, tzinfo=UTC)) == "23 Nov 2026, 14:05 CET"


@pytest.mark.parametrize(("largest", "step"), [(1, 1), (5, 1), (6, 2), (10, 2), (11, 5),
                                               (40, 10), (260, 100)])
def test_the_chart_scale_has_at_most_five_steps(largest, step):
    assert tick_step(largest) == step


def test_the_chart_draws_two_bars_a_day_on_one_scale_and_describes_them():
    monday = date(2026, 11, 23)
    daily = [(monday + timedelta(days=n), n, 6 - n) for n in range(7)]

    chart = opened_vs_cleared(daily, "Tickets")

    assert len(chart.columns) == 7
    opened_sunday, cleared_sunday = chart.columns[6].bars
    assert (opened_sunday.value, cleared_sunday.value) == (6, 0)
    assert cleared_sunday.height == 0
    assert opened_sunday.y + opened_sunday.height == chart.baseline
    assert chart.columns[0].bars[1].height == opened_sunday.height  # 6 on both
    assert [t.value for t in chart.ticks] == [0, 2, 4, 6]
    assert chart.description.startswith("Monday 23 Nov: 0 opened, 6 cleared; Tuesday 24 Nov")
