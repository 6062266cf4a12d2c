"""A silent store is an alarm when its own traffic at that hour of the week says so.

Synthetic traffic: a store that sells all day on weekdays, busiest on Friday afternoons, and
barely at all on Sunday nights. Times are UTC; Black Friday 2026 is Friday 27 November.
"""

from datetime import UTC, datetime, timedelta

import pytest

from integrations.monitoring import silence
from integrations.monitoring.silence import State

FLOOR = timedelta(minutes=30)
FACTOR = 6.0
BLACK_FRIDAY = datetime(2026, 11, 27, tzinfo=UTC)
SUNDAY_NIGHT = datetime(2026, 11, 29, tzinfo=UTC)  # Sunday 00:00


def deliveries_per_hour(moment: datetime) -> int:
    """The store's deliveries in the hour starting at `moment`, the same every week."""
    day, hour = moment.weekday(), moment.hour
    if day == 6 and 0 <= hour < 7:  # Sunday night: one delivery every other hour
        return 1 if hour % 2 == 0 else 0
    if day == 4 and 13 <= hour < 18:  # Friday afternoon rush
        return 60
    if 8 <= hour < 22:
        return 12
    return 2


def history(until: datetime, weeks: int = 4) -> dict[datetime, int]:
    end = silence.hour_start(until)
    hours = int(timedelta(weeks=weeks) / timedelta(hours=1))
    moments = (end - timedelta(hours=n) for n in range(1, hours + 1))
    return {moment: deliveries_per_hour(moment) for moment in moments}


def judged(last_delivery: datetime, now: datetime, **kwargs):
    since = silence.hour_start(last_delivery) - timedelta(weeks=4)
    week = silence.learn(history(last_delivery), since, last_delivery)
    return silence.assess(week, last_delivery, now, floor=kwargs.get("floor", FLOOR),
                          factor=kwargs.get("factor", FACTOR))


def test_hours_of_the_week_run_from_monday_midnight_to_sunday_night():
    assert silence.hour_of_week(datetime(2026, 11, 23, 0, 30, tzinfo=UTC)) == 0  # Monday
    assert silence.hour_of_week(BLACK_FRIDAY.replace(hour=15)) == 4 * 24 + 15
    assert silence.hour_of_week(SUNDAY_NIGHT.replace(hour=23, minute=59)) == 167


def test_a_quiet_sunday_night_is_not_an_alarm():
    # Last delivery at 01:30; at 05:00 the store has been silent three and a half hours.
    result = judged(SUNDAY_NIGHT.replace(hour=1, minute=30), SUNDAY_NIGHT.replace(hour=5))

    assert result.state is State.LISTENING
    assert result.silent_for == timedelta(hours=3, minutes=30)
    # One at 02:00, 04:00 and 06:00, two from 07:00, twelve an hour from 08:00: the sixth
    # typical delivery comes at 08:05.
    assert result.alert_after == timedelta(hours=6, minutes=35)
    assert result.expected < FACTOR


def test_a_dead_black_friday_afternoon_is_an_alarm():
    last = BLACK_FRIDAY.replace(hour=15, minute=2)

    result = judged(last, BLACK_FRIDAY.replace(hour=15, minute=40))

    assert result.state is State.SILENT
    # Sixty an hour: six deliveries take six minutes, so the floor decides.
    assert result.learned == timedelta(minutes=6)
    assert result.alert_after == FLOOR
    assert result.expected == pytest.approx(38.0)


def test_below_the_floor_a_busy_store_is_not_yet_silent():
    last = BLACK_FRIDAY.replace(hour=15, minute=2)

    assert judged(last, last + timedelta(minutes=29)).state is State.LISTENING
    assert judged(last, last + timedelta(minutes=31)).state is State.SILENT


def test_a_lower_floor_lets_the_learned_threshold_decide():
    last = BLACK_FRIDAY.replace(hour=15)

    result = judged(last, last + timedelta(minutes=10), floor=timedelta(minutes=5))

    assert result.alert_after == timedelta(minutes=6)
    assert result.state is State.SILENT


def test_steady_traffic_alerts_after_factor_times_the_typical_gap():
    # Twelve an hour on a weekday morning: a delivery every five minutes, six of them: 30'.
    last = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday

    result = judged(last, last + timedelta(minutes=20), floor=timedelta(minutes=1))

    assert result.learned == timedelta(minutes=30)
    assert result.state is State.LISTENING


def test_a_silence_from_a_quiet_night_into_a_busy_morning_counts_each_hour_at_its_rate():
    # Last delivery Sunday 23:00 (two an hour); Monday from 08:00 the store sells 12 an hour.
    last = SUNDAY_NIGHT.replace(hour=23)
    now = last + timedelta(hours=9, minutes=30)  # Monday 08:30

    result = judged(last, now)

    assert result.state is State.SILENT
    # 2/h from 23:00 to 03:00 (8 deliveries) already reaches six at 02:00.
    assert result.alert_after == timedelta(hours=3)


def test_one_flash_sale_week_does_not_make_every_later_week_look_dead():
    week = datetime(2026, 11, 2, 10, tzinfo=UTC)  # a Monday, 10:00
    counts = {week + timedelta(weeks=n): c for n, c in enumerate([600, 10, 10, 10])}
    learned = silence.learn(counts, week - timedelta(hours=10), week + timedelta(weeks=4))

    assert learned.rate_at(week) == 10.0


def test_a_store_with_less_than_a_week_of_history_is_still_being_learned():
    now = BLACK_FRIDAY.replace(hour=12)
    since = now - timedelta(days=5)
    week = silence.learn(history(now, weeks=1), since, now)

    result = silence.assess(week, now - timedelta(hours=3), now, floor=FLOOR, factor=FACTOR)

    assert week is None
    assert result.state is State.LEARNING


def test_a_store_that_sells_once_a_week_has_too_little_traffic_to_call_a_silence():
    monday = datetime(2026, 11, 2, 10, tzinfo=UTC)
    counts = {monday + timedelta(weeks=n): 1 for n in range(4)}
    week = silence.learn(counts, monday, monday + timedelta(weeks=4))

    result = silence.assess(week, monday + timedelta(weeks=3), monday + timedelta(weeks=4),
                            floor=FLOOR, factor=FACTOR)

    assert result.state is State.TOO_QUIET
    assert not result.is_silent


def test_a_store_that_never_received_a_webhook_is_not_called_silent():
    result = silence.assess(None, None, BLACK_FRIDAY, floor=FLOOR, factor=FACTOR)

    assert result.state is State.NEVER
    assert not result.is_silent
