"""Lag percentiles agree with PostgreSQL's percentile_cont; figures are said in words."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from integrations.monitoring.lag import percentile, summary
from integrations.monitoring.wording import ago, in_words, percent, stamp


def seconds(*values):
    return [timedelta(seconds=v) for v in values]


def test_percentiles_interpolate_between_the_closest_ranks():
    lags = seconds(40, 10, 30, 20)  # order does not matter

    assert percentile(lags, 0.5) == timedelta(seconds=25)
    assert percentile(lags, 0.95) == timedelta(seconds=38.5)
    assert percentile(lags, 0.0) == timedelta(seconds=10)
    assert percentile(lags, 1.0) == timedelta(seconds=40)


def test_one_lag_is_every_percentile_and_none_is_no_percentile():
    assert summary(seconds(7)) == {"p50": timedelta(seconds=7), "p95": timedelta(seconds=7)}
    assert summary([]) == {"p50": None, "p95": None}


def test_a_fraction_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError, match="between 0 and 1"):
        percentile(seconds(1), 95)


@pytest.mark.parametrize(("duration", "words"), [
    (timedelta(0), "under a second"),
    (timedelta(seconds=45), "45 seconds"),
    (timedelta(minutes=1), "1 minute"),
    (timedelta(hours=2), "2 hours"),
    (timedelta(hours=2, minutes=5, seconds=9), "2 hours 5 minutes"),
    (timedelta(days=1, seconds=30), "1 day"),
    (timedelta(days=3, hours=1), "3 days 1 hour"),
    (None, "—"),
])
def test_durations_are_said_in_words(duration, words):
    assert in_words(duration) == words


def test_rates_are_percentages():
    assert percent(1, 8) == "12.5%"
    assert percent(3, 3) == "100%"
    assert percent(0, 5) == "0%"
    assert percent(2, 3, digits=0) == "67%"
    assert percent(1, 0) == "—"


def test_timestamps_are_in_the_readers_time_zone_with_the_zone_named():
    moment = datetime(2026, 11, 27, 15, 30, tzinfo=UTC)

    assert stamp(moment).endswith(" UTC")
    with timezone.override("America/New_York"):
        assert stamp(moment) == "Nov. 27, 2026, 10:30 a.m. EST"
    assert ago(moment - timedelta(hours=2, minutes=10), moment) == "2 hours ago"
    assert ago(None, moment) == "never"
