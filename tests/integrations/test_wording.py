"""How the control panel's pages write durations, times and amounts."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from integrations.wording import duration_in_words, local_time, money


@pytest.mark.parametrize(("value", "words"), [
    (None, "—"),
    (250, "under a second"),
    (1_000, "1.0 seconds"),
    (4_240, "4.2 seconds"),
    (10_000, "10 seconds"),
    (61_000, "1 minute 1 second"),
    (200_000, "3 minutes 20 seconds"),
    (7_200_000, "2 hours"),
    (timedelta(hours=2, minutes=5, seconds=9), "2 hours 5 minutes"),
    (timedelta(days=1, hours=3), "1 day 3 hours"),
    (timedelta(days=3, minutes=4), "3 days"),
])
def test_durations_read_as_words(value, words):
    assert duration_in_words(value) == words


def test_seconds_can_be_given_as_seconds():
    assert duration_in_words(90, unit_ms=False) == "1 minute 30 seconds"


def test_times_are_shown_in_the_active_zone_with_its_name():
    moment = datetime(2026, 11, 23, 15, 0, 5, tzinfo=UTC)

    with timezone.override("America/New_York"):
        assert local_time(moment) == "23 Nov 2026, 10:00:05 EST"
    with timezone.override("Europe/Paris"):
        assert local_time(moment) == "23 Nov 2026, 16:00:05 CET"
    assert local_time(None) == "—"


@pytest.mark.parametrize(("amount", "currency", "shown"), [
    (Decimal("109.50"), "USD", "109.50 USD"),
    ("1234.5", "EUR", "1,234.50 EUR"),
    (Decimal("598.9400"), "USD", "598.94 USD"),
    (Decimal("1500.0000"), "JPY", "1,500 JPY"),
    (Decimal("12.3456"), "USD", "12.3456 USD"),
    ("1.250", "KWD", "1.250 KWD"),
    (None, "USD", "—"),
])
def test_amounts_carry_their_currency(amount, currency, shown):
    assert money(amount, currency) == shown
